"""Enterprise sign-in through an OpenID Connect provider the tests start (tests/_fixtures/oidc_provider.py),
against a real ``phigate serve``, driven with httpx following redirects as a browser does: the session's token
carries the provider's ``amr`` and ``auth_time`` and a mapped ``acr``; every tampered answer, replayed state,
foreign browser, unknown or disabled person is refused with one answer; a role that reads PHI needs the
provider's second factor or phigate's own."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests._fixtures.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, Tamper, TestProvider, running_provider
from tests._fixtures.people import add_user, claims, cli, enrol_totp, new_email, upload
from tests._fixtures.server import IntakeServer, start_server, stop_server
from tests._fixtures.services import create_pg_database, drop_pg_database, free_port
from tests._fixtures.tenants import register

REFUSED = {"error": {"code": "unauthenticated",
                     "message": "the sign-in at the identity provider could not be completed; start again"}}


@pytest.fixture(scope="module")
def idp() -> Iterator[TestProvider]:
    yield from running_provider()


@pytest.fixture(scope="module")
def srv(idp: TestProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    common = {"issuer": idp.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    providers = {
        "corp": {**common, "tenants": ["t1"], "acr_values": ["urn:example:acr:mfa"]},
        # the secret from an environment variable; people created at first sign-in, their role from a claim
        "jit": {"issuer": idp.issuer, "client_id": CLIENT_ID, "client_secret_env": "TEST_IDP_SECRET",
                "tenants": ["t2"], "role_claim": "groups", "jit_provisioning": True,
                "role_map": {"phigate-auditors": "auditor", "phigate-clinicians": "clinician"}},
    }
    providers["down"] = {**common, "issuer": f"http://127.0.0.1:{free_port()}", "tenants": ["t1"]}  # nobody there
    # its discovery document names another issuer (without the trailing slash): not this provider's
    providers["imposter"] = {**common, "issuer": f"{idp.issuer}/", "tenants": ["t1"]}
    env = {"PHIGATE_OIDC__PROVIDERS": json.dumps(providers), "TEST_IDP_SECRET": CLIENT_SECRET,
           "PHIGATE_PEOPLE__LOGIN_FAILURES_PER_SOURCE": "100000/minute",
           "PHIGATE_EDGE__ANONYMOUS_REQUESTS_PER_SOURCE": "100000/minute", "PHIGATE_OIDC__JWKS_REFETCH_SECONDS": "0"}
    server = start_server(tmp_path_factory.mktemp("oidc") / "data", env)
    try:
        yield server
    finally:
        stop_server(server.proc)


def sign_in(srv: IntakeServer, provider: str = "corp") -> httpx.Response:
    """The whole browser round trip: phigate -> provider -> phigate's callback, cookies kept."""
    with srv.client(follow_redirects=True) as browser:
        return browser.get(f"/v1/oidc/{provider}/login")


def person(srv: IntakeServer, idp: TestProvider, role: str, **kw: Any) -> tuple[dict[str, Any], Person]:
    email = new_email(role[:4])
    row = add_user(srv, email, role, password=None)
    return row, idp.sign_in_as(Person(email, **kw))


def test_a_person_signs_in_and_the_token_carries_the_providers_authentication(
        srv: IntakeServer, idp: TestProvider) -> None:
    row, who = person(srv, idp, "clinician", amr=["pwd", "hwk"], auth_age=120)
    r = sign_in(srv)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    c = claims(r.json()["access_token"])
    assert c["sub"] == row["user_id"] and c["tenant"] == "t1"
    assert c["amr"] == ["pwd", "hwk"] and c["acr"] == "urn:phigate:acr:mfa"
    assert abs(c["auth_time"] - (time.time() - 120)) < 30  # when the provider authenticated them, not now
    assert upload(srv, r.json()["access_token"]).status_code == 201
    asked = idp.authorize_requests[-1]  # the provider was asked with PKCE, a nonce and the configured acr
    assert asked["code_challenge_method"] == "S256" and len(asked["nonce"]) >= 32
    assert asked["acr_values"] == "urn:example:acr:mfa" and "code_verifier" not in asked
    assert asked["redirect_uri"] == f"{srv.base_url}/v1/oidc/corp/callback"
    # the refresh token works like a password sign-in's
    with srv.client() as cl:
        again = cl.post("/v1/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
    assert again.status_code == 200 and claims(again.json()["access_token"])["amr"] == ["pwd", "hwk"]
    assert who.email not in srv.log.read_text()


def test_the_providers_mfa_acr_counts_as_a_second_factor_and_one_factor_maps_to_pwd(
        srv: IntakeServer, idp: TestProvider) -> None:
    person(srv, idp, "auditor", amr=["pwd"])
    c = claims(sign_in(srv).json()["access_token"])
    assert c["acr"] == "urn:phigate:acr:pwd" and c["amr"] == ["pwd"]


def last_failure(srv: IntakeServer) -> str:
    """The detail of the newest failed ``auth.login`` event (read by phigate's administrator)."""
    with srv.client() as cl:
        r = cl.get("/v1/audit/events", params={"actor": "anonymous", "limit": 1000},
                   headers=srv.auth(srv.token_for(srv.admin_id, srv.admin_secret)))
    assert r.status_code == 200, r.text
    failed = [e for e in r.json()["events"] if "op=auth.login" in e["detail"] and e["outcome"] == "failure"]
    return str(failed[-1]["detail"])


@pytest.mark.parametrize(("tamper", "reason"), [
    (Tamper(nonce="another-nonce"), "nonce"), (Tamper(exp_offset=-3600), "expired"),
    (Tamper(audience="another-client"), "claim_aud"), (Tamper(unknown_kid=True), "unknown_key"),
    (Tamper(bad_signature=True), "signature"), (Tamper(alg_none=True), "algorithm")],
    ids=["wrong-nonce", "expired", "wrong-audience", "unknown-kid", "bad-signature", "alg-none"])
def test_a_tampered_id_token_is_refused(srv: IntakeServer, idp: TestProvider, tamper: Tamper, reason: str) -> None:
    _, who = person(srv, idp, "auditor")
    idp.sign_in_as(who, tamper)
    r = sign_in(srv)
    assert r.status_code == 401 and r.json() == REFUSED
    detail = last_failure(srv)
    assert f"reason={reason}" in detail and "method=oidc" in detail and "provider=corp" in detail


def test_a_provider_rotating_its_keys_is_followed(srv: IntakeServer, idp: TestProvider) -> None:
    _, who = person(srv, idp, "auditor")
    assert sign_in(srv).status_code == 200  # the keys are cached now
    idp.rotate_keys()
    assert sign_in(srv).status_code == 200, "a token under the new key id fetches the keys again"
    idp.sign_in_as(who, Tamper(bad_signature=True))  # the new key id, signed by another key
    assert sign_in(srv).json() == REFUSED


def test_a_state_works_once_and_only_in_the_browser_that_started_it(srv: IntakeServer, idp: TestProvider) -> None:
    person(srv, idp, "auditor")
    with srv.client() as browser:
        start = browser.get("/v1/oidc/corp/login")
        assert start.status_code == 302 and "phigate_oidc" in start.headers["set-cookie"]
        assert "HttpOnly" in start.headers["set-cookie"] and "Secure" in start.headers["set-cookie"]
        callback = httpx.get(start.headers["location"]).headers["location"]
        path = callback.removeprefix(srv.base_url)
        with srv.client() as other:  # another browser with the same URL: no cookie, refused
            assert other.get(path).json() == REFUSED
        assert browser.get(path).status_code == 200
        replay = browser.get(path)  # the same state again
    assert replay.status_code == 401 and replay.json() == REFUSED
    assert "reason=state" in last_failure(srv)


def test_an_error_from_the_provider_unknown_providers_and_a_provider_that_is_down(srv: IntakeServer) -> None:
    with srv.client() as browser:
        assert browser.get("/v1/oidc/corp/callback", params={"error": "access_denied"}).json() == REFUSED
        assert browser.get("/v1/oidc/nope/login").status_code == 404
        assert browser.get("/v1/oidc/NOT..valid/login").status_code == 422
        down = browser.get("/v1/oidc/down/login")
        imposter = browser.get("/v1/oidc/imposter/login")
    assert down.status_code == imposter.status_code == 503 and down.json()["error"]["code"] == "unavailable"
    assert "127.0.0.1" not in down.text and "discovery document" in imposter.text


def test_failed_sign_ins_are_throttled_per_address_like_password_sign_in(
        idp: TestProvider, tmp_path_factory: pytest.TempPathFactory) -> None:
    providers = {"corp": {"issuer": idp.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                          "tenants": ["t1"]}}
    server = start_server(tmp_path_factory.mktemp("oidc-throttle") / "data", {
        "PHIGATE_OIDC__PROVIDERS": json.dumps(providers), "PHIGATE_PEOPLE__LOGIN_FAILURES_PER_SOURCE": "3/minute"})
    try:
        person(server, idp, "auditor")
        with server.client() as browser:
            answers = [browser.get("/v1/oidc/corp/callback", params={"code": "x", "state": "made-up"})
                       for _ in range(4)]
        assert [a.status_code for a in answers] == [401, 401, 401, 429]
        assert int(answers[-1].headers["retry-after"]) >= 1
        assert sign_in(server).status_code == 429  # even a good sign-in waits
    finally:
        stop_server(server.proc)


def test_unknown_and_disabled_people_get_the_answer_of_a_bad_token(srv: IntakeServer, idp: TestProvider) -> None:
    idp.sign_in_as(Person(new_email("ghost")))
    unknown = sign_in(srv)
    row, _ = person(srv, idp, "auditor")
    cli(srv, "users", "disable", row["user_id"])
    disabled = sign_in(srv)
    _, who = person(srv, idp, "auditor")
    idp.sign_in_as(who, Tamper(nonce="x"))
    tampered = sign_in(srv)
    assert unknown.status_code == disabled.status_code == tampered.status_code == 401
    assert unknown.json() == disabled.json() == tampered.json() == REFUSED


def test_a_person_of_another_tenant_is_refused(srv: IntakeServer, idp: TestProvider) -> None:
    email = new_email("t2")
    add_user(srv, email, "auditor", tenant="t2", password=None)
    idp.sign_in_as(Person(email))
    assert sign_in(srv).json() == REFUSED  # corp serves t1 only


def test_a_phi_role_without_the_providers_second_factor_is_refused(srv: IntakeServer, idp: TestProvider) -> None:
    person(srv, idp, "clinician", amr=["pwd"])
    r = sign_in(srv)
    assert r.status_code == 403 and r.json()["error"]["code"] == "mfa_enrolment_required"


def test_a_phi_role_without_the_providers_second_factor_adds_phigates_totp(
        srv: IntakeServer, idp: TestProvider) -> None:
    email = new_email("clin")
    add_user(srv, email, "clinician")  # with a password, to enrol TOTP
    totp = enrol_totp(srv, email)
    idp.sign_in_as(Person(email, amr=["pwd"]))
    with srv.client(follow_redirects=True) as browser:
        step = browser.get("/v1/oidc/corp/login")
        assert step.status_code == 202, step.text
        body = {"pending_token": step.json()["pending_token"], "totp_code": totp.at(time.time() + 30)}
        with srv.client() as other:  # the step belongs to the browser that signed in, and is used up
            assert other.post("/v1/oidc/corp/second-factor", json=body).status_code == 401
        assert browser.post("/v1/oidc/corp/second-factor", json=body).status_code == 401
        step = browser.get("/v1/oidc/corp/login")
        wrong = browser.post("/v1/oidc/corp/second-factor",
                             json={"pending_token": step.json()["pending_token"], "totp_code": "000000"})
        assert wrong.status_code == 401
        step = browser.get("/v1/oidc/corp/login")
        body["pending_token"] = step.json()["pending_token"]
        r = browser.post("/v1/oidc/corp/second-factor", json=body)
    assert r.status_code == 200, r.text
    c = claims(r.json()["access_token"])
    assert c["amr"] == ["pwd", "otp"] and c["acr"] == "urn:phigate:acr:mfa"


def test_just_in_time_provisioning_creates_the_person_with_the_mapped_role(
        srv: IntakeServer, idp: TestProvider) -> None:
    email = new_email("jit")
    idp.sign_in_as(Person(email, extra={"groups": ["staff", "phigate-auditors"]}))
    register(srv.data_dir, "t2", srv.env)
    r = sign_in(srv, "jit")
    assert r.status_code == 200, r.text
    c = claims(r.json()["access_token"])
    assert c["tenant"] == "t2" and c["scope"] == "audit:read"
    assert sign_in(srv, "jit").status_code == 200  # the second time, the person exists
    idp.sign_in_as(Person(new_email("jit"), extra={"groups": ["staff"]}))  # no mapped role: nobody is created
    assert sign_in(srv, "jit").json() == REFUSED
    with srv.client() as cl:
        events = cl.get("/v1/audit/events", params={"resource": c["sub"]},
                        headers=srv.auth(r.json()["access_token"]))
    assert events.status_code == 200, events.text
    assert "op=user.create" in events.text and "method=oidc" in events.text and email not in events.text


def test_sign_ins_are_audited_with_method_and_outcome(srv: IntakeServer, idp: TestProvider) -> None:
    row, who = person(srv, idp, "auditor")
    idp.sign_in_as(who, Tamper(audience="x"))
    sign_in(srv)
    idp.sign_in_as(who)
    token = sign_in(srv).json()["access_token"]
    with srv.client() as cl:
        r = cl.get("/v1/audit/events", params={"resource": row["user_id"]}, headers=srv.auth(token))
    assert r.status_code == 200, r.text
    success = [e for e in r.json()["events"] if "op=auth.login" in e["detail"] and e["outcome"] == "success"]
    assert success and "method=oidc" in success[-1]["detail"] and "provider=corp" in success[-1]["detail"]
    assert urllib.parse.quote(who.email) not in r.text and who.email not in r.text


def _terminal_login(srv: IntakeServer, config_home: Path, totp_code: str | None = None) -> tuple[int, str]:
    """``phigate login --oidc corp --no-browser`` in a subprocess; a browser (httpx) follows the URL it prints."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(config_home)}
    proc = subprocess.Popen([sys.executable, "-m", "phigate", "login", "--oidc", "corp", "--url", srv.base_url,
                             "--cacert", str(srv.cert), "--no-browser", "--json"], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "Sign in in your browser: " in line, line
        start = line.split(": ", 1)[1].strip()
        with srv.client(follow_redirects=True) as browser:
            landed = browser.get(start)
        assert landed.status_code == 200 and landed.url.host == "127.0.0.1", landed.text
        out, _ = proc.communicate(input=f"{totp_code}\n" if totp_code else "", timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out


def test_phigate_login_signs_in_through_the_provider_with_a_loopback_redirect(
        srv: IntakeServer, idp: TestProvider, tmp_path: Path) -> None:
    row, _ = person(srv, idp, "clinician", amr=["pwd", "mfa"])
    rc, out = _terminal_login(srv, tmp_path)
    assert rc == 0, out
    saved = json.loads((tmp_path / "phigate" / "token").read_text())
    assert ((tmp_path / "phigate" / "token").stat().st_mode & 0o777) == 0o600
    c = claims(saved["access_token"])
    assert c["sub"] == row["user_id"] and c["amr"] == ["pwd", "mfa"] and c["acr"] == "urn:phigate:acr:mfa"
    assert json.loads(out)["token_file"] == str(tmp_path / "phigate" / "token")


def test_phigate_login_through_the_provider_asks_for_phigates_totp_when_needed(
        srv: IntakeServer, idp: TestProvider, tmp_path: Path) -> None:
    email = new_email("clin")
    add_user(srv, email, "clinician")
    totp = enrol_totp(srv, email)
    idp.sign_in_as(Person(email, amr=["pwd"]))
    rc, out = _terminal_login(srv, tmp_path, totp.at(time.time() + 30))
    assert rc == 0, out
    c = claims(json.loads((tmp_path / "phigate" / "token").read_text())["access_token"])
    assert c["amr"] == ["pwd", "otp"] and c["acr"] == "urn:phigate:acr:mfa"


def test_a_terminal_sign_in_is_collected_only_with_its_verifier(srv: IntakeServer, idp: TestProvider) -> None:
    person(srv, idp, "auditor")
    verifier = "v" * 43
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {"cli_redirect": "http://127.0.0.1:9/callback", "cli_challenge": challenge}
    with srv.client() as browser:
        url = browser.get("/v1/oidc/corp/login", params=params).headers["location"]
        callback = httpx.get(url).headers["location"].removeprefix(srv.base_url)
        handed = browser.get(callback)
        assert handed.status_code == 302 and handed.headers["location"].startswith("http://127.0.0.1:9/callback?code=")
        code = urllib.parse.parse_qs(urllib.parse.urlsplit(handed.headers["location"]).query)["code"][0]
        wrong = browser.post("/v1/oidc/corp/handoff", json={"code": code, "code_verifier": "w" * 43})
        assert wrong.status_code == 401 and wrong.json() == REFUSED  # and the code is used up
        again = browser.post("/v1/oidc/corp/handoff", json={"code": code, "code_verifier": verifier})
        assert again.status_code == 401
        for bad in ({**params, "cli_redirect": "http://evil.example:80/callback"}, {**params, "cli_challenge": "x"}):
            assert browser.get("/v1/oidc/corp/login", params=bad).status_code == 400


@pytest.mark.postgres
def test_oidc_sign_in_on_postgresql(idp: TestProvider, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The sign-ins in flight, the second-factor step and JIT provisioning on PostgreSQL."""
    name, url = create_pg_database("phigate_oidc")
    providers = {"corp": {"issuer": idp.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                          "tenants": ["t1"], "role_claim": "groups", "jit_provisioning": True,
                          "role_map": {"phigate-auditors": "auditor", "phigate-clinicians": "clinician"}}}
    server = start_server(tmp_path_factory.mktemp("oidc-pg") / "data", {
        "PHIGATE_DATABASE__URL": url, "PHIGATE_OIDC__PROVIDERS": json.dumps(providers)})
    try:
        register(server.data_dir, "t1", server.env)
        idp.sign_in_as(Person(new_email("jit"), amr=["pwd", "otp"], extra={"groups": ["phigate-clinicians"]}))
        with server.client(follow_redirects=True) as browser:
            first = browser.get("/v1/oidc/corp/login")
            assert first.status_code == 200, first.text
            assert claims(first.json()["access_token"])["amr"] == ["pwd", "otp"]
        email = new_email("clin")
        add_user(server, email, "clinician")
        totp = enrol_totp(server, email)
        idp.sign_in_as(Person(email, amr=["pwd"], extra={"groups": ["phigate-clinicians"]}))
        with server.client(follow_redirects=True) as browser:
            step = browser.get("/v1/oidc/corp/login")
            assert step.status_code == 202, step.text
            body = {"pending_token": step.json()["pending_token"], "totp_code": totp.at(time.time() + 30)}
            assert browser.post("/v1/oidc/corp/second-factor", json=body).status_code == 200
            assert browser.post("/v1/oidc/corp/second-factor", json=body).status_code == 401
    finally:
        stop_server(server.proc)
        drop_pg_database(name)

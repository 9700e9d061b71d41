"""People signing in through a real ``phigate serve``: enrolment, TOTP enrolment, login with ``acr``/``amr``/
``auth_time``, refresh with rotation, logout, session limits, lockout with back-off, and one answer for unknown
users and wrong passwords. Every step is audited by ids only."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tests._fixtures.people import (
    ORIGIN,
    PASSWORD,
    RP_ID,
    add_user,
    claims,
    cli,
    clinician,
    enrol_totp,
    login,
    new_email,
    outbox,
    post,
    upload,
)
from tests._fixtures.server import IntakeServer, own_server
from tests._fixtures.webauthn import SoftAuthenticator

people_server = own_server("people", {
    "PHIGATE_PEOPLE__LOGIN_FAILURES_PER_USER": "3/minute;6/hour",
    "PHIGATE_PEOPLE__LOGIN_FAILURES_PER_SOURCE": "100000/minute",
    "PHIGATE_EDGE__ANONYMOUS_REQUESTS_PER_SOURCE": "100000/minute",
    "PHIGATE_PEOPLE__WEBAUTHN_RP_ID": RP_ID,
    "PHIGATE_PEOPLE__WEBAUTHN_ORIGINS": json.dumps([ORIGIN]),
})


def test_enrolment_secret_sets_the_first_password_once(people_server: IntakeServer) -> None:
    email = new_email()
    row = add_user(people_server, email, "reviewer", password=None)
    body = {"email": email, "enrolment_secret": row["enrolment_secret"], "password": PASSWORD}
    r = post(people_server, "/v1/auth/enrol", body)
    assert r.status_code == 200, r.text
    assert r.json() == {"user_id": row["user_id"], "second_factor_required": True}
    again = post(people_server, "/v1/auth/enrol", body)
    assert again.status_code == 401 and again.json()["error"]["code"] == "unauthenticated"
    short = post(people_server, "/v1/auth/enrol", {**body, "password": "short"})
    assert short.status_code == 400


def test_a_phi_role_gets_no_token_until_totp_is_enrolled_and_verified(people_server: IntakeServer) -> None:
    email = new_email("clin")
    add_user(people_server, email, "clinician")
    r = post(people_server, "/v1/auth/login", {"email": email, "password": PASSWORD})
    assert r.status_code == 403 and r.json()["error"]["code"] == "mfa_enrolment_required"
    started = post(people_server, "/v1/auth/totp", {"email": email, "password": PASSWORD})
    assert started.status_code == 201
    # an unverified factor does not count yet
    r = post(people_server, "/v1/auth/login", {"email": email, "password": PASSWORD, "totp_code": "000000"})
    assert r.status_code == 403
    wrong = post(people_server, "/v1/auth/totp/verify", {"email": email, "password": PASSWORD, "code": "12345x"})
    assert wrong.status_code == 401
    totp = enrol_totp(people_server, email)  # a second start replaces the unverified secret
    assert post(people_server, "/v1/auth/totp", {"email": email, "password": PASSWORD}).status_code == 409
    r = post(people_server, "/v1/auth/login", {"email": email, "password": PASSWORD})
    assert r.status_code == 401  # a verified factor is required from now on
    session = login(people_server, email, totp)
    c = claims(session["access_token"])
    assert c["amr"] == ["pwd", "otp"] and c["acr"] == "urn:phigate:acr:mfa"
    assert abs(c["auth_time"] - time.time()) < 300 and c["sid"].startswith("ses_") and c["tenant"] == "t1"
    assert c["exp"] - c["iat"] <= 900 and session["session_expires_at"] - c["auth_time"] <= 8 * 3600
    assert upload(people_server, session["access_token"]).status_code == 201


def test_a_totp_code_is_accepted_once(people_server: IntakeServer) -> None:
    email = new_email("clin")
    add_user(people_server, email, "clinician")
    totp = enrol_totp(people_server, email)
    code = totp.at(time.time() + 30)
    body = {"email": email, "password": PASSWORD, "totp_code": code}
    assert post(people_server, "/v1/auth/login", body).status_code == 200
    assert post(people_server, "/v1/auth/login", body).status_code == 401


def test_a_role_without_phi_signs_in_with_a_password_and_reads_the_audit_trail(people_server: IntakeServer) -> None:
    email = new_email("aud")
    row = add_user(people_server, email, "auditor")
    session = login(people_server, email)
    c = claims(session["access_token"])
    assert c["amr"] == ["pwd"] and c["acr"] == "urn:phigate:acr:pwd" and c["sub"] == row["user_id"]
    assert upload(people_server, session["access_token"]).status_code == 403  # an auditor uploads nothing
    with people_server.client() as cl:
        r = cl.get("/v1/audit/events", params={"resource": row["user_id"]},
                   headers=people_server.auth(session["access_token"]))
    assert r.status_code == 200, r.text
    assert "op=auth.login" in r.text and email not in r.text


def test_unknown_users_and_wrong_passwords_get_the_same_answer(people_server: IntakeServer) -> None:
    email = new_email()
    add_user(people_server, email, "auditor")
    wrong = post(people_server, "/v1/auth/login", {"email": email, "password": "not the password at all"})
    unknown = post(people_server, "/v1/auth/login", {"email": new_email(), "password": "not the password at all"})
    malformed = post(people_server, "/v1/auth/login", {"email": "\u0430dmin@example.org", "password": "x" * 20})
    assert wrong.status_code == unknown.status_code == malformed.status_code == 401
    assert wrong.json() == unknown.json() == malformed.json()
    assert email not in wrong.text


def test_repeated_failures_lock_the_email_out_with_retry_after(people_server: IntakeServer) -> None:
    for email in (new_email(), new_email("ghost")):  # an account, and an address without one: the same behaviour
        if not email.startswith("ghost"):
            add_user(people_server, email, "auditor")
        answers = [post(people_server, "/v1/auth/login", {"email": email, "password": "wrong password here"})
                   for _ in range(4)]
        assert [a.status_code for a in answers] == [401, 401, 401, 429]
        assert int(answers[-1].headers["retry-after"]) >= 1
        # locked: even the right password is refused until the window frees a slot
        right = post(people_server, "/v1/auth/login", {"email": email, "password": PASSWORD})
        assert right.status_code == 429
    log = people_server.log.read_text()
    assert "example.org" not in log


def test_refresh_rotates_the_refresh_token(people_server: IntakeServer) -> None:
    email = new_email("aud")
    add_user(people_server, email, "auditor")
    first = login(people_server, email)
    r = post(people_server, "/v1/auth/refresh", {"refresh_token": first["refresh_token"]})
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert claims(second["access_token"])["sid"] == claims(first["access_token"])["sid"]
    assert claims(second["access_token"])["auth_time"] == claims(first["access_token"])["auth_time"]
    replay = post(people_server, "/v1/auth/refresh", {"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401


def test_logout_ends_the_session_at_once(people_server: IntakeServer) -> None:
    _, session = clinician(people_server)
    assert post(people_server, "/v1/auth/logout", token=session["access_token"]).status_code == 204
    assert upload(people_server, session["access_token"]).status_code == 401
    assert post(people_server, "/v1/auth/refresh", {"refresh_token": session["refresh_token"]}).status_code == 401
    # a service account's token is not a session
    service = people_server.token("t1", ("uploads:create",))
    assert post(people_server, "/v1/auth/logout", token=service).status_code == 401


@pytest.mark.parametrize("change", [("users", "set-role", "{email}", "--role", "reviewer"),
                                    ("users", "disable", "{email}")])
def test_a_privilege_change_ends_every_session(people_server: IntakeServer, change: tuple[str, ...]) -> None:
    email, session = clinician(people_server)
    assert upload(people_server, session["access_token"]).status_code == 201
    cli(people_server, *(a.format(email=email) for a in change))
    assert upload(people_server, session["access_token"]).status_code == 401
    assert post(people_server, "/v1/auth/refresh", {"refresh_token": session["refresh_token"]}).status_code == 401


@pytest.mark.parametrize("expire", ["last_seen_at = last_seen_at - 901", "expires_at = 1"])
def test_idle_and_absolute_limits_end_a_session(people_server: IntakeServer, expire: str) -> None:
    email = new_email("aud")
    add_user(people_server, email, "auditor")
    session = login(people_server, email)
    sid = claims(session["access_token"])["sid"]
    with sqlite3.connect(people_server.data_dir / "phigate.db") as db:  # the clock moves on: 15 min idle, or 8 h
        db.execute(f"update user_sessions set {expire} where id = ?", (sid,))
    with people_server.client() as c:
        r = c.get("/v1/audit/events", headers=people_server.auth(session["access_token"]))
    assert r.status_code == 401
    assert post(people_server, "/v1/auth/refresh", {"refresh_token": session["refresh_token"]}).status_code == 401


def test_sign_in_steps_are_audited_by_ids_only(people_server: IntakeServer) -> None:
    email = new_email("aud")
    row = add_user(people_server, email, "auditor")
    post(people_server, "/v1/auth/login", {"email": email, "password": "wrong password here"})
    session = login(people_server, email)
    session = post(people_server, "/v1/auth/refresh", {"refresh_token": session["refresh_token"]}).json()
    token = session["access_token"]
    with people_server.client() as c:
        r = c.get("/v1/audit/events", params={"resource": row["user_id"]}, headers=people_server.auth(token))
    assert post(people_server, "/v1/auth/logout", token=token).status_code == 204
    assert r.status_code == 200, r.text
    text = r.text
    for op in ("op=user.create", "op=auth.login", "op=auth.refresh"):
        assert op in text, op
    assert '"failure"' in text and email not in text
    from phigate.cli import app

    out = CliRunner().invoke(app, ["audit", "export", "--data-dir", str(people_server.data_dir)],
                             env=people_server.env).stdout
    mine = [json.loads(line) for line in out.splitlines() if row["user_id"] in line]
    assert any("op=auth.logout" in e["detail"] for e in mine)
    assert all(e["actor_kind"] == "user" for e in mine if "op=auth." in e["detail"])
    assert "example.org" not in out


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b'["a", "list"]', 422),
    (json.dumps({"email": 123, "password": PASSWORD}).encode(), 422),
    (json.dumps({"email": "a@example.org", "password": "x" * 1000}).encode(), 422),
    (json.dumps({"email": "a@example.org", "password": "x" * 100_000}).encode(), 413),
    (json.dumps({"email": "a@example.org" * 100, "password": PASSWORD}).encode(), 422),
    (json.dumps({"email": "a@example.org", "password": PASSWORD, "totp_code": "1" * 100}).encode(), 422),
    (json.dumps({"email": "a@example.org", "password": PASSWORD, "role": "admin"}).encode(), 422),
    (json.dumps({"email": "a@example.org", "password": PASSWORD, "totp_code": 123456}).encode(), 422),
])
def test_hostile_bodies_are_refused_without_echoing_them(people_server: IntakeServer, body: bytes,
                                                         status: int) -> None:
    for path in ("/v1/auth/login", "/v1/auth/totp", "/v1/auth/refresh", "/v1/auth/enrol", "/v1/auth/password-reset",
                 "/v1/auth/password-reset/confirm"):
        with people_server.client() as c:
            r = c.post(path, content=body, headers={"content-type": "application/json"})
        assert r.status_code in (status, 422), (path, r.text)
        assert "error" in r.json() and PASSWORD not in r.text and "xxxxxxxx" not in r.text


def _cli_login(srv: IntakeServer, config: Any, answers: str) -> Any:
    from phigate.cli import app

    return CliRunner().invoke(app, ["login", "--url", srv.base_url, "--cacert", str(srv.cert), "--json"],
                              input=answers, env={"XDG_CONFIG_HOME": str(config)})


def test_phigate_login_keeps_the_token_in_a_private_file_of_the_config_dir(people_server: IntakeServer,
                                                                           tmp_path: Any) -> None:
    import stat

    email = new_email("clin")
    add_user(people_server, email, "clinician")
    totp = enrol_totp(people_server, email)
    res = _cli_login(people_server, tmp_path, f"{email}\n{PASSWORD}\n{totp.at(time.time() + 30)}\n")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    path = tmp_path / "phigate" / "token"
    assert out["token_file"] == str(path) and out["expires_in"] <= 900
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    stored = json.loads(path.read_text())
    assert claims(stored["access_token"])["amr"] == ["pwd", "otp"]
    assert upload(people_server, stored["access_token"]).status_code == 201
    assert PASSWORD not in path.read_text() and PASSWORD not in res.stdout
    assert not list(people_server.data_dir.rglob("token"))  # never in the data directory


def test_phigate_login_with_a_wrong_password_fails_and_writes_nothing(people_server: IntakeServer,
                                                                      tmp_path: Any) -> None:
    from phigate.errors import Unauthenticated

    email = new_email("aud")
    add_user(people_server, email, "auditor")
    res = _cli_login(people_server, tmp_path, f"{email}\nnot the right password\n\n")
    assert isinstance(res.exception, Unauthenticated)
    assert not (tmp_path / "phigate" / "token").exists()


def test_a_persons_signed_upload_url_works_until_they_are_disabled(people_server: IntakeServer) -> None:
    email, session = clinician(people_server)
    tickets = [upload(people_server, session["access_token"]).json() for _ in range(2)]
    with people_server.client() as c:
        assert c.put(tickets[0]["put_url"], content=b"hello").status_code == 201
        cli(people_server, "users", "disable", email)
        assert c.put(tickets[1]["put_url"], content=b"hello").status_code == 403


def test_password_reset_reveals_nothing_and_its_token_works_once(people_server: IntakeServer) -> None:
    import stat

    email = new_email("aud")
    row = add_user(people_server, email, "auditor")
    old_session = login(people_server, email)
    before = outbox(people_server)
    known = post(people_server, "/v1/auth/password-reset", {"email": email})
    unknown = post(people_server, "/v1/auth/password-reset", {"email": new_email("ghost")})
    malformed = post(people_server, "/v1/auth/password-reset", {"email": "\u0430dmin@example.org"})
    assert known.status_code == unknown.status_code == malformed.status_code == 202
    assert known.json() == unknown.json() == malformed.json()
    new = {k: v for k, v in outbox(people_server).items() if k not in before}
    assert [m["to"] for m in new.values()] == [email]  # one message, to the account that exists
    (name, message), = new.items()
    assert stat.S_IMODE((people_server.data_dir / "outbox" / name).stat().st_mode) == 0o600
    fresh = "another synthetic passphrase"
    body = {"reset_token": message["reset_token"], "password": fresh}
    assert post(people_server, "/v1/auth/password-reset/confirm", body).status_code == 204
    assert post(people_server, "/v1/auth/password-reset/confirm", body).status_code == 401  # single use
    assert post(people_server, "/v1/auth/password-reset/confirm",
                {"reset_token": "x" * 43, "password": fresh}).status_code == 401
    # the old password and the sessions it opened are gone; the new one signs in
    with people_server.client() as c:
        assert c.get("/v1/audit/events", headers=people_server.auth(old_session["access_token"])).status_code == 401
    assert post(people_server, "/v1/auth/login", {"email": email, "password": PASSWORD}).status_code == 401
    r = post(people_server, "/v1/auth/login", {"email": email, "password": fresh})
    assert r.status_code == 200, r.text
    with people_server.client() as c:
        events = c.get("/v1/audit/events", params={"resource": row["user_id"]},
                       headers=people_server.auth(r.json()["access_token"])).text
    assert "op=auth.reset.request" in events and "op=user.password.reset" in events and email not in events


def test_password_reset_requests_are_limited_per_email_without_saying_so(people_server: IntakeServer) -> None:
    email = new_email("aud")
    add_user(people_server, email, "auditor")
    before = set(outbox(people_server))
    answers = [post(people_server, "/v1/auth/password-reset", {"email": email}) for _ in range(5)]
    assert {a.status_code for a in answers} == {202}
    sent = [m for k, m in outbox(people_server).items() if k not in before]
    assert len(sent) == 3  # "3/hour": the rest are answered alike and not sent


def _webauthn_options(srv: IntakeServer, email: str, purpose: str) -> httpx.Response:
    return post(srv, "/v1/auth/webauthn/options", {"email": email, "password": PASSWORD, "purpose": purpose})


def enrol_key(srv: IntakeServer, email: str, origin: str = ORIGIN) -> SoftAuthenticator:
    key = SoftAuthenticator(origin)
    r = _webauthn_options(srv, email, "register")
    assert r.status_code == 200, r.text
    body = {"email": email, "password": PASSWORD, "ceremony_id": r.json()["ceremony_id"],
            "credential": key.create(r.json()["options"])}
    r = post(srv, "/v1/auth/webauthn/register", body)
    assert r.status_code == 204, r.text
    return key


def key_login(srv: IntakeServer, email: str, key: SoftAuthenticator) -> tuple[httpx.Response, dict[str, Any]]:
    r = _webauthn_options(srv, email, "login")
    assert r.status_code == 200, r.text
    body = {"email": email, "password": PASSWORD, "webauthn": {
        "ceremony_id": r.json()["ceremony_id"], "credential": key.get(r.json()["options"], rp_id=RP_ID)}}
    return post(srv, "/v1/auth/login", body), body


def test_a_webauthn_authenticator_is_a_second_factor(people_server: IntakeServer) -> None:
    email = new_email("clin")
    add_user(people_server, email, "clinician")
    key = enrol_key(people_server, email)
    assert _webauthn_options(people_server, email, "register").status_code == 409  # one factor, then no more
    assert post(people_server, "/v1/auth/totp", {"email": email, "password": PASSWORD}).status_code == 409
    assert post(people_server, "/v1/auth/login", {"email": email, "password": PASSWORD}).status_code == 401
    r, body = key_login(people_server, email, key)
    assert r.status_code == 200, r.text
    c = claims(r.json()["access_token"])
    assert c["amr"] == ["pwd", "hwk"] and c["acr"] == "urn:phigate:acr:mfa"
    assert upload(people_server, r.json()["access_token"]).status_code == 201
    assert post(people_server, "/v1/auth/login", body).status_code == 401  # a challenge is answered once


def test_a_cloned_or_foreign_authenticator_is_refused(people_server: IntakeServer) -> None:
    email = new_email("clin")
    add_user(people_server, email, "clinician")
    key = enrol_key(people_server, email)
    assert key_login(people_server, email, key)[0].status_code == 200
    key.sign_count = 0  # a clone that lags behind the original's counter
    assert key_login(people_server, email, key)[0].status_code == 401
    key.sign_count, key.origin = 10, "https://evil.test"  # a phishing page's origin
    assert key_login(people_server, email, key)[0].status_code == 401
    stranger = SoftAuthenticator(ORIGIN)  # a key that was never registered
    assert key_login(people_server, email, stranger)[0].status_code == 401


def test_an_authenticator_cannot_be_added_with_a_password_alone_once_totp_is_enrolled(
        people_server: IntakeServer) -> None:
    email = new_email("clin")
    add_user(people_server, email, "clinician")
    enrol_totp(people_server, email)
    assert _webauthn_options(people_server, email, "register").status_code == 409


@pytest.mark.parametrize("credential", [{}, {"id": "x" * 600}, {"id": 5, "response": "nope"},
                                        {"id": "AA", "rawId": "AA", "type": "public-key",
                                         "response": {"clientDataJSON": "!!", "attestationObject": "??"}}])
def test_malformed_webauthn_answers_are_refused_not_crashed(people_server: IntakeServer,
                                                           credential: dict[str, Any]) -> None:
    email = new_email("clin")
    add_user(people_server, email, "clinician")
    r = _webauthn_options(people_server, email, "register")
    body = {"email": email, "password": PASSWORD, "ceremony_id": r.json()["ceremony_id"], "credential": credential}
    assert post(people_server, "/v1/auth/webauthn/register", body).status_code == 401
    body = {"email": email, "password": PASSWORD, "webauthn": {"ceremony_id": "wac_x", "credential": credential}}
    assert post(people_server, "/v1/auth/login", body).status_code == 401


def test_an_expired_enrolment_secret_is_refused_like_a_wrong_one(people_server: IntakeServer) -> None:
    email = new_email()
    row = add_user(people_server, email, "auditor", password=None)
    with sqlite3.connect(people_server.data_dir / "phigate.db") as db:  # 72 hours later
        db.execute("update users set enrolment_expires_at = 1 where id = ?", (row["user_id"],))
    body = {"email": email, "enrolment_secret": row["enrolment_secret"], "password": PASSWORD}
    expired = post(people_server, "/v1/auth/enrol", body)
    wrong = post(people_server, "/v1/auth/enrol", {**body, "enrolment_secret": "not-the-secret"})
    assert expired.status_code == wrong.status_code == 401 and expired.json() == wrong.json()

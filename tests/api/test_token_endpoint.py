"""``POST /v1/auth/token`` is RFC 6749 client credentials: a standard OAuth client (Authlib) gets tokens with
``client_secret_basic`` and ``client_secret_post`` unchanged, and every failure is a section 5.2 body."""

from __future__ import annotations

import base64

import httpx
import pytest
from authlib.integrations.requests_client import OAuth2Session
from authlib.integrations.requests_client import OAuthError as AuthlibError

from tests._fixtures.server import IntakeServer


def _oauth(server: IntakeServer, cid: str, secret: str, method: str) -> OAuth2Session:
    return OAuth2Session(cid, secret, token_endpoint_auth_method=method)


@pytest.fixture(autouse=True)
def _trust_server_cert(intake_server: IntakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(intake_server.cert))  # requests reads its CA bundle from here


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_a_standard_oauth_client_works_unchanged(intake_server: IntakeServer, method: str) -> None:
    cid, secret = intake_server.add_account("t1", ("uploads:create",))
    with _oauth(intake_server, cid, secret, method) as client:
        token = client.fetch_token(intake_server.base_url + "/v1/auth/token", grant_type="client_credentials")
        assert token["token_type"] == "bearer" and 0 < token["expires_in"] <= 900
        r = client.post(intake_server.base_url + "/v1/uploads",
                        json={"filename": "a.pdf", "media_type": "application/pdf", "size": 10})
        assert r.status_code == 201, r.text
    with _oauth(intake_server, cid, secret + "x", method) as client, pytest.raises(AuthlibError) as info:
        client.fetch_token(intake_server.base_url + "/v1/auth/token", grant_type="client_credentials")
    assert info.value.error == "invalid_client"


def _post(server: IntakeServer, **kw: object) -> httpx.Response:
    with server.client() as c:
        return c.post("/v1/auth/token", **kw)  # type: ignore[arg-type]


def _basic(cid: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()}


def test_section_5_2_error_bodies(intake_server: IntakeServer) -> None:
    cid, secret = intake_server.add_account("t1")
    good = {"grant_type": "client_credentials", "client_id": cid, "client_secret": secret}
    ok = _post(intake_server, data=good)
    assert ok.status_code == 200 and ok.headers["cache-control"] == "no-store" and ok.headers["pragma"] == "no-cache"
    cases: list[tuple[dict[str, object], int, str]] = [
        ({"data": {**good, "grant_type": "password"}}, 400, "unsupported_grant_type"),
        ({"data": {"client_id": cid, "client_secret": secret}}, 400, "invalid_request"),
        ({"json": good}, 400, "invalid_request"),
        ({"content": f"grant_type=client_credentials&client_id={cid}&client_id=x&client_secret={secret}",
          "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400, "invalid_request"),
        ({"content": b"grant_type=client_credentials&\xff=1",
          "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400, "invalid_request"),
        ({"data": {**good, "client_secret": "x" * 300}}, 400, "invalid_request"),
        ({"data": good, "headers": _basic(cid, secret)}, 400, "invalid_request"),  # two methods at once
        ({"data": {"grant_type": "client_credentials"}}, 401, "invalid_client"),
        ({"data": {**good, "client_secret": secret + "x"}}, 401, "invalid_client"),
        ({"data": {**good, "client_id": "svc_unknown"}}, 401, "invalid_client"),
        ({"data": {"grant_type": "client_credentials"}, "headers": {"Authorization": "Basic !!!"}}, 401,
         "invalid_client"),
        ({"data": {"grant_type": "client_credentials"}, "headers": _basic(cid, "wrong")}, 401, "invalid_client"),
    ]
    for kw, status, error in cases:
        r = _post(intake_server, **kw)
        assert (r.status_code, r.json()["error"]) == (status, error), (kw, r.text)
        assert isinstance(r.json().get("error_description"), str) and secret not in r.text
        if status == 401:
            assert r.headers["www-authenticate"].startswith("Basic")
    basic = _post(intake_server, data={"grant_type": "client_credentials"}, headers=_basic(cid, secret))
    assert basic.status_code == 200 and basic.json()["access_token"]

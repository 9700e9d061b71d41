"""The server's edges: TLS 1.3 only, headers, health and metrics, error bodies, tokens and accounts."""

from __future__ import annotations

import json
import socket
import ssl
import time

import jwt
import pytest
from typer.testing import CliRunner

import phigate
from phigate.cli import app
from phigate.identity import ServerSecret
from tests._fixtures.server import IntakeServer


def _port(server: IntakeServer) -> int:
    return int(server.base_url.rsplit(":", 1)[1])


def test_tls_1_2_handshake_is_refused(intake_server: IntakeServer) -> None:
    ctx = ssl.create_default_context(cafile=str(intake_server.cert))
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", _port(intake_server)), timeout=5) as raw, \
            pytest.raises(ssl.SSLError):
        ctx.wrap_socket(raw, server_hostname="127.0.0.1")
    ok = ssl.create_default_context(cafile=str(intake_server.cert))
    with socket.create_connection(("127.0.0.1", _port(intake_server)), timeout=5) as raw, \
            ok.wrap_socket(raw, server_hostname="127.0.0.1") as s:
        assert s.version() == "TLSv1.3"


def test_plain_http_gets_nothing(intake_server: IntakeServer) -> None:
    with socket.create_connection(("127.0.0.1", _port(intake_server)), timeout=5) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert b"200 OK" not in s.recv(4096)


def test_security_headers_health_and_metrics(intake_server: IntakeServer) -> None:
    with intake_server.client() as c:
        r = c.get("/healthz")
        assert r.status_code == 200
        assert r.headers["strict-transport-security"].startswith("max-age=")
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert r.headers["cache-control"] == "no-store"
        assert "server" not in r.headers
        ready = c.get("/readyz").json()
        assert ready["status"] == "ready"
        assert {"database", "key_manager", "blob_store"} <= set(ready["checks"])
        c.get("/v1/uploads/up_some_id_that_must_not_be_a_label")
        assert c.get("/metrics").status_code == 401  # the operator's, not the tenants'
        admin = intake_server.token_for(intake_server.admin_id, intake_server.admin_secret)
        assert c.get("/metrics", headers=intake_server.auth(admin)).status_code == 401
        metrics = c.get("/metrics", headers=intake_server.metrics_auth()).text
        assert "phigate_http_requests_total" in metrics
        assert "tenant" not in metrics and "t1" not in metrics
        assert 'route="/v1/uploads/{upload_id}"' in metrics
        assert "up_some_id" not in metrics
        info = c.get("/openapi.json").json()["info"]
        assert info["title"] == "phigate" and info["version"] == phigate.__version__


def test_error_bodies(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    with intake_server.client() as c:
        r = c.get("/nope")
        assert r.status_code == 404 and r.json() == {"error": {"code": "not_found", "message": "Not Found"}}
        r = c.post("/v1/uploads", content=b'{"filename": "Jane_Doe.pdf", ', headers={
            **intake_server.auth(token), "content-type": "application/json"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_json"
        r = c.post("/v1/uploads", json={"filename": "Jane_Doe.pdf", "media_type": "application/pdf",
                                        "size": "ten"}, headers=intake_server.auth(token))
        assert r.status_code == 422 and "Jane" not in r.text and "ten" not in r.text
        r = c.post("/v1/uploads", json=["not", "an", "object"], headers=intake_server.auth(token))
        assert r.status_code == 422
        r = c.post("/v1/uploads", content=b"{" + b" " * 100_000 + b"}", headers={
            **intake_server.auth(token), "content-type": "application/json"})
        assert r.status_code == 413
        r = c.post("/v1/uploads", json={"filename": "a", "media_type": "application/pdf", "size": 1,
                                        "unexpected": True}, headers=intake_server.auth(token))
        assert r.status_code == 422


def test_client_credentials_token(intake_server: IntakeServer) -> None:
    cid, secret = intake_server.add_account("t9", ("uploads:create", "uploads:read"))
    with intake_server.client() as c:
        r = c.post("/v1/auth/token", data={"grant_type": "client_credentials", "client_id": cid,
                                            "client_secret": secret})
        assert r.status_code == 200
        body = r.json()
        assert body["token_type"] == "bearer" and 0 < body["expires_in"] <= 900
        claims = jwt.decode(body["access_token"], options={"verify_signature": False})
        assert claims["tenant"] == "t9" and claims["aud"] and claims["exp"] - claims["iat"] <= 900
        assert set(claims["scope"].split()) == {"uploads:create", "uploads:read"}
        for bad in ({"client_secret": secret + "x"}, {"client_id": "svc_unknown"}):
            r = c.post("/v1/auth/token", data={"grant_type": "client_credentials", "client_id": cid,
                                                "client_secret": secret, **bad})
            assert r.status_code == 401 and r.json()["error"] == "invalid_client"
        r = c.post("/v1/auth/token", data={"grant_type": "password", "client_id": cid, "client_secret": secret})
        assert r.status_code == 400
        r = c.post("/v1/auth/token", json={"client_id": cid})
        assert r.status_code == 400 and r.json()["error"] == "invalid_request"


def test_expired_forged_and_scopeless_tokens(intake_server: IntakeServer) -> None:
    key = ServerSecret.load_or_create(intake_server.data_dir / "keys" / "server.key").derive("access-token")
    cid, _ = intake_server.add_account("t1")
    now = int(time.time())
    base = {"iss": "phigate", "aud": "phigate-api", "sub": cid, "tenant": "t1", "scope": "uploads:create"}
    expired = jwt.encode({**base, "iat": now - 1000, "exp": now - 100}, key, algorithm="HS256")
    forged = jwt.encode({**base, "iat": now, "exp": now + 60}, b"k" * 32, algorithm="HS256")
    too_long = jwt.encode({**base, "iat": now, "exp": now + 3600}, key, algorithm="HS256")
    none_alg = jwt.encode({**base, "iat": now, "exp": now + 60}, None, algorithm="none")
    body = {"filename": "a", "media_type": "application/pdf", "size": 1}
    with intake_server.client() as c:
        for token in (expired, forged, too_long, none_alg, "garbage"):
            r = c.post("/v1/uploads", json=body, headers=intake_server.auth(token))
            assert r.status_code == 401, token
        assert c.post("/v1/uploads", json=body).status_code == 401
        read_only = intake_server.token("t1", ("uploads:read",))
        assert c.post("/v1/uploads", json=body, headers=intake_server.auth(read_only)).status_code == 403


def test_accounts_cli_list_and_revoke(intake_server: IntakeServer) -> None:
    cid, secret = intake_server.add_account("t5")
    token = intake_server.token_for(cid, secret)
    runner = CliRunner()
    listed = runner.invoke(app, ["accounts", "list", "--json", "--data-dir", str(intake_server.data_dir)],
                           env=intake_server.env)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert any(r["client_id"] == cid and r["tenant"] == "t5" for r in rows)
    assert secret not in listed.stdout
    assert runner.invoke(app, ["accounts", "revoke", cid, "--data-dir", str(intake_server.data_dir)],
                         env=intake_server.env).exit_code == 0
    with intake_server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "a", "media_type": "application/pdf", "size": 1},
                   headers=intake_server.auth(token))
        assert r.status_code == 401  # revocation is immediate
        r = c.post("/v1/auth/token", data={"grant_type": "client_credentials", "client_id": cid,
                                            "client_secret": secret})
        assert r.status_code == 401
    bad = runner.invoke(app, ["accounts", "add-service", "x", "--tenant", "../evil", "--scope", "admin",
                              "--data-dir", str(intake_server.data_dir)], env=intake_server.env)
    assert bad.exit_code != 0
    bad = runner.invoke(app, ["accounts", "add-service", "x", "--tenant", "t1", "--scope", "root",
                              "--data-dir", str(intake_server.data_dir)], env=intake_server.env)
    assert bad.exit_code != 0


def test_admin_secret_printed_once_and_stored_hashed(intake_server: IntakeServer) -> None:
    token = intake_server.token_for(intake_server.admin_id, intake_server.admin_secret)
    assert token
    for path in intake_server.data_dir.rglob("*"):
        if path.is_file() and path.name != "admin-credentials.json":  # the one 0600 hand-over file
            assert intake_server.admin_secret.encode() not in path.read_bytes()

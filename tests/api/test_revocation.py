"""Revoking a service account (or every account of a tenant) with ``phigate accounts revoke`` stops its
outstanding signed PUT URLs and tus sessions at once, through the real API."""

from __future__ import annotations

import json
import uuid

from typer.testing import CliRunner

from phigate.cli import app
from tests._fixtures import samples
from tests._fixtures.server import IntakeServer

TUS = {"Tus-Resumable": "1.0.0"}
PATCH = {**TUS, "Content-Type": "application/offset+octet-stream"}


def _outstanding(server: IntakeServer, token: str, data: bytes) -> tuple[str, str]:
    """A fresh signed PUT URL, and a tus upload with its first bytes already written."""
    body = {"filename": "n.pdf", "media_type": "application/pdf", "size": len(data)}
    with server.client() as c:
        put = c.post("/v1/uploads", json=body, headers=server.auth(token))
        tus = c.post("/v1/uploads", json=body, headers=server.auth(token))
        assert put.status_code == tus.status_code == 201
        tus_url = tus.json()["tus_url"]
        r = c.patch(tus_url, content=data[:100], headers={**server.auth(token), **PATCH, "Upload-Offset": "0"})
        assert r.status_code == 204, r.text
    return put.json()["put_url"], tus_url


def _revoke(server: IntakeServer, *args: str) -> str:
    result = CliRunner().invoke(app, ["accounts", "revoke", *args, "--data-dir", str(server.data_dir)],
                                env=server.env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _assert_dead(server: IntakeServer, token: str, put_url: str, tus_url: str, data: bytes) -> None:
    with server.client() as c:
        r = c.put(put_url, content=data)
        assert r.status_code == 403, r.text
        assert r.json()["error"]["code"] == "forbidden"
        r = c.patch(tus_url, content=data[100:], headers={**server.auth(token), **PATCH, "Upload-Offset": "100"})
        assert r.status_code == 401, r.text
        assert c.head(tus_url, headers={**server.auth(token), **TUS}).status_code == 401


def test_revoked_account_urls_and_tus_sessions_stop(intake_server: IntakeServer) -> None:
    data = samples.pdf(2000)
    cid, secret = intake_server.add_account("t1")
    token = intake_server.token_for(cid, secret)
    put_url, tus_url = _outstanding(intake_server, token, data)
    _revoke(intake_server, cid)
    _assert_dead(intake_server, token, put_url, tus_url, data)


def test_disabled_tenant_urls_and_tus_sessions_stop(intake_server: IntakeServer) -> None:
    data = samples.pdf(2000)
    tenant = f"td{uuid.uuid4().hex[:6]}"
    first, second = intake_server.add_account(tenant), intake_server.add_account(tenant)
    other = intake_server.token("t1")
    other_put, _ = _outstanding(intake_server, other, data)
    outstanding = []
    for cid, secret in (first, second):
        token = intake_server.token_for(cid, secret)
        outstanding.append((token, *_outstanding(intake_server, token, data)))
    out = _revoke(intake_server, "--tenant", tenant, "--json")
    assert sorted(json.loads(line)["client_id"] for line in out.splitlines()) == sorted([first[0], second[0]])
    for token, put_url, tus_url in outstanding:
        _assert_dead(intake_server, token, put_url, tus_url, data)
    with intake_server.client() as c:  # another tenant is untouched
        assert c.put(other_put, content=data).status_code == 201
        r = c.post("/v1/auth/token", data={"grant_type": "client_credentials", "client_id": first[0],
                                            "client_secret": first[1]})
        assert r.status_code in (400, 401)

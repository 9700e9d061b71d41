"""The audit log over HTTP (`/v1/audit/...`), against the real TLS server on SQLite and PostgreSQL: who may read,
tenant scoping, filters, signed checkpoints, inclusion proofs that the standalone verifier accepts, and hostile
parameters. Reading the log is itself audited."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from phigate.audit import verifier as verifier_module
from phigate.cli import app
from tests._fixtures import samples
from tests._fixtures.audit import detail_of
from tests._fixtures.server import IntakeServer

AUDITOR = ("audit:read",)


def _get(server: IntakeServer, token: str, path: str, **kw: Any) -> httpx.Response:
    with server.client() as c:
        return c.get(path, headers={**server.auth(token), **kw.pop("headers", {})}, **kw)


def _upload(server: IntakeServer, tenant: str, patient_ref: str | None = None) -> str:
    data = samples.pdf()
    body: dict[str, Any] = {"filename": "n.pdf", "media_type": "application/pdf", "size": len(data)}
    if patient_ref:
        body["patient_ref"] = patient_ref
    with server.client() as c:
        r = c.post("/v1/uploads", json=body, headers=server.auth(server.token(tenant)))
        assert r.status_code == 201, r.text
        assert c.put(r.json()["put_url"], content=data).status_code == 201
    return str(r.json()["upload_id"])


def _events(server: IntakeServer, token: str, **params: Any) -> list[dict[str, Any]]:
    headers = params.pop("headers", {})
    r = _get(server, token, "/v1/audit/events", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return list(r.json()["events"])


def _cli(server: IntakeServer, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--data-dir", str(server.data_dir)], env=server.env)
    assert result.exit_code == 0, result.output
    return result.output


def test_only_auditors_read_the_log(intake_server: IntakeServer) -> None:
    for path in ("/v1/audit/events", "/v1/audit/checkpoints", "/v1/audit/proof/0"):
        assert _get(intake_server, intake_server.token("t1"), path).status_code == 403
        with intake_server.client() as c:
            assert c.get(path).status_code == 401
            assert c.get(path, headers={"Authorization": "Bearer not-a-token"}).status_code == 401


def test_events_are_tenant_scoped_and_filtered(intake_server: IntakeServer) -> None:
    tenant = f"ta{uuid.uuid4().hex[:6]}"
    mine, theirs = _upload(intake_server, tenant), _upload(intake_server, "t1")
    auditor = intake_server.token(tenant, AUDITOR)
    seen = _events(intake_server, auditor, limit=1000)
    assert seen and {e["tenant"] for e in seen} == {tenant}
    assert mine in {e["resource_id"] for e in seen} and theirs not in {e["resource_id"] for e in seen}
    # asking for another tenant is refused; an admin may
    assert _get(intake_server, auditor, "/v1/audit/events", params={"tenant": "t1"}).status_code == 403
    admin = intake_server.token_for(intake_server.admin_id, intake_server.admin_secret)
    assert theirs in {e["resource_id"] for e in _events(intake_server, admin, tenant="t1", resource=theirs)}
    # filters: resource, action, actor, time range, paging
    by_resource = _events(intake_server, auditor, resource=mine)
    assert by_resource and {e["resource_id"] for e in by_resource} == {mine}
    creates = _events(intake_server, auditor, action="create", resource=mine)
    assert [detail_of(e)["op"] for e in creates] == ["upload.create", "upload.complete"]
    actor = creates[0]["actor_id"]
    assert {e["actor_id"] for e in _events(intake_server, auditor, actor=actor)} == {actor}
    first = by_resource[0]["time"]
    assert _events(intake_server, auditor, resource=mine, until=first) == []
    assert len(_events(intake_server, auditor, resource=mine, since=first)) == len(by_resource)
    page = _get(intake_server, auditor, "/v1/audit/events", params={"resource": mine, "limit": 1}).json()
    rest = _events(intake_server, auditor, resource=mine, after=page["next_after"])
    assert page["events"] + rest == by_resource


def test_patient_accounting_over_http(intake_server: IntakeServer) -> None:
    tenant = f"tp{uuid.uuid4().hex[:6]}"
    ref = f"MRN-SYNTH-{uuid.uuid4().hex[:6]}"
    upload = _upload(intake_server, tenant, patient_ref=ref)
    _upload(intake_server, tenant, patient_ref="MRN-SYNTH-OTHER")
    auditor = intake_server.token(tenant, AUDITOR)
    found = _events(intake_server, auditor, headers={"Phigate-Patient-Ref": ref})
    assert found and {e["resource_id"] for e in found} == {upload}
    assert ref not in json.dumps(found)
    # reading was recorded, without the reference
    reads = [e for e in _events(intake_server, auditor, action="read", limit=1000)
             if detail_of(e).get("op") == "audit.read"]
    assert any(detail_of(e).get("patient") == "yes" for e in reads)
    assert ref not in json.dumps(reads)


def test_proof_verifies_with_the_standalone_verifier(intake_server: IntakeServer, tmp_path: Path) -> None:
    tenant = f"tv{uuid.uuid4().hex[:6]}"
    upload = _upload(intake_server, tenant)
    auditor = intake_server.token(tenant, AUDITOR)
    seq = _events(intake_server, auditor, resource=upload)[0]["seq"]
    _cli(intake_server, "audit", "checkpoint")
    # checkpoints count every tenant's events: a tenant's auditor may not list them, an administrator may
    assert _get(intake_server, auditor, "/v1/audit/checkpoints").status_code == 403
    admin = intake_server.token_for(intake_server.admin_id, intake_server.admin_secret)
    cps = _get(intake_server, admin, "/v1/audit/checkpoints").json()["checkpoints"]
    assert cps and cps[0]["tree_size"] > seq
    r = _get(intake_server, auditor, f"/v1/audit/proof/{seq}")
    assert r.status_code == 200, r.text
    (tmp_path / "proof.json").write_text(r.text)
    (tmp_path / "log.pem").write_text(_cli(intake_server, "audit", "public-key"))
    standalone = tmp_path / "verifier.py"
    standalone.write_bytes(Path(verifier_module.__file__).read_bytes())
    run = subprocess.run([sys.executable, "-I", str(standalone), "--public-key", "log.pem", "inclusion",
                          "proof.json"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 0 and run.stdout.startswith("OK"), run.stderr
    forged = r.json()
    forged["event"]["resource_id"] = "up_someoneelse"
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    run = subprocess.run([sys.executable, "-I", str(standalone), "--public-key", "log.pem", "inclusion",
                          "forged.json"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    # another tenant's event is not found, not forbidden (ids do not leak)
    other = intake_server.token(f"to{uuid.uuid4().hex[:6]}", AUDITOR)
    assert _get(intake_server, other, f"/v1/audit/proof/{seq}").status_code == 404


def test_hostile_parameters(intake_server: IntakeServer) -> None:
    auditor = intake_server.token("t1", AUDITOR)
    for path, params in (("/v1/audit/proof/-1", {}), ("/v1/audit/proof/abc", {}),
                         ("/v1/audit/proof/" + "9" * 40, {}), ("/v1/audit/proof/0", {"tree_size": "0"}),
                         ("/v1/audit/events", {"limit": "0"}), ("/v1/audit/events", {"limit": "100000"}),
                         ("/v1/audit/events", {"action": "drop table"}), ("/v1/audit/events", {"actor": "a b"}),
                         ("/v1/audit/events", {"resource": "x" * 500}), ("/v1/audit/events", {"since": "yesterday"}),
                         ("/v1/audit/events", {"since": "2026-01-01T00:00:00"}),
                         ("/v1/audit/checkpoints", {"limit": "-5"})):
        r = _get(intake_server, auditor, path, params=params)
        assert r.status_code in (400, 422), (path, params, r.status_code)
    assert _get(intake_server, auditor, "/v1/audit/proof/0", params={"tree_size": "999999999"}).status_code == 404
    long_ref = _get(intake_server, auditor, "/v1/audit/events", headers={"Phigate-Patient-Ref": "x" * 5000})
    assert long_ref.status_code in (400, 422, 431)

"""Erasure that erases: ``DELETE /v1/documents/{id}`` and ``phigate documents erase`` crypto-shred every artifact
of a document; every view answers 410 afterwards, the blobs are unreadable even to phigate, and one audit event
lists what was destroyed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate import registry
from phigate.cli import app
from phigate.config import Settings
from phigate.errors import KeyShredded, ObjectNotFound
from phigate.models import BlobKey
from tests._fixtures.audit import use_case_events
from tests._fixtures.pipeline import EXAMPLES, ingest
from tests._fixtures.server import IntakeServer

EVERYTHING = ("documents:read", "documents:read_phi")
ARTIFACTS = ("quarantine", "extracted", "phi-inventory", "derivatives")


def _ingest_one(server: IntakeServer, tmp_path: Path, tenant: str = "t1") -> str:
    (tmp_path / "adt-a01.hl7").write_bytes((EXAMPLES / "adt-a01.hl7").read_bytes())
    run = ingest(server.data_dir, tmp_path / "adt-a01.hl7", tenant=tenant, env=server.env)
    [row] = run.rows
    assert row["state"] == "stored"
    return str(row["id"])


def _views(server: IntakeServer, token: str, doc: str) -> dict[str, int]:
    paths = {"record": (f"/v1/documents/{doc}", {}),
             "deidentified": (f"/v1/documents/{doc}/text", {"view": "deidentified", "purpose": "TREAT"}),
             "full": (f"/v1/documents/{doc}/text", {"view": "full", "purpose": "TREAT"}),
             "content": (f"/v1/documents/{doc}/content", {"purpose": "TREAT"})}
    with server.client() as c:
        return {name: c.get(path, params=params, headers=server.auth(token)).status_code
                for name, (path, params) in paths.items()}


def test_erase_over_http_makes_every_view_410_and_shreds_every_artifact(intake_server: IntakeServer,
                                                                        tmp_path: Path) -> None:
    doc = _ingest_one(intake_server, tmp_path)
    reader = intake_server.token("t1", EVERYTHING)
    assert set(_views(intake_server, reader, doc).values()) == {200}

    with intake_server.client() as c:
        assert c.delete(f"/v1/documents/{doc}", headers=intake_server.auth(reader)).status_code == 403
        eraser = intake_server.token("t1", ("documents:erase",))
        other_tenant = intake_server.token("t2", ("documents:erase",))
        assert c.delete(f"/v1/documents/{doc}", headers=intake_server.auth(other_tenant)).status_code == 404
        r = c.delete(f"/v1/documents/{doc}", headers=intake_server.auth(eraser))
        assert r.status_code == 200, r.text
        assert r.json() == {"id": doc, "state": "erased",
                            "destroyed": ["original", "extracted", "phi-inventory", "derivatives"]}  # no linkage kept
        assert c.delete(f"/v1/documents/{doc}", headers=intake_server.auth(eraser)).status_code == 410

    assert _views(intake_server, reader, doc) == {"record": 410, "deidentified": 410, "full": 410, "content": 410}

    # below the API: every artifact's data key is a tombstone or its blob is gone; nothing decrypts
    vault = registry.build_vault(_settings(intake_server))
    for namespace in ARTIFACTS:
        with pytest.raises((KeyShredded, ObjectNotFound)):
            vault.read(BlobKey("t1", namespace, doc))

    events = [e for e in use_case_events(intake_server.data_dir, intake_server.env) if e.get("document") == doc]
    erased = [e for e in events if e["action"] == "document.erase"]
    assert len(erased) == 1
    assert erased[0]["outcome"] == "success" and erased[0]["source"] == "stored"
    assert erased[0]["destroyed"] == "original+extracted+phi-inventory+derivatives"
    assert [e["outcome"] for e in events if e["action"] == "document.erase.authorize"] == ["denied", "success",
                                                                                           "denied"]


def test_erase_from_the_cli(intake_server: IntakeServer, tmp_path: Path) -> None:
    doc = _ingest_one(intake_server, tmp_path)
    args = ["documents", "erase", doc, "--tenant", "t1", "--data-dir", str(intake_server.data_dir)]
    runner = CliRunner()
    refused = runner.invoke(app, args, input="n\n", env=intake_server.env)
    assert refused.exit_code != 0
    reader = intake_server.token("t1", EVERYTHING)
    assert _views(intake_server, reader, doc)["full"] == 200
    result = runner.invoke(app, [*args, "--yes", "--json"], env=intake_server.env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["destroyed"] == ["original", "extracted", "phi-inventory", "derivatives"]
    assert set(_views(intake_server, reader, doc).values()) == {410}


def _settings(server: IntakeServer) -> Settings:
    url = server.env.get("PHIGATE_DATABASE__URL")
    return Settings.load(data_dir=server.data_dir, **({"database": {"url": url}} if url else {}))

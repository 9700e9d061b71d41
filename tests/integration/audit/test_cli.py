"""``phigate audit`` through the CLI, on a data directory with the real local keyring and filesystem store."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from phigate.audit import SqlAuditLog, open_audit_log
from phigate.audit import verifier as verifier_module
from phigate.backends.db import make_engine, migrate
from phigate.backends.db.audit import SqlAuditStore
from phigate.cli import app
from phigate.config import Settings
from phigate.models import ActorKind, AuditAction, AuditEvent, PurposeOfUse
from phigate.registry import build_blob_store, build_key_manager
from tests._fixtures.audit import engine_of

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def server_log(data_dir: Path) -> Iterator[SqlAuditLog]:
    """The log as the server would open it from the same data directory (it creates the keys)."""
    settings = Settings.load(data_dir=data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.audit_database_url)
    migrate(engine)
    log = open_audit_log(SqlAuditStore(engine), build_key_manager(settings), build_blob_store(settings), settings.audit)
    for i in range(30):
        log.append(AuditEvent(actor_id=f"dr-{i % 3}", actor_kind=ActorKind.USER, action=AuditAction.READ,
                              resource_kind="document", resource_id=f"doc-{i}", tenant="acme",
                              purpose=PurposeOfUse.TREATMENT), patient_ref="MRN-7" if i % 10 == 0 else None)
    log.checkpoint()
    yield log
    log.close()
    engine.dispose()


def cli(data_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["audit", *args, "--data-dir", str(data_dir)])
    return result.exit_code, result.output


def test_verify_clean_log(server_log: SqlAuditLog, data_dir: Path) -> None:
    code, output = cli(data_dir, "verify")
    assert code == 0, output
    assert "OK: 30 events, " in output and " checkpoints verified" in output  # one, or more if one came due


def test_verify_reports_the_exact_location_of_an_edit(server_log: SqlAuditLog, data_dir: Path) -> None:
    with engine_of(server_log).begin() as conn:
        conn.execute(sa.text("DROP TRIGGER audit_events_no_update"))
        conn.execute(sa.text("UPDATE audit_events SET resource_id = 'doc-x' WHERE seq = 12"))
    code, output = cli(data_dir, "verify", "--json")
    assert code == 1
    doc = json.loads(output)
    assert not doc["ok"]
    assert {"kind": "edited", "seq": 12} in [{"kind": f["kind"], "seq": f["seq"]} for f in doc["findings"]]
    code, output = cli(data_dir, "verify")
    assert code == 1 and "edited at seq 12" in output


def test_verify_with_a_foreign_public_key_fails(server_log: SqlAuditLog, data_dir: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "other.pem").write_bytes(pem)
    code, output = cli(data_dir, "verify", "--public-key", str(tmp_path / "other.pem"))
    assert code == 1 and "bad_signature" in output
    (tmp_path / "junk.pem").write_text("not a key")
    code, output = cli(data_dir, "verify", "--public-key", str(tmp_path / "junk.pem"))
    assert code != 0


def test_tail_shows_the_newest_events(server_log: SqlAuditLog, data_dir: Path) -> None:
    code, output = cli(data_dir, "tail", "-n", "3", "--json")
    assert code == 0, output
    assert [json.loads(line)["seq"] for line in output.splitlines()] == [27, 28, 29]


def test_patient_accounting_finds_only_that_patients_events(server_log: SqlAuditLog, data_dir: Path) -> None:
    code, output = cli(data_dir, "patient", "MRN-7", "--tenant", "acme", "--json")
    assert code == 0, output
    assert [json.loads(line)["resource_id"] for line in output.splitlines()] == ["doc-0", "doc-10", "doc-20"]
    code, output = cli(data_dir, "patient", "MRN-7", "--tenant", "other", "--json")
    assert code == 0 and output.strip() == ""
    assert "MRN-7" not in (data_dir / "phigate.audit.db").read_bytes().decode("latin-1")


def test_export_is_incremental_with_a_cursor(server_log: SqlAuditLog, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, output = cli(data_dir, "export", "--cursor", "siem", "--output", str(target))
    assert code == 0 and "exported 30 events" in output
    server_log.append(AuditEvent(actor_id="svc", actor_kind=ActorKind.SERVICE, action=AuditAction.SCAN,
                                 resource_kind="document", resource_id="doc-new"))
    code, output = cli(data_dir, "export", "--cursor", "siem", "--output", str(target))
    assert "exported 1 events" in output
    seqs = [json.loads(line)["seq"] for line in target.read_text().splitlines()]
    assert seqs == list(range(31))


def test_export_formats_to_stdout(server_log: SqlAuditLog, data_dir: Path) -> None:
    for fmt, probe in (("ocsf", '"class_uid":6005'), ("fhir", '"resourceType":"AuditEvent"'),
                       ("syslog", "<110>1 "), ("jsonl", '"seq":29')):
        code, output = cli(data_dir, "export", "--format", fmt, "--from-seq", "29")
        assert code == 0, output
        assert probe in output
    code, output = cli(data_dir, "export", "--format", "xml")
    assert code != 0


def test_proof_and_checkpoint_verify_with_the_standalone_verifier(server_log: SqlAuditLog, data_dir: Path,
                                                                   tmp_path: Path) -> None:
    code, pem = cli(data_dir, "public-key")
    assert code == 0 and pem.startswith("-----BEGIN PUBLIC KEY-----")
    (tmp_path / "log.pem").write_text(pem)
    code, proof = cli(data_dir, "proof", "17")
    assert code == 0, proof
    (tmp_path / "proof.json").write_text(proof)
    server_log.append(AuditEvent(actor_id="svc", actor_kind=ActorKind.SERVICE, action=AuditAction.SCAN,
                                 resource_kind="document"))
    code, cp = cli(data_dir, "checkpoint")
    (tmp_path / "cp.json").write_text(cp)
    code, cons = cli(data_dir, "consistency", "30", "31")
    assert code == 0, cons
    (tmp_path / "cons.json").write_text(cons)
    code, _ = cli(data_dir, "export", "--output", str(tmp_path / "log.jsonl"))
    verifier = Path(verifier_module.__file__)
    standalone = tmp_path / "verifier.py"  # the auditor's copy, run outside the phigate package
    standalone.write_bytes(verifier.read_bytes())
    for args in (["inclusion", "proof.json"], ["checkpoint", "cp.json"], ["log", "log.jsonl", "cp.json"],
                 ["consistency", "cons.json"]):
        run = subprocess.run([sys.executable, "-I", str(standalone), "--public-key", "log.pem", *args],
                             cwd=tmp_path, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("OK")
    tampered = json.loads(proof)
    tampered["event"]["action"] = "delete"
    (tmp_path / "bad.json").write_text(json.dumps(tampered))
    run = subprocess.run([sys.executable, "-I", str(standalone), "--public-key", "log.pem", "inclusion",
                          "bad.json"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "FAILED" in run.stderr


def test_commands_before_the_log_exists_fail_cleanly(data_dir: Path) -> None:
    code, _ = cli(data_dir, "verify")
    assert code != 0


def test_json_output_of_the_proof_and_key_commands(server_log: SqlAuditLog, data_dir: Path, tmp_path: Path) -> None:
    code, plain = cli(data_dir, "proof", "3")
    assert code == 0, plain
    code, as_json = cli(data_dir, "proof", "3", "--json")
    assert code == 0 and json.loads(as_json) == json.loads(plain)  # the fields of GET /v1/audit/proof/{seq}
    assert {"event", "tree_size", "path", "checkpoint"} <= set(json.loads(as_json))
    code, key = cli(data_dir, "public-key", "--json")
    assert code == 0 and json.loads(key)["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    code, out = cli(data_dir, "export", "--output", str(tmp_path / "events.jsonl"), "--json")
    assert code == 0 and json.loads(out) == {"exported": 30, "format": "jsonl"}
    code, out = cli(data_dir, "export", "--format", "ocsf", "--json")
    assert code != 0  # --json on standard output means JSON Lines
    code, out = cli(data_dir, "checkpoint", "--json")
    assert code == 0 and "tree_size" in json.loads(out)

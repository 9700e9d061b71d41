"""A damaged log (events deleted by a database owner) fails closed for writers and stays readable for auditors.

One deleted row in the newest, partial 256-event block used to stop every command, ``audit verify`` included,
with "the audit log is missing events" and no location. Now verify names every gap, ``tail`` and ``export``
still read, and anything that appends (``serve``, ``accounts``, ``keys``) refuses with the location.
"""

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
from phigate.backends.db import make_engine, migrate
from phigate.backends.db.audit import SqlAuditStore
from phigate.cli import app
from phigate.config import Settings
from phigate.errors import AuditError, Error
from phigate.models import ActorKind, AuditAction, AuditEvent
from phigate.registry import build_blob_store, build_key_manager

runner = CliRunner()


def _event(i: int) -> AuditEvent:
    return AuditEvent(actor_id=f"svc-{i % 3}", actor_kind=ActorKind.SERVICE, action=AuditAction.READ,
                      resource_kind="document", resource_id=f"doc-{i}", tenant="acme")


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """300 events (a whole 256-event block and a partial one), checkpointed at 290 and on close at 300."""
    data = tmp_path / "data"
    data.mkdir()
    settings = Settings.load(data_dir=data)
    engine = make_engine(settings.audit_database_url)
    migrate(engine)
    log = open_audit_log(SqlAuditStore(engine), build_key_manager(settings), build_blob_store(settings), settings.audit)
    log.append_many([_event(i) for i in range(290)])
    log.checkpoint()
    log.append_many([_event(i) for i in range(290, 300)])
    log.close()
    engine.dispose()
    yield data


def _delete(data_dir: Path, *seqs: int) -> None:
    """Delete events as the database's owner would (the append-only triggers dropped first)."""
    engine = make_engine(Settings.load(data_dir=data_dir).audit_database_url)
    with engine.begin() as conn:
        triggers = conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _ in triggers:
            conn.execute(sa.text(f"DROP TRIGGER {name}"))
        for seq in seqs:
            conn.execute(sa.text("DELETE FROM audit_events WHERE seq = :s"), {"s": seq})
        for _, sql in triggers:
            conn.execute(sa.text(sql))
    engine.dispose()


def cli(data_dir: Path, *args: str) -> tuple[int, str]:
    """Exit code and output (with the diagnostics of a phigate error, as ``phigate`` prints them)."""
    result = runner.invoke(app, [*args, "--data-dir", str(data_dir)])
    error = result.exception.diagnostics() if isinstance(result.exception, Error) else ""
    return result.exit_code, result.output + error


def test_verify_names_a_gap_in_every_block(data_dir: Path) -> None:
    _delete(data_dir, 100, 280, 281, 295)  # a whole (stored) block, and the newest partial one
    code, output = cli(data_dir, "audit", "verify", "--json")
    assert code == 1, output
    found = {(f["kind"], f["seq"]) for f in json.loads(output)["findings"]}
    assert {("missing", 100), ("missing", 280), ("missing", 295)} <= found
    code, output = cli(data_dir, "audit", "verify")
    assert code == 1
    assert "seq 100..100" in output and "seq 280..281" in output and "seq 295..295" in output


def test_read_only_commands_still_work_on_a_damaged_log(data_dir: Path, tmp_path: Path) -> None:
    _delete(data_dir, 297)
    code, output = cli(data_dir, "audit", "tail", "-n", "3", "--json")
    assert code == 0, output
    assert [json.loads(line)["seq"] for line in output.splitlines()] == [296, 298, 299]
    code, output = cli(data_dir, "audit", "export", "--output", str(tmp_path / "out.jsonl"))
    assert code == 0 and "exported 299 events" in output


def test_a_damaged_log_refuses_appends_and_checkpoints_with_the_location(data_dir: Path) -> None:
    _delete(data_dir, 297)
    settings = Settings.load(data_dir=data_dir)
    engine = make_engine(settings.audit_database_url)
    log: SqlAuditLog = open_audit_log(SqlAuditStore(engine), build_key_manager(settings), build_blob_store(settings),
                                      settings.audit)
    try:
        with pytest.raises(AuditError, match=r"seq 297\.\.297"):
            log.append(_event(1))
        with pytest.raises(AuditError, match=r"seq 297\.\.297"):
            log.checkpoint()  # never sign over a damaged log
        with pytest.raises(AuditError, match=r"seq 297\.\.297"):
            log.check()  # readiness reports it
    finally:
        log.close()
        engine.dispose()


def test_a_deletion_in_a_stored_block_is_caught_at_open_too(data_dir: Path) -> None:
    _delete(data_dir, 5)
    code, output = cli(data_dir, "accounts", "list")
    assert code != 0 and "seq 5..5" in output


def test_a_cut_tail_below_the_newest_checkpoint_refuses_appends(data_dir: Path) -> None:
    _delete(data_dir, *range(280, 300))  # behind checkpoint 300: the tail was cut, not merely unwritten
    code, output = cli(data_dir, "accounts", "add-service", "x", "--tenant", "acme", "--scope", "upload")
    assert code != 0
    assert "seq 280..299" in output and "phigate audit verify" in output
    code, output = cli(data_dir, "audit", "verify")
    assert code == 1 and "truncated" in output


def test_serve_refuses_to_start_on_a_damaged_log(data_dir: Path) -> None:
    """A server that cannot audit cannot serve PHI: it refuses to start, and says where the damage is."""
    _delete(data_dir, 280)
    run = subprocess.run([sys.executable, "-m", "phigate", "serve", "--port", "0", "--data-dir", str(data_dir)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 2, run.stderr
    assert "audit_unavailable" in run.stderr and "seq 280..280" in run.stderr
    assert "Traceback" not in run.stderr

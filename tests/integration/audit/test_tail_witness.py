"""The tail of the log after the newest checkpoint: signed on shutdown and every couple of seconds, and handed to
witnesses outside the database (the blob store, a syslog receiver), so a cut tail is caught by ``audit verify``.

The attacker owns the host's database and its blob store: they delete the newest events, the database's
checkpoints that cover them and the blob store's copies. Only a witness elsewhere (a syslog server) still holds
the signed head; ``audit verify --witness`` (or ``audit.witness_files``) reads it back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from phigate.audit import SqlAuditLog, open_audit_log
from phigate.audit._keys import SYSTEM_TENANT
from phigate.audit._log import CHECKPOINT_NAMESPACE
from phigate.backends.db import make_engine, migrate
from phigate.backends.db.audit import SqlAuditStore
from phigate.cli import app
from phigate.config import AuditSettings, Settings
from phigate.models import ActorKind, AuditAction, AuditEvent
from phigate.registry import build_blob_store, build_key_manager
from tests._fixtures.rsyslog import Rsyslog
from tests._fixtures.services import wait_for

runner = CliRunner()


def _event(i: int) -> AuditEvent:
    return AuditEvent(actor_id="svc", actor_kind=ActorKind.SERVICE, action=AuditAction.READ,
                      resource_kind="document", resource_id=f"doc-{i}", tenant="acme")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    return data


def _open(data_dir: Path) -> tuple[SqlAuditLog, sa.engine.Engine]:
    settings = Settings.load(data_dir=data_dir)
    engine = make_engine(settings.audit_database_url)
    migrate(engine)
    log = open_audit_log(SqlAuditStore(engine), build_key_manager(settings), build_blob_store(settings), settings.audit)
    return log, engine


def _cut_tail(data_dir: Path, keep: int, *, blob_copies: bool) -> None:
    """Delete the events from ``keep`` on and every checkpoint covering them (database, and the blob store's
    copies when ``blob_copies``), as the owner of the host would."""
    settings = Settings.load(data_dir=data_dir)
    engine = make_engine(settings.audit_database_url)
    with engine.begin() as conn:
        triggers = conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _ in triggers:
            conn.execute(sa.text(f"DROP TRIGGER {name}"))
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq >= :k"), {"k": keep})
        conn.execute(sa.text("DELETE FROM audit_checkpoints WHERE tree_size > :k"), {"k": keep})
        for _, sql in triggers:
            conn.execute(sa.text(sql))
    engine.dispose()
    if blob_copies:
        store = build_blob_store(settings)
        for key in list(store.list(SYSTEM_TENANT, CHECKPOINT_NAMESPACE)):
            if int(key.object_id) > keep:
                store.delete(key)


def verify(data_dir: Path, *args: str) -> tuple[int, set[tuple[str, int | None]]]:
    result = runner.invoke(app, ["audit", "verify", "--json", "--data-dir", str(data_dir), *args])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.output)
    return result.exit_code, {(f["kind"], f["seq"] if f["seq"] is not None else f["tree_size"])
                              for f in doc["findings"]}


def test_a_graceful_shutdown_signs_the_tail(data_dir: Path) -> None:
    (data_dir / "phigate.toml").write_text("[audit]\ncheckpoint_interval = 3600\n")
    log, engine = _open(data_dir)
    log.append_many([_event(i) for i in range(8)])
    log.close()  # no checkpoint was due: the shutdown signs the 8 events
    engine.dispose()
    _cut_tail(data_dir, 5, blob_copies=False)
    code, found = verify(data_dir)
    assert code == 1
    assert ("truncated", 5) in found and ("checkpoint_missing", 8) in found


def test_the_default_signs_the_tail_within_a_few_seconds(data_dir: Path) -> None:
    assert AuditSettings().checkpoint_interval <= 2.0
    log, engine = _open(data_dir)
    try:
        log.append(_event(0))
        wait_for(lambda: bool(log.checkpoints(limit=1)) and log.checkpoints(limit=1)[0].tree_size == 1,
                 timeout=5, what="a checkpoint of the new event")
    finally:
        log.close()
        engine.dispose()


@pytest.fixture
def witnessed(data_dir: Path, rsyslog_tls: Rsyslog) -> Iterator[Rsyslog]:
    (data_dir / "phigate.toml").write_text(
        f'[audit]\ncheckpoint_interval = 3600\nwitness_syslog = "{rsyslog_tls.host}:{rsyslog_tls.port}"\n'
        f'witness_ca_file = "{rsyslog_tls.ca_file}"\nwitness_server_name = "{rsyslog_tls.server_name}"\n')
    log, engine = _open(data_dir)
    log.append_many([_event(i) for i in range(6)])
    log.checkpoint()
    log.append_many([_event(i) for i in range(6, 10)])
    log.close()
    engine.dispose()
    wait_for(lambda: rsyslog_tls.output.exists() and rsyslog_tls.output.read_text().count("CHECKPOINT") == 2,
             timeout=10, what="the witness's copies")
    yield rsyslog_tls


def test_the_syslog_witness_catches_a_tail_cut_the_host_hid(data_dir: Path, witnessed: Rsyslog) -> None:
    assert verify(data_dir) == (0, set())
    _cut_tail(data_dir, 6, blob_copies=True)
    code, found = verify(data_dir)
    assert code == 0  # the host alone cannot tell: both of its copies were rewritten
    code, found = verify(data_dir, "--witness", str(witnessed.output))
    assert code == 1
    assert ("truncated", 6) in found and ("checkpoint_missing", 10) in found


def test_a_configured_witness_file_is_read_without_the_flag(data_dir: Path, witnessed: Rsyslog) -> None:
    _cut_tail(data_dir, 6, blob_copies=True)
    with (data_dir / "phigate.toml").open("a") as fh:
        fh.write(f'witness_files = ["{witnessed.output}"]\n')
    code, found = verify(data_dir)
    assert code == 1 and ("truncated", 6) in found


def test_a_forged_witness_line_is_reported_not_trusted(data_dir: Path, witnessed: Rsyslog, tmp_path: Path) -> None:
    lines = witnessed.output.read_text().splitlines()
    doc = json.loads(lines[-1][lines[-1].index("{"):])
    doc["body"] = doc["body"].replace("\n10\n", "\n99\n")  # claims a longer log, signature no longer matches
    forged = tmp_path / "forged.log"
    forged.write_text(json.dumps(doc) + "\nnot a checkpoint\n" + '{"body": 1, "signature": "%%%"}\n')
    code, found = verify(data_dir, "--witness", str(forged))
    assert code == 1
    assert ("bad_signature", 99) in found and ("bad_signature", None) in found
    assert not any(kind == "truncated" for kind, _ in found)


def test_a_process_that_only_reads_never_signs(data_dir: Path) -> None:
    """``audit verify`` or ``export`` must not sign whatever the database holds (a forged tail included): only a
    process that appended signs checkpoints, on its timer or at its close."""
    (data_dir / "phigate.toml").write_text("[audit]\ncheckpoint_interval = 0.1\n")
    log, engine = _open(data_dir)
    log.append_many([_event(i) for i in range(3)])
    log.close()
    engine.dispose()
    with sa.create_engine(Settings.load(data_dir=data_dir).audit_database_url).begin() as conn:
        triggers = conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _ in triggers:
            conn.execute(sa.text(f"DROP TRIGGER {name}"))
        conn.execute(sa.text("DELETE FROM audit_checkpoints"))  # the three events are unsigned again
        for _, sql in triggers:
            conn.execute(sa.text(sql))
    reader, engine = _open(data_dir)
    time.sleep(0.5)
    reader.close()
    engine.dispose()
    assert reader.checkpoints(limit=5) == []


def test_an_unreachable_witness_is_reported_and_appends_go_on(data_dir: Path) -> None:
    from phigate.errors import AuditError
    from tests._fixtures.services import free_port

    (data_dir / "phigate.toml").write_text(
        f'[audit]\ncheckpoint_interval = 3600\nwitness_syslog = "127.0.0.1:{free_port()}"\n')
    log, engine = _open(data_dir)
    try:
        log.append_many([_event(i) for i in range(3)])  # the events are durable whatever the witness does
        with pytest.raises(AuditError, match="witness"):
            log.checkpoint()  # asked for explicitly (phigate audit checkpoint): the failure is the answer
        assert log.checkpoints(limit=1)[0].tree_size == 3  # the database and the blob store have it
        log.append(_event(3))
    finally:
        log.close()  # the shutdown checkpoint's witness failure is logged, not raised
        engine.dispose()

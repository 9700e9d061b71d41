"""Fixtures for the audit log: a migrated database (SQLite and PostgreSQL), the local keyring and the
filesystem blob store (real backends, in a per-test directory)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate.audit import LogOptions, SqlAuditLog, load_or_create_keys
from phigate.backends.db import make_engine, migrate, sqlite_url
from phigate.backends.db.audit import SqlAuditStore
from phigate.backends.kms.local import LocalKeyring
from phigate.backends.storage.filesystem import FilesystemStore
from phigate.config import DatabaseSettings, Settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def audit_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for the audit log: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "phigate.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def audit_engine(audit_db_url: str) -> Iterator[Engine]:
    engine = make_engine(audit_db_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def audit_key_manager(tmp_path: Path) -> LocalKeyring:
    return LocalKeyring.open(tmp_path / "keys" / "keyring.json", tmp_path / "keys" / "master.key")


@pytest.fixture
def audit_store(tmp_path: Path) -> FilesystemStore:
    return FilesystemStore(tmp_path / "blobs")


@pytest.fixture
def audit_log(audit_engine: Engine, audit_key_manager: LocalKeyring, audit_store: FilesystemStore
              ) -> Iterator[SqlAuditLog]:
    """A log that checkpoints only when asked (so tests control the checkpoints)."""
    keys = load_or_create_keys(audit_key_manager, audit_store)
    log = SqlAuditLog(SqlAuditStore(audit_engine), keys, audit_store,
                      LogOptions(checkpoint_every=10**9, checkpoint_interval=3600.0))
    yield log
    log.close()


def engine_of(log: SqlAuditLog) -> Engine:
    """The engine under a log's tables (to reach past the log as someone who owns the database would)."""
    assert isinstance(log.db, SqlAuditStore)
    return log.db.engine


# --- the audit log of a running phigate (data directory + environment), read the way an operator would ---


def settings_of(data_dir: Path, env: dict[str, str]) -> Settings:
    url = env.get("PHIGATE_DATABASE__URL")
    return Settings(data_dir=data_dir, database=DatabaseSettings(url=url))


def logged_events(data_dir: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """Every event of the server's audit log, as ``phigate audit export --format jsonl`` prints them."""
    from typer.testing import CliRunner

    from phigate.cli import app

    result = CliRunner().invoke(app, ["audit", "export", "--format", "jsonl", "--data-dir", str(data_dir)], env=env)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def detail_of(event: dict[str, Any]) -> dict[str, str]:
    return dict(item.split("=", 1) for item in (event.get("detail") or "").split(" ") if "=" in item)


@contextlib.contextmanager
def unwritable_log(settings: Settings) -> Iterator[None]:
    """The audit log refuses every append (as a full disk or a revoked grant would) inside the block."""
    engine = make_engine(settings.audit_database_url)
    pg = engine.dialect.name == "postgresql"
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("REVOKE INSERT ON audit_events FROM phigate_audit_writer") if pg else
                         sa.text("CREATE TRIGGER audit_full BEFORE INSERT ON audit_events "
                                 "BEGIN SELECT RAISE(ABORT, 'disk full'); END"))
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("GRANT INSERT ON audit_events TO phigate_audit_writer") if pg else
                         sa.text("DROP TRIGGER audit_full"))
        engine.dispose()


def use_case_view(event: dict[str, Any]) -> dict[str, Any]:
    """An exported event seen as the use case recorded it: ``action`` (its name), ``actor``, ``outcome`` (its word),
    ``purpose``, the resource under its kind (``document``, ``upload``, ...) and the remaining details."""
    d = detail_of(event)
    view: dict[str, Any] = {**d, "action": d.pop("op", event["action"]), "actor": event["actor_id"],
                            "tenant": event["tenant"], "outcome": d.pop("status", event["outcome"]),
                            "purpose": event["purpose"], "decision": event.get("decision"),
                            "policy_id": event.get("policy_id")}
    if event["resource_id"]:
        view.setdefault(event["resource_kind"], event["resource_id"])
    return view


def use_case_events(data_dir: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """The server's audit log, as the use cases recorded it (see ``use_case_view``)."""
    return [use_case_view(e) for e in logged_events(data_dir, env)]


def log_use_case_events(log: SqlAuditLog) -> list[dict[str, Any]]:
    """An open log's events, as the use cases recorded them."""
    from phigate.audit.export import as_json
    from phigate.audit.queries import EventFilter, query_events

    return [use_case_view(as_json(r)) for r in query_events(log, EventFilter(), limit=1000)]

"""Fixtures for the audit log: a migrated database (SQLite and PostgreSQL), the local keyring and the
filesystem blob store (real backends, in a per-test directory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from phigate.audit import LogOptions, SqlAuditLog, load_or_create_keys
from phigate.backends.db import make_engine, migrate, sqlite_url
from phigate.backends.kms.local import LocalKeyring
from phigate.backends.storage.filesystem import FilesystemStore


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
    log = SqlAuditLog(audit_engine, keys, audit_store,
                      LogOptions(checkpoint_every=10**9, checkpoint_interval=3600.0))
    yield log
    log.close()

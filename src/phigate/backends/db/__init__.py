"""The relational database: SQLite (WAL) embedded, PostgreSQL (psycopg 3) for scale-out.

Schema changes are Alembic migrations under ``migrations/versions``. Each area of phigate owns an Alembic
branch (``branch_labels``), so ``migrate`` upgrades every head.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate.errors import ConfigError, ServiceUnavailable

MIGRATIONS = Path(__file__).with_name("migrations")


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def make_engine(url: str, *, durable: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url`` with phigate's connection settings (WAL, foreign keys, busy timeout on SQLite).

    ``durable`` (SQLite): every commit is fsynced (``synchronous=FULL``), so a commit survives power loss, not
    only a crash of the process; the audit log's own database uses it (an acknowledged event must not be lost),
    and group commit keeps its cost to one fsync per batch. PostgreSQL commits are durable by default."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ConfigError("invalid database URL") from exc
    if parsed.get_backend_name() == "sqlite":
        _create_private(parsed.database)
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # NORMAL: durable in WAL mode across process crashes; FULL: across power loss as well
            cur.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return sa.create_engine(parsed, pool_pre_ping=True, **kwargs)
    raise ConfigError("unsupported database: use sqlite or postgresql")


def _create_private(database: str | None) -> None:
    """Create a SQLite file owner-only (0600) before SQLite does (it would follow the umask, often 0644);
    SQLite gives its -wal and -shm files the database file's mode."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigError("the database file cannot be created") from exc


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision of every branch."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
    except sa.exc.OperationalError as exc:
        raise ServiceUnavailable("database unavailable while migrating") from exc


def check(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        raise ServiceUnavailable("database unavailable") from exc

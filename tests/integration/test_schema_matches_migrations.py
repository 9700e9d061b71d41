"""The table descriptions the code queries (one ``MetaData``: ``phigate._tables``, the audit tables too)
are exactly what the Alembic migrations make, on SQLite and on PostgreSQL: ``alembic check``'s comparison
(columns, types, nullability, server defaults, indexes, foreign keys) finds nothing to change."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from phigate._tables import metadata
from phigate.backends import db


def _differences(url: str) -> list[object]:
    engine = db.make_engine(url)
    try:
        db.migrate(engine)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
            return list(compare_metadata(ctx, metadata))
    finally:
        engine.dispose()


def test_sqlite_schema_matches_the_tables(tmp_path: Path) -> None:
    assert _differences(f"sqlite:///{tmp_path / 'phigate.db'}") == []


@pytest.mark.postgres
def test_postgresql_schema_matches_the_tables(pg_url: str) -> None:
    assert _differences(pg_url) == []


def test_every_table_is_described_once() -> None:
    """One MetaData: a second description of a table (as the outbox once had) cannot exist beside it."""
    import phigate

    sources = [p for p in Path(phigate.__file__).parent.rglob("*.py") if "migrations" not in p.parts]
    root = Path(phigate.__file__).parent
    for marker in ("sa.MetaData(", "sa.Table("):  # one MetaData, and every table described in the same file
        described = [p.relative_to(root) for p in sources if marker in p.read_text()]
        assert [str(p) for p in described] == ["_tables.py"], marker

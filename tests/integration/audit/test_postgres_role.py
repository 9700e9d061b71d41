"""PostgreSQL: the writer role holds only INSERT and SELECT, so even with triggers disabled it cannot change
the evidence; TRUNCATE is refused by a statement trigger."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate.backends.db import make_engine, migrate

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO audit_events (seq, ts, actor_kind, actor_id, action, resource_kind, outcome, leaf_hash, "
            "chain_hash, mac) VALUES (0, 't', 'user', 'u', 'read', 'document', 'success', '\\x00', '\\x00', "
            "'\\x00')"))
    yield engine
    engine.dispose()


@pytest.mark.parametrize("sql", [
    "UPDATE audit_events SET actor_id = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events",
    "UPDATE audit_checkpoints SET ts = ts", "ALTER TABLE audit_events DISABLE TRIGGER USER",
    "DELETE FROM audit_nodes",
])
def test_writer_role_cannot_change_the_evidence(pg_engine: Engine, sql: str) -> None:
    with pytest.raises(sa.exc.ProgrammingError, match=r"permission denied|must be owner"), \
            pg_engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL ROLE phigate_audit_writer"))
        conn.execute(sa.text(sql))


def test_writer_role_can_append_and_read(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL ROLE phigate_audit_writer"))
        conn.execute(sa.text(
            "INSERT INTO audit_events (seq, ts, actor_kind, actor_id, action, resource_kind, outcome, leaf_hash, "
            "chain_hash, mac) VALUES (1, 't', 'user', 'u', 'read', 'document', 'success', '\\x00', '\\x00', "
            "'\\x00')"))
        assert conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar() == 2


def test_truncate_is_refused_even_for_the_owner(pg_engine: Engine) -> None:
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), pg_engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE audit_events"))

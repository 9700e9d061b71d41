"""The audit log's tables behind ``ports.AuditStore`` (``SqlAuditStore``), on SQLite and PostgreSQL: a taken sequence
number is a Conflict that writes nothing, a failed write rolls back whole, and what is read is what was written."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from phigate.backends.db import make_engine, sqlite_url
from phigate.backends.db.audit import SqlAuditStore
from phigate.errors import ConfigError, Conflict, StorageError
from phigate.models import Checkpoint
from phigate.ports import AuditQuery, AuditRow


def _row(seq: int, *, tenant: str = "acme", patient_hash: str | None = None) -> AuditRow:
    """A stored row (the store does not check hashes: the log computes them)."""
    return (seq, f"2026-01-02T03:04:{seq % 60:02d}.000001Z", tenant, "user", "u-1", "read", "document", f"doc-{seq}",
            "treatment", None, None, "success", None, None, None, patient_hash, None,
            bytes([seq % 256]) * 32, bytes([(seq + 1) % 256]) * 32, bytes(32))


@pytest.fixture
def db(audit_engine: Engine) -> Iterator[SqlAuditStore]:
    store = SqlAuditStore(audit_engine)
    yield store
    store.close()


@pytest.mark.parametrize("with_nodes", [False, True])  # SQLite: a lone self-committing INSERT, or a transaction
def test_a_taken_sequence_number_is_a_conflict_and_nothing_is_written(db: SqlAuditStore, with_nodes: bool) -> None:
    db.append([_row(0), _row(1)], [])
    nodes = [(8, 0, b"\x07" * 32)] if with_nodes else []
    with pytest.raises(Conflict):
        db.append([_row(1), _row(2)], nodes)
    with db.reading() as reads:
        assert reads.head() == (1, _row(1)[-2])
        assert reads.nodes() == {}
    db.append([_row(2)], nodes)  # the writer's connection was replaced: the store goes on
    with db.reading() as reads:
        assert reads.head() == (2, _row(2)[-2])
        assert reads.nodes() == {(h, i): v for h, i, v in nodes}


def test_a_failed_write_rolls_back_whole(db: SqlAuditStore) -> None:
    with pytest.raises(RuntimeError), db.writing() as tx:
        tx.insert([_row(0)], [(8, 0, bytes(32))])
        raise RuntimeError("the log's own check failed")
    with db.reading() as reads:
        assert reads.head() is None and reads.span() is None and reads.nodes() == {}


def test_reads_give_back_what_was_written(db: SqlAuditStore) -> None:
    db.append([_row(s, patient_hash="ab" * 32 if s == 4 else None) for s in (0, 1, 4, 5, 9)], [])
    with db.reading() as reads:
        assert reads.span() == (0, 9, 5)
        assert reads.gaps(20) == [(1, 4), (5, 9)]
        assert reads.gaps(1) == [(1, 4)]
        assert reads.head(before=4) == (1, _row(1)[-2])
        assert reads.leaves(1, 6) == [(1, _row(1)[-3]), (4, _row(4)[-3]), (5, _row(5)[-3])]
    assert [r[0] for rows in db.rows(1, 9, chunk=2) for r in rows] == [1, 4, 5]
    assert [len(rows) for rows in db.rows(chunk=2)] == [2, 2, 1]
    assert db.event(4) == _row(4, patient_hash="ab" * 32) and db.event(2) is None
    assert db.seq_from_end(2) == 5 and db.seq_from_end(9) is None
    assert [r[0] for r in db.find(AuditQuery(limit=10, patient_hash="ab" * 32))] == [4]
    assert [r[0] for r in db.find(AuditQuery(limit=2, since="2026-01-02T03:04:01.000001Z"))] == [1, 4]
    assert db.find(AuditQuery(limit=10, tenant="other")) == []


def test_checkpoints_and_cursors_round_trip(db: SqlAuditStore) -> None:
    cp = Checkpoint(tree_size=3, root_hash=b"\x01" * 32, chain_hash=b"\x02" * 32,
                    time=dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC), key_id="k1", signature=b"\x03" * 64,
                    body=b"signed body")
    with db.writing() as tx:
        assert tx.checkpoint(3) is None and tx.newest_checkpoint() == 0
        tx.add_checkpoint(cp)
    with db.reading() as reads:
        assert reads.checkpoint(3) == cp and reads.newest_checkpoint() == 3
    assert db.checkpoints(limit=5) == [cp] and db.checkpoints(limit=5, before=3) == []
    assert db.signed_heads() == {3: (b"signed body", b"\x03" * 64)}
    assert db.cursor("siem") is None
    db.save_cursor("siem", 7)
    db.save_cursor("siem", 9)
    assert db.cursor("siem") == 9


def test_another_process_opens_the_same_tables(db: SqlAuditStore) -> None:
    db.append([_row(0)], [])
    opener = db.worker_opener()
    assert opener is not None
    with pickle.loads(pickle.dumps(opener))() as other, other.reading() as reads:  # as a spawned worker gets it
        assert reads.head() == (0, _row(0)[-2])


def test_an_in_memory_database_has_no_worker_opener_and_the_role_is_a_plain_name() -> None:
    engine = make_engine("sqlite+pysqlite:///:memory:")
    try:
        assert SqlAuditStore(engine).worker_opener() is None
        with pytest.raises(ConfigError):
            SqlAuditStore(engine, pg_role='x"; DROP TABLE audit_events; --')
    finally:
        engine.dispose()


def test_tables_that_are_not_there_are_a_storage_error(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "empty.db"))  # never migrated
    try:
        db = SqlAuditStore(engine)
        with pytest.raises(StorageError), db.reading() as reads:
            reads.head()
        with pytest.raises(StorageError):
            db.append([_row(0)], [])
        with pytest.raises(StorageError):
            db.check()
    finally:
        engine.dispose()


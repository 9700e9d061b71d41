"""Every tampering the issue lists is detected by verify, with its exact location (SQLite and PostgreSQL).

The attacker here is a database owner: triggers are bypassed (dropped on SQLite, disabled with
``session_replication_role = replica`` on PostgreSQL), and hashes are recomputed where that helps them.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Connection

from phigate.audit import SqlAuditLog
from phigate.audit._verify import verify_log
from phigate.audit.verifier import (
    GENESIS_CHAIN,
    chain_hash,
    checkpoint_body,
    entry_bytes,
    key_id,
    leaf_hash,
)
from phigate.models import ActorKind, AuditAction, AuditEvent, AuditReport
from tests._fixtures.audit import engine_of

EVIDENCE = ("audit_events", "audit_nodes", "audit_checkpoints")


@contextmanager
def as_owner(log: SqlAuditLog) -> Iterator[Connection]:
    """A connection that bypasses the append-only triggers, as a database owner could."""
    with engine_of(log).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
            yield conn
            return
        triggers = conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _ in triggers:
            conn.execute(sa.text(f"DROP TRIGGER {name}"))
        yield conn
        for _, sql in triggers:
            conn.execute(sa.text(sql))


def fill(log: SqlAuditLog, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        log.append(AuditEvent(actor_id=f"svc-{i % 3}", actor_kind=ActorKind.SERVICE, action=AuditAction.READ,
                              resource_kind="document", resource_id=f"doc-{i}", tenant="acme"),
                   patient_ref=f"MRN-{i % 5}")


def verify(log: SqlAuditLog, chunk: int = 16) -> AuditReport:
    """``verify`` in one process and spread over two worker processes (ranges of ``chunk`` events): the reports
    agree."""
    report = log.verify()
    parallel = verify_log(log.db, log.keys, log.store, log.keys.public_key, workers=2, chunk=chunk)
    assert parallel == report
    return report


def kinds_at(report: AuditReport) -> set[tuple[str, int | None]]:
    return {(f.kind, f.seq if f.seq is not None else f.tree_size) for f in report.findings}


@pytest.fixture
def filled(audit_log: SqlAuditLog) -> SqlAuditLog:
    fill(audit_log, 50)
    audit_log.checkpoint()
    assert verify(audit_log).ok
    return audit_log


def test_untouched_log_verifies(filled: SqlAuditLog) -> None:
    report = verify(filled)
    assert report.ok and report.events == 50 and report.checkpoints == 1


def test_edit_one_field_of_one_event(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:
        conn.execute(sa.text("UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 17"))
    report = verify(filled)
    assert ("edited", 17) in kinds_at(report)
    assert ("checkpoint_mismatch", 50) in kinds_at(report)
    assert {f.seq for f in report.findings if f.kind == "edited"} == {17}


def test_edit_with_recomputed_hashes_is_still_caught_by_the_mac(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:
        row = conn.execute(sa.text("SELECT * FROM audit_events WHERE seq = 30")).mappings().one()
        fields = dict(row)
        fields["time"] = fields.pop("ts")
        fields["action"] = "delete"
        leaf = leaf_hash(entry_bytes(30, fields))
        prev = conn.execute(sa.text("SELECT chain_hash FROM audit_events WHERE seq = 29")).scalar_one()
        conn.execute(sa.text("UPDATE audit_events SET action = 'delete', leaf_hash = :l, chain_hash = :c "
                             "WHERE seq = 30"), {"l": leaf, "c": chain_hash(bytes(prev), leaf)})
    assert ("forged", 30) in kinds_at(verify(filled))


def test_delete_one_event(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq = 23"))
    report = verify(filled)
    assert ("missing", 23) in kinds_at(report)
    assert "23..23" in next(f.detail for f in report.findings if f.kind == "missing")


def _forge_row(conn: Connection, seq: int, prev_chain: bytes) -> dict[str, Any]:
    fields: dict[str, Any] = {"time": "2026-01-01T00:00:00.000000Z", "tenant": "acme", "actor_kind": "user",
                              "actor_id": "intruder", "action": "read", "resource_kind": "document",
                              "resource_id": "doc-9", "outcome": "success"}
    leaf = leaf_hash(entry_bytes(seq, fields))
    row = {name: fields.get(name) for name in ("tenant", "actor_kind", "actor_id", "action", "resource_kind",
                                               "resource_id", "purpose", "decision", "policy_id", "outcome",
                                               "source_addr", "request_id", "object_hash", "patient_hash")}
    row.update(seq=seq, ts=fields["time"], leaf_hash=leaf, chain_hash=chain_hash(prev_chain, leaf),
               mac=os.urandom(32))
    conn.execute(sa.text(f"INSERT INTO audit_events ({', '.join(row)}) VALUES "
                         f"({', '.join(':' + k for k in row)})"), row)
    return row


def test_insert_a_forged_event_at_the_tail(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:
        prev = bytes(conn.execute(sa.text("SELECT chain_hash FROM audit_events WHERE seq = 49")).scalar_one())
        _forge_row(conn, 50, prev)
    report = verify(filled)
    assert kinds_at(report) == {("forged", 50)}


def test_insert_a_forged_event_in_the_middle(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:  # make room at seq 10 by renumbering the rest, as an attacker would
        conn.execute(sa.text("UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 10"))
        conn.execute(sa.text("UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000"))
        prev = bytes(conn.execute(sa.text("SELECT chain_hash FROM audit_events WHERE seq = 9")).scalar_one())
        _forge_row(conn, 10, prev)
    report = verify(filled)
    found = kinds_at(report)
    assert ("forged", 10) in found
    assert ("moved", 11) in found and ("moved", 50) in found
    assert report.findings[0].seq == 10


def test_swap_two_events(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:
        conn.execute(sa.text("UPDATE audit_events SET seq = -1 WHERE seq = 12"))
        conn.execute(sa.text("UPDATE audit_events SET seq = 12 WHERE seq = 13"))
        conn.execute(sa.text("UPDATE audit_events SET seq = 13 WHERE seq = -1"))
    report = verify(filled)
    assert {("moved", 12), ("moved", 13)} <= kinds_at(report)
    assert "recorded as seq 13 is stored at seq 12" in next(f.detail for f in report.findings if f.seq == 12)


def test_drop_the_last_ten_events(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq >= 40"))
    report = verify(filled)
    assert ("truncated", 40) in kinds_at(report)
    assert "40..49" in next(f.detail for f in report.findings if f.kind == "truncated")


@pytest.mark.parametrize("claimed_key", ["own", "ours"])
def test_replace_a_checkpoint_with_one_signed_by_another_key(filled: SqlAuditLog, claimed_key: str) -> None:
    other = Ed25519PrivateKey.generate()
    raw = other.public_key().public_bytes_raw()
    with as_owner(filled) as conn:
        cp = conn.execute(sa.text("SELECT * FROM audit_checkpoints WHERE tree_size = 50")).mappings().one()
        signer = key_id(raw) if claimed_key == "own" else cp["key_id"]
        body = checkpoint_body(50, bytes(cp["root_hash"]), bytes(cp["chain_hash"]), cp["ts"], signer)
        conn.execute(sa.text("DELETE FROM audit_checkpoints WHERE tree_size = 50"))
        conn.execute(sa.text("INSERT INTO audit_checkpoints VALUES (50, :r, :c, :t, :k, :s, :b)"),
                     {"r": cp["root_hash"], "c": cp["chain_hash"], "t": cp["ts"], "k": signer,
                      "s": other.sign(body), "b": body})
    found = kinds_at(verify(filled))
    assert ("bad_signature", 50) in found
    assert ("checkpoint_replaced", 50) in found


def test_restore_an_old_backup_over_a_newer_log(filled: SqlAuditLog) -> None:
    with engine_of(filled).connect() as conn:
        backup = {t: [dict(r) for r in conn.execute(sa.text(f"SELECT * FROM {t}")).mappings()] for t in EVIDENCE}
    fill(filled, 30, start=50)
    filled.checkpoint()
    with as_owner(filled) as conn:
        for table in EVIDENCE:
            conn.execute(sa.text(f"DELETE FROM {table}"))
            for row in backup[table]:
                conn.execute(sa.text(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                                     f"({', '.join(':' + k for k in row)})"), row)
    found = kinds_at(verify(filled))
    assert ("truncated", 50) in found  # events 50..79 are gone
    assert ("checkpoint_missing", 80) in found  # the blob store still holds the newer checkpoint


def test_edited_tree_node_is_reported(audit_log: SqlAuditLog) -> None:
    fill(audit_log, 260)
    with as_owner(audit_log) as conn:
        conn.execute(sa.text("UPDATE audit_nodes SET hash = :h WHERE height = 8 AND idx = 0"),
                     {"h": bytes(32)})
    assert ("node_mismatch", 0) in kinds_at(verify(audit_log))


def test_the_database_refuses_update_and_delete(filled: SqlAuditLog) -> None:
    for sql in ("UPDATE audit_events SET actor_id = 'x' WHERE seq = 1", "DELETE FROM audit_events WHERE seq = 1",
                "DELETE FROM audit_checkpoints", "UPDATE audit_checkpoints SET ts = ts"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine_of(filled).begin() as conn:
            conn.execute(sa.text(sql))
    assert verify(filled).ok


def test_genesis_chain_is_zero() -> None:
    assert bytes(32) == GENESIS_CHAIN


@pytest.fixture
def long_log(audit_log: SqlAuditLog) -> SqlAuditLog:
    """1,068 events, signed at sizes inside 256-event tiles (100, 1068) and on their edges (256, 512, 768)."""
    for n in (100, 156, 256, 256, 300):
        fill(audit_log, n, start=audit_log.size)
        audit_log.checkpoint()
    return audit_log


def test_long_log_verifies_whole_tiles_and_checkpoints_inside_them(long_log: SqlAuditLog) -> None:
    report = verify(long_log, chunk=512)
    assert report.ok and report.events == 1068 and report.checkpoints == 5


def test_long_log_edit_is_found_and_only_later_checkpoints_break(long_log: SqlAuditLog) -> None:
    with as_owner(long_log) as conn:
        conn.execute(sa.text("UPDATE audit_events SET resource_id = 'doc-x' WHERE seq = 300"))
    found = kinds_at(verify(long_log, chunk=512))
    assert {k for k in found if k[0] == "edited"} == {("edited", 300)}
    assert {k for k in found if k[0] == "checkpoint_mismatch"} == {("checkpoint_mismatch", n) for n in (512, 768, 1068)}


def test_long_log_deletion_in_a_later_range_is_placed_exactly(long_log: SqlAuditLog) -> None:
    with as_owner(long_log) as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq = 600"))
    found = kinds_at(verify(long_log, chunk=256))  # the range after the gap no longer starts where assumed
    assert ("missing", 600) in found and ("chain_broken", 601) in found
    assert {k for k in found if k[0] == "checkpoint_mismatch"} == {("checkpoint_mismatch", 768)}


def test_verify_falls_back_to_one_process_when_workers_cannot_start(filled: SqlAuditLog) -> None:
    with as_owner(filled) as conn:
        conn.execute(sa.text("UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 17"))
    expected = filled.verify()
    interpreter = multiprocessing.spawn.get_executable()
    multiprocessing.set_executable("/nonexistent/python3")  # every worker process dies as it starts
    try:
        report = verify_log(filled.db, filled.keys, filled.store, filled.keys.public_key, workers=2, chunk=16)
    finally:
        multiprocessing.set_executable(interpreter)
    assert report == expected and ("edited", 17) in kinds_at(report)

"""The SQL audit log on SQLite and PostgreSQL: appends, group commit, checkpoints, proofs, clean verify."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from phigate.audit import SqlAuditLog
from phigate.audit.verifier import (
    entry_bytes,
    leaf_hash,
    root_of_leaves,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
)
from phigate.errors import AuditError, InputError
from phigate.models import ActorKind, AuditAction, AuditEvent, AuditOutcome, PurposeOfUse
from phigate.ports import AuditLog
from tests._fixtures.audit import engine_of


def event(i: int = 0, **kw: object) -> AuditEvent:
    base: dict[str, object] = dict(actor_id=f"user-{i % 7}", actor_kind=ActorKind.USER, action=AuditAction.READ,
                                   resource_kind="document", resource_id=f"doc-{i}", tenant="acme",
                                   purpose=PurposeOfUse.TREATMENT, decision="permit", policy_id="p-1",
                                   outcome=AuditOutcome.SUCCESS, source_addr="10.0.0.1", request_id=f"r-{i}",
                                   object_hash="ab" * 32)
    base.update(kw)
    return AuditEvent(**base)  # type: ignore[arg-type]


def test_log_satisfies_the_port(audit_log: SqlAuditLog) -> None:
    assert isinstance(audit_log, AuditLog)


def test_appends_get_consecutive_sequence_numbers_from_zero(audit_log: SqlAuditLog) -> None:
    assert [audit_log.append(event(i)) for i in range(5)] == [0, 1, 2, 3, 4]


def test_concurrent_appenders_are_committed_together_and_all_durable(audit_log: SqlAuditLog) -> None:
    seqs: list[int] = []
    lock = threading.Lock()

    def worker(w: int) -> None:
        for i in range(50):
            s = audit_log.append(event(w * 1000 + i))
            with lock:
                seqs.append(s)
        many = audit_log.append_many([event(w * 1000 + 500 + i) for i in range(5)])  # shares groups too
        with lock:
            seqs.extend(many)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seqs) == list(range(440))
    with engine_of(audit_log).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar() == 440
    assert audit_log.verify().ok


def test_stored_leaf_is_the_documented_canonical_entry(audit_log: SqlAuditLog) -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    audit_log.append(event(1, time=when), patient_ref="MRN-0001")
    record = audit_log_records(audit_log)[0]
    fields = {"time": "2026-01-02T03:04:05.000006Z", "tenant": "acme", "actor_kind": "user",
              "actor_id": "user-1", "action": "read", "resource_kind": "document", "resource_id": "doc-1",
              "purpose": "treatment", "decision": "permit", "policy_id": "p-1", "outcome": "success",
              "source_addr": "10.0.0.1", "request_id": "r-1", "object_hash": "ab" * 32,
              "patient_hash": audit_log.patient_hash("acme", "MRN-0001")}
    assert record.leaf_hash == leaf_hash(entry_bytes(0, fields))
    assert record.event.patient_hash is not None and "MRN" not in record.event.patient_hash


def audit_log_records(log: SqlAuditLog) -> list:  # type: ignore[type-arg]
    from phigate.audit.queries import EventFilter, query_events

    return query_events(log, EventFilter(), limit=1000)


def test_patient_reference_is_never_stored(audit_log: SqlAuditLog) -> None:
    audit_log.append(event(1), patient_ref="MRN-SECRET-42")
    with engine_of(audit_log).connect() as conn:
        dump = repr(conn.execute(sa.text("SELECT * FROM audit_events")).all())
    assert "SECRET" not in dump


def test_checkpoint_is_signed_and_published(audit_log: SqlAuditLog) -> None:
    for i in range(10):
        audit_log.append(event(i))
    cp = audit_log.checkpoint()
    parsed = verify_checkpoint(cp.body, cp.signature, audit_log.keys.public_key)
    assert parsed["tree_size"] == 10
    leaves = [r.leaf_hash for r in audit_log_records(audit_log)]
    assert parsed["root_hash"] == root_of_leaves(leaves)
    assert audit_log.store is not None
    assert [k.object_id for k in audit_log.store.list("_system", "audit-checkpoints")] == [f"{10:020d}"]
    assert audit_log.checkpoint().tree_size == 10  # idempotent at the same size


def test_inclusion_and_consistency_proofs_verify_across_tile_boundaries(audit_log: SqlAuditLog) -> None:
    for i in range(300):  # more than one 256-leaf tile, so stored nodes are used
        audit_log.append(event(i))
    cp_old = audit_log.checkpoint()
    for i in range(300, 777):
        audit_log.append(event(i))
    cp_new = audit_log.checkpoint()
    leaves = [r.leaf_hash for r in audit_log_records(audit_log)]
    for seq in (0, 1, 255, 256, 299, 511, 512, 776):
        path = audit_log.prove_inclusion(seq, 777)
        verify_inclusion(leaves[seq], seq, 777, path, cp_new.root_hash)
    path = audit_log.prove_inclusion(7, 300)
    verify_inclusion(leaves[7], 7, 300, path, cp_old.root_hash)
    verify_consistency(300, 777, cp_old.root_hash, cp_new.root_hash, audit_log.prove_consistency(300, 777))
    assert audit_log.root(777) == cp_new.root_hash


def test_a_second_log_instance_resumes_the_same_tree(audit_log: SqlAuditLog) -> None:
    for i in range(270):
        audit_log.append(event(i))
    other = SqlAuditLog(audit_log.db, audit_log.keys, audit_log.store)
    try:
        assert other.append(event(999)) == 270
    finally:
        other.close()
    assert audit_log.append(event(1000)) == 271  # the first instance notices and resyncs its head
    audit_log.checkpoint()
    assert audit_log.verify().ok


def test_two_log_instances_appending_at_once_share_one_tree(audit_log: SqlAuditLog) -> None:
    """As two processes would: each instance writes with its own connection and resyncs when the other
    appended first; no sequence number is given twice and the tree verifies."""
    other = SqlAuditLog(audit_log.db, audit_log.keys, audit_log.store)
    seqs: list[int] = []
    lock = threading.Lock()

    def worker(log: SqlAuditLog, w: int) -> None:
        for i in range(60):
            got = log.append(event(w * 1000 + i)) if i % 3 else log.append_many([event(w * 1000 + i)] * 2)[1]
            with lock:
                seqs.append(got)

    threads = [threading.Thread(target=worker, args=(log, w)) for w in range(4) for log in (audit_log, other)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.close()
    assert len(seqs) == len(set(seqs)) == 8 * 60
    with engine_of(audit_log).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar() == 8 * 80
    audit_log.checkpoint()
    assert audit_log.verify().ok


@pytest.mark.parametrize("bad", [
    {"actor_id": "Jane Doe"}, {"resource_id": "x" * 129}, {"object_hash": "not-a-hash"},
    {"source_addr": "localhost"}, {"tenant": "../etc"}, {"time": dt.datetime(2026, 1, 1)},
    {"action": "rm -rf"},
])
def test_events_with_free_text_or_malformed_fields_are_refused(audit_log: SqlAuditLog,
                                                               bad: dict[str, object]) -> None:
    with pytest.raises((InputError, ValueError)):
        audit_log.append(event(1, **bad))
    assert audit_log.append(event(2)) == 0  # nothing was written, the log still works


def test_proofs_for_unknown_sizes_are_refused(audit_log: SqlAuditLog) -> None:
    audit_log.append(event(0))
    with pytest.raises(InputError):
        audit_log.prove_inclusion(0, 5)
    with pytest.raises(InputError):
        audit_log.prove_inclusion(3, 2)
    with pytest.raises(InputError):
        audit_log.prove_consistency(2, 1)


def test_closed_log_refuses_appends(audit_log: SqlAuditLog) -> None:
    audit_log.close()
    with pytest.raises(AuditError):
        audit_log.append(event(0))

"""Group commit: many appenders and ``append_many`` share transactions, each event gets its own sequence number,
groups larger than ``batch_max`` are split into several transactions, and a failed group acknowledges none."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from phigate.audit import LogOptions, SqlAuditLog, load_or_create_keys
from phigate.backends.db.audit import SqlAuditStore
from phigate.backends.kms.local import LocalKeyring
from phigate.backends.storage.filesystem import FilesystemStore
from phigate.errors import AuditError, InputError
from phigate.models import ActorKind, AuditAction, AuditEvent


def _event(i: int) -> AuditEvent:
    return AuditEvent(actor_id=f"svc-{i % 5}", actor_kind=ActorKind.SERVICE, action=AuditAction.READ,
                      resource_kind="document", resource_id=f"doc-{i}", tenant="acme")


def test_append_many_is_ordered_and_split_into_small_transactions(
        audit_engine: Engine, audit_key_manager: LocalKeyring, audit_store: FilesystemStore) -> None:
    keys = load_or_create_keys(audit_key_manager, audit_store)
    with SqlAuditLog(SqlAuditStore(audit_engine), keys, audit_store,
                     LogOptions(checkpoint_every=10**9, checkpoint_interval=3600.0, batch_max=3)) as log:
        assert log.append(_event(0)) == 0
        assert log.append_many([_event(i) for i in range(1, 11)]) == list(range(1, 11))
        assert log.append_many([(_event(11), "MRN-1"), _event(12)]) == [11, 12]
        assert log.append_many([]) == []
        log.checkpoint()
        report = log.verify()
        assert report.ok and report.events == 13
        got = [log.prove_inclusion(i, 13) for i in range(13)]
        assert all(len(p) <= 4 for p in got)


def test_a_malformed_event_in_a_batch_refuses_the_whole_batch(audit_log: SqlAuditLog) -> None:
    bad = AuditEvent(actor_id="a name with spaces", actor_kind=ActorKind.USER, action=AuditAction.READ,
                     resource_kind="document")
    with pytest.raises(InputError):
        audit_log.append_many([_event(0), bad])
    with pytest.raises(InputError):
        audit_log.append_many([(_event(0), "")])
    assert audit_log.size == 0
    audit_log.close()
    with pytest.raises(AuditError):
        audit_log.append_many([_event(0)])

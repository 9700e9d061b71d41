"""Fail closed: when the log cannot be written, append raises AuditError (HTTP 503) and nothing is recorded;
an operation guarded by the audit event therefore does not happen."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from phigate.audit import SqlAuditLog
from phigate.errors import AuditError
from phigate.models import ActorKind, AuditAction, AuditEvent
from tests._fixtures.audit import engine_of


def _event() -> AuditEvent:
    return AuditEvent(actor_id="svc", actor_kind=ActorKind.SERVICE, action=AuditAction.CREATE,
                      resource_kind="document", resource_id="doc-1", tenant="acme")


def _make_unwritable(log: SqlAuditLog) -> None:
    with engine_of(log).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("REVOKE INSERT ON audit_events FROM phigate_audit_writer"))
        else:
            conn.execute(sa.text("CREATE TRIGGER audit_full BEFORE INSERT ON audit_events "
                                 "BEGIN SELECT RAISE(ABORT, 'disk full'); END"))


def test_unwritable_log_refuses_the_operation(audit_log: SqlAuditLog) -> None:
    audit_log.append(_event())
    _make_unwritable(audit_log)
    performed: list[str] = []

    def upload() -> None:  # the shape every service operation follows: audit first, then act
        audit_log.append(_event())
        performed.append("stored")

    with pytest.raises(AuditError) as info:
        upload()
    assert info.value.status == 503 and info.value.code == "audit_unavailable"
    assert performed == []
    with engine_of(audit_log).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar() == 1
    assert audit_log.verify().ok


def test_the_log_recovers_when_writable_again(audit_log: SqlAuditLog) -> None:
    audit_log.append(_event())
    _make_unwritable(audit_log)
    with pytest.raises(AuditError):
        audit_log.append(_event())
    with engine_of(audit_log).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("GRANT INSERT ON audit_events TO phigate_audit_writer"))
        else:
            conn.execute(sa.text("DROP TRIGGER audit_full"))
    assert audit_log.append(_event()) == 1
    audit_log.checkpoint()
    assert audit_log.verify().ok

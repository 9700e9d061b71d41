"""Service functions for reading the audit log (the HTTP routes and the CLI call these).

Only principals holding the ``audit:read`` scope may read the log (``admin`` implies every scope). An auditor
bound to a tenant reads only that tenant's events; an administrator reads every tenant's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from phigate.audit import _schema as s
from phigate.audit._log import SqlAuditLog, checkpoint_document
from phigate.errors import Forbidden, InputError, NotFound
from phigate.models import AuditAction, AuditRecord, Principal
from phigate.ports import AuditQuery

AUDITOR_SCOPE = "audit:read"
MAX_PAGE = 1000


@dataclass(frozen=True, slots=True)
class EventFilter:
    tenant: str | None = None
    actor_id: str | None = None
    resource_kind: str | None = None
    resource_id: str | None = None
    action: AuditAction | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    patient_ref: str | None = None  # hashed with the log's key before it reaches the database
    after_seq: int | None = None


def require_auditor(principal: Principal) -> None:
    if not principal.has(AUDITOR_SCOPE):
        raise Forbidden("reading the audit log needs the audit:read scope")


def _tenant_bound(principal: Principal) -> bool:
    return principal.tenant is not None and "admin" not in principal.scopes


def query_events(log: SqlAuditLog, flt: EventFilter, *, limit: int = 100,
                 principal: Principal | None = None) -> list[AuditRecord]:
    """Events matching every given filter, oldest first, at most ``limit`` (≤ 1000)."""
    if principal is not None:
        require_auditor(principal)
        if _tenant_bound(principal) and flt.tenant not in (None, principal.tenant):
            raise Forbidden("an auditor reads only their own tenant's events")
        if _tenant_bound(principal):
            flt = EventFilter(**{**_as_dict(flt), "tenant": principal.tenant})
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit must be between 1 and {MAX_PAGE}")
    query = AuditQuery(
        limit=limit, tenant=flt.tenant, actor_id=flt.actor_id, resource_kind=flt.resource_kind,
        resource_id=flt.resource_id, action=None if flt.action is None else AuditAction(flt.action).value,
        since=None if flt.since is None else s.format_time(flt.since),
        until=None if flt.until is None else s.format_time(flt.until),
        # events naming the patient, and every later event on the same resources
        patient_hash=None if flt.patient_ref is None else log.patient_hash(flt.tenant, flt.patient_ref),
        after_seq=flt.after_seq)
    return [s.row_to_record(r) for r in log.db.find(query)]


def newest_start(log: SqlAuditLog, count: int) -> int:
    """The sequence number of the ``count``-th newest event (0 if there are fewer): where a tail starts. Read
    from the rows, so it holds on a damaged log too."""
    seq = log.db.seq_from_end(count)
    return 0 if seq is None else seq


def list_checkpoints(log: SqlAuditLog, *, limit: int = 100, principal: Principal | None = None
                     ) -> list[dict[str, Any]]:
    if principal is not None:
        require_auditor(principal)
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit must be between 1 and {MAX_PAGE}")
    return [checkpoint_document(cp) for cp in log.checkpoints(limit=limit)]


def get_proof(log: SqlAuditLog, seq: int, *, tree_size: int | None = None,
              principal: Principal | None = None) -> dict[str, Any]:
    """Event ``seq``, its inclusion path and the signed checkpoint it leads to (the newest that covers it,
    or the one of ``tree_size``) — everything ``verifier.py inclusion`` needs."""
    if principal is not None:
        require_auditor(principal)
    cps = log.checkpoints(limit=1) if tree_size is None else [
        cp for cp in log.checkpoints(limit=1, before=tree_size + 1) if cp.tree_size == tree_size]
    if not cps or not 0 <= seq < cps[0].tree_size:
        raise NotFound("no signed checkpoint covers that event yet")
    cp = cps[0]
    row = log.db.event(seq)
    if row is None:
        raise NotFound("no such event")
    record = s.row_to_record(row)
    if principal is not None and _tenant_bound(principal) and record.event.tenant != principal.tenant:
        raise NotFound("no such event")  # 404, not 403: another tenant's event ids do not leak
    return {"event": {"seq": seq, **s.record_fields(record), "leaf_hash": record.leaf_hash.hex()},
            "tree_size": cp.tree_size, "path": [p.hex() for p in log.prove_inclusion(seq, cp.tree_size)],
            "checkpoint": checkpoint_document(cp)}


def _as_dict(flt: EventFilter) -> dict[str, Any]:
    return {name: getattr(flt, name) for name in flt.__slots__}


def get_consistency(log: SqlAuditLog, old_size: int, new_size: int, *, principal: Principal | None = None
                    ) -> dict[str, Any]:
    """Two signed checkpoints and the proof that the older is a prefix of the newer (``verifier.py
    consistency``)."""
    if principal is not None:
        require_auditor(principal)
    found = {cp.tree_size: cp for cp in log.checkpoints(limit=MAX_PAGE, before=new_size + 1)
             if cp.tree_size in (old_size, new_size)}
    if old_size not in found or new_size not in found:
        raise NotFound("no signed checkpoint of that size")
    return {"old": checkpoint_document(found[old_size]), "new": checkpoint_document(found[new_size]),
            "path": [p.hex() for p in log.prove_consistency(old_size, new_size)]}

"""Re-identification requests, their approvals and the single-use grant on the phigate database (SQLite or
PostgreSQL).

Approving locks the request's row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite serialises writers), so two
approvers racing see each other and exactly one of them turns the second approval into the grant; one row per
approver (the primary key) makes approving twice impossible. Using the grant is one conditional ``UPDATE``: of
two concurrent uses exactly one changes the row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from phigate._tables import reidentification_approvals as _a
from phigate._tables import reidentifications as _r
from phigate.errors import Conflict, DuplicateApproval, GrantExpired, NotFound, SelfApproval
from phigate.models import Reidentification, ReidentificationStatus


class SqlReidentificationStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, request: Reidentification, sealed_justification: bytes, *,
            before_commit: Callable[[], None] | None = None) -> None:
        with self._engine.begin() as conn:
            conn.execute(_r.insert().values(
                id=request.id, tenant=request.tenant, document_id=request.document_id, requester=request.requester,
                purpose=request.purpose, sealed_justification=sealed_justification, created_at=request.created_at,
                request_expires_at=request.request_expires_at))
            if before_commit is not None:
                before_commit()

    def get(self, tenant: str, request_id: str) -> tuple[Reidentification, bytes] | None:
        with self._engine.connect() as conn:
            return _load(conn, tenant, request_id)

    def list(self, tenant: str, requester: str | None = None, limit: int = 1000) -> list[Reidentification]:
        q = sa.select(_r).where(_r.c.tenant == tenant)
        if requester is not None:
            q = q.where(_r.c.requester == requester)
        with self._engine.connect() as conn:
            rows = [r._mapping for r in conn.execute(q.order_by(_r.c.created_at.desc()).limit(limit))]
            approvals = _approvals(conn, [str(m["id"]) for m in rows])
        return [_request(m, approvals.get(str(m["id"]), ())) for m in rows]

    def approve(self, tenant: str, request_id: str, approver: str, *, now: float, needed: int, grant_seconds: float,
                before_commit: Callable[[Reidentification], None] | None = None) -> Reidentification:
        with self._engine.begin() as conn:
            locked = conn.execute(sa.select(_r.c.id).where(_r.c.id == request_id, _r.c.tenant == tenant)
                                  .with_for_update()).first()
            found = _load(conn, tenant, request_id) if locked is not None else None
            if found is None:
                raise NotFound("no such re-identification request")
            request = found[0]
            status = request.status(now)
            if status is ReidentificationStatus.EXPIRED and request.granted_at is None:
                raise GrantExpired("this re-identification request expired before it was approved")
            if status is not ReidentificationStatus.PENDING:
                raise Conflict("this re-identification request is no longer awaiting approval")
            if approver == request.requester:  # the policy refused it already; the store holds the line too
                raise SelfApproval("the requester cannot approve their own re-identification request")
            if approver in request.approvers:
                raise DuplicateApproval("this person approved this re-identification request already")
            conn.execute(_a.insert().values(request_id=request_id, approver=approver, approved_at=now))
            approvers = (*request.approvers, approver)
            granted = len(approvers) >= needed
            if granted:
                conn.execute(_r.update().where(_r.c.id == request_id)
                             .values(granted_at=now, grant_expires_at=now + grant_seconds))
            updated = Reidentification(
                request.id, request.tenant, request.document_id, request.requester, request.purpose,
                request.created_at, request.request_expires_at, approvers,
                now if granted else None, now + grant_seconds if granted else None)
            if before_commit is not None:
                before_commit(updated)
        return updated

    def consume(self, tenant: str, request_id: str, requester: str, *, now: float,
                before_commit: Callable[[], None] | None = None) -> bool:
        """Mark the grant used, once: False when it is not (or no longer) usable by ``requester`` now."""
        with self._engine.begin() as conn:
            changed = conn.execute(_r.update().where(
                _r.c.id == request_id, _r.c.tenant == tenant, _r.c.requester == requester, _r.c.used_at.is_(None),
                _r.c.granted_at.is_not(None), _r.c.grant_expires_at > now).values(used_at=now)).rowcount
            if changed != 1:
                return False
            if before_commit is not None:
                before_commit()
        return True


def _load(conn: Connection, tenant: str, request_id: str) -> tuple[Reidentification, bytes] | None:
    row = conn.execute(sa.select(_r).where(_r.c.id == request_id[:64], _r.c.tenant == tenant)).first()
    if row is None:
        return None
    m = row._mapping
    return _request(m, _approvals(conn, [request_id]).get(request_id, ())), bytes(m["sealed_justification"])


def _approvals(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    if ids:
        for r in conn.execute(sa.select(_a.c.request_id, _a.c.approver).where(_a.c.request_id.in_(list(ids)))
                              .order_by(_a.c.approved_at, _a.c.approver)):
            out.setdefault(str(r[0]), []).append(str(r[1]))
    return {k: tuple(v) for k, v in out.items()}


def _request(m: sa.RowMapping, approvers: tuple[str, ...]) -> Reidentification:
    def opt(key: str) -> float | None:
        return None if m[key] is None else float(m[key])

    return Reidentification(str(m["id"]), str(m["tenant"]), str(m["document_id"]), str(m["requester"]),
                            str(m["purpose"]), float(m["created_at"]), float(m["request_expires_at"]), approvers,
                            opt("granted_at"), opt("grant_expires_at"), opt("used_at"))

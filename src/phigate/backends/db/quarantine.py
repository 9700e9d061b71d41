"""The release workflow's records on the phigate database (SQLite or PostgreSQL): release requests and the
approval's state change.

An approval is one transaction: the request approved, the document moved ``unscannable -> clean`` with its
transition, and (on a job engine) the job of the stage that starts from ``clean`` deferred. A crash can leave
neither an approved document without its job nor a job without its approval."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._tables import document_transitions, documents, quarantine_releases
from phigate.errors import Conflict
from phigate.models import (
    DocumentState,
    QuarantineEntry,
    Reason,
    ReleaseRequest,
    decode_reasons,
    encode_reasons,
)
from phigate.ports import JobQueue

PENDING, APPROVED, WITHDRAWN = "pending", "approved", "withdrawn"


class SqlQuarantineStore:
    """``jobs`` and ``release_stage``: the job engine and the name of the stage that starts from ``clean``, whose
    job an approval defers in its own transaction (None in the embedded set-up: the caller runs the stages)."""

    def __init__(self, engine: Engine, *, jobs: JobQueue | None = None, release_stage: str | None = None) -> None:
        self._engine, self._jobs, self._stage = engine, jobs, release_stage

    def held(self, tenant: str, states: Sequence[str]) -> list[QuarantineEntry]:
        d, r = documents, quarantine_releases
        q = (sa.select(d, r.c.status.label("release_status"), r.c.reason_code, r.c.requested_by, r.c.approved_by)
             .outerjoin(r, r.c.document_id == d.c.id)
             .where(d.c.tenant == tenant, d.c.state.in_(list(states))).order_by(d.c.updated_at))
        with self._engine.connect() as conn:
            rows = conn.execute(q).all()
        return [_entry(row._mapping) for row in rows]

    def request(self, tenant: str, document_id: str) -> ReleaseRequest | None:
        r = quarantine_releases
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(r).where(r.c.document_id == document_id[:64], r.c.tenant == tenant)).first()
        return None if row is None else _request(row._mapping)

    def sealed_justification(self, tenant: str, document_id: str) -> bytes | None:
        r = quarantine_releases
        with self._engine.connect() as conn:
            sealed = conn.execute(sa.select(r.c.sealed_justification).where(
                r.c.document_id == document_id[:64], r.c.tenant == tenant)).scalar_one_or_none()
        return None if sealed is None else bytes(sealed)

    def add_request(self, request: ReleaseRequest, sealed_justification: bytes, *,
                    before_commit: Callable[[], None] | None = None) -> None:
        r = quarantine_releases
        with self._engine.begin() as conn:
            current = conn.execute(sa.select(r.c.status).where(r.c.document_id == request.document_id)
                                   ).scalar_one_or_none()
            if current == PENDING:
                raise Conflict("a release request for this document is already pending")
            conn.execute(r.delete().where(r.c.document_id == request.document_id))
            conn.execute(r.insert().values(
                document_id=request.document_id, tenant=request.tenant, status=PENDING,
                reason_code=request.reason_code, sealed_justification=sealed_justification,
                requested_by=request.requested_by, requested_at=request.requested_at))
            if before_commit is not None:
                before_commit()

    def approve(self, document_id: str, approved_by: str, reasons: Sequence[Reason], *, now: float,
                before_commit: Callable[[], None] | None = None) -> None:
        r, d = quarantine_releases, documents
        with self._engine.begin() as conn:  # the approval, the state change and the job commit together, or none
            n = conn.execute(r.update().where(r.c.document_id == document_id, r.c.status == PENDING)
                             .values(status=APPROVED, approved_by=approved_by, approved_at=now)).rowcount
            moved = conn.execute(d.update().where(d.c.id == document_id, d.c.state == DocumentState.UNSCANNABLE.value)
                                 .values(state=DocumentState.CLEAN.value, verdict="released",
                                         reasons=encode_reasons(reasons), updated_at=now, attempts=0,
                                         retry_at=None)).rowcount
            if n != 1 or moved != 1:  # raising rolls the transaction back
                raise Conflict("the document or its release request changed meanwhile")
            conn.execute(document_transitions.insert().values(
                document_id=document_id, from_state=DocumentState.UNSCANNABLE.value,
                to_state=DocumentState.CLEAN.value, stage="release", at=now))
            if self._jobs is not None and self._stage is not None:
                tenant = str(conn.execute(sa.select(d.c.tenant).where(d.c.id == document_id)).scalar_one())
                self._jobs.defer(conn, self._stage, document_id, tenant)
            if before_commit is not None:
                before_commit()

    def withdraw(self, document_id: str) -> None:
        r = quarantine_releases
        with self._engine.begin() as conn:
            conn.execute(r.update().where(r.c.document_id == document_id, r.c.status == PENDING)
                         .values(status=WITHDRAWN))

    def infected_due(self, cutoff: float, tenant: str | None, limit: int) -> list[tuple[str, str]]:
        d = documents
        q = sa.select(d.c.id, d.c.tenant).where(d.c.state == DocumentState.INFECTED.value, d.c.updated_at <= cutoff)
        if tenant is not None:
            q = q.where(d.c.tenant == tenant)
        with self._engine.connect() as conn:
            return [(str(row[0]), str(row[1])) for row in conn.execute(q.order_by(d.c.updated_at).limit(limit))]


def _entry(m: sa.RowMapping) -> QuarantineEntry:
    return QuarantineEntry(
        m["id"], m["tenant"], m["state"], m["verdict"], decode_reasons(m["reasons"]), m["media_type"],
        int(m["size"]), m["sha256"], float(m["updated_at"]), None, m["release_status"], m["reason_code"],
        m["requested_by"], m["approved_by"])


def _request(m: sa.RowMapping) -> ReleaseRequest:
    return ReleaseRequest(m["document_id"], m["tenant"], m["status"], m["reason_code"], m["requested_by"],
                          float(m["requested_at"]), m["approved_by"],
                          None if m["approved_at"] is None else float(m["approved_at"]))

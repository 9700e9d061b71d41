"""Thin routes over ``phigate.services.audit_reads``: events, checkpoints, inclusion proofs (``audit:read`` scope).

Every read of the log is itself an audit event (``audit.read``), written before the answer leaves: if it
cannot be written, the read fails (503). The patient reference filter is PHI, so it travels in the
``Phigate-Patient-Ref`` header, never in the URL (URLs end up in access logs and browser histories).
"""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Header, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from phigate.api._deps import CurrentPrincipal
from phigate.api._schemas import (
    AUTH_ERRORS,
    MAX_NUMBER,
    AuditCheckpointsPublic,
    AuditEventsPublic,
    AuditProofPublic,
    Timestamp,
    errors,
)
from phigate.models import AuditAction
from phigate.services.audit_reads import AuditReads, as_json, event_filter

router = APIRouter(prefix="/v1/audit", tags=["audit"])
_ID = r"^[A-Za-z0-9_][A-Za-z0-9_.:@/+=-]{0,127}$"


class _HasAuditReads(Protocol):
    audit_reads: AuditReads


def _reads(request: Request) -> AuditReads:
    services: _HasAuditReads = request.app.state.services
    return services.audit_reads


@router.get("/events", response_model=AuditEventsPublic, responses=AUTH_ERRORS)
async def events(
    request: Request, principal: CurrentPrincipal,
    actor: Annotated[str | None, Query(pattern=_ID)] = None,
    resource_kind: Annotated[str | None, Query(pattern=_ID)] = None,
    resource: Annotated[str | None, Query(pattern=_ID, description="resource id")] = None,
    action: Annotated[AuditAction | None, Query()] = None,
    since: Annotated[Timestamp | None, Query(description="RFC 3339 with a time zone, inclusive")] = None,
    until: Annotated[Timestamp | None, Query(description="RFC 3339 with a time zone, exclusive")] = None,
    tenant: Annotated[str | None, Query(pattern=_ID)] = None,
    after: Annotated[int | None, Query(ge=-1, le=MAX_NUMBER, description="only events after this seq")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    patient_ref: Annotated[str | None, Header(alias="Phigate-Patient-Ref", max_length=256)] = None,
) -> dict[str, Any]:
    """Events matching every filter, oldest first; ``next_after`` continues the listing."""
    flt = event_filter(tenant=tenant, actor=actor, resource_kind=resource_kind, resource=resource,
                       action=action, since=since, until=until, patient_ref=patient_ref, after=after)

    def run() -> dict[str, Any]:
        page = _reads(request).events(principal, flt, limit=limit)
        return {"events": [as_json(r) for r in page.events], "next_after": page.next_after}

    return await run_in_threadpool(run)


@router.get("/checkpoints", response_model=AuditCheckpointsPublic, responses=AUTH_ERRORS)
async def checkpoints(request: Request, principal: CurrentPrincipal,
                      limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """The newest signed checkpoints (tree size, root, chain head, time, Ed25519 signature). A checkpoint counts
    every tenant's events, so only administrators list them; a tenant's auditor gets the checkpoint that covers
    each of its own events with ``/v1/audit/proof/{seq}``."""
    return {"checkpoints": await run_in_threadpool(_reads(request).checkpoints, principal, limit=limit)}


@router.get("/proof/{seq}", response_model=AuditProofPublic, responses={**errors(404), **AUTH_ERRORS})
async def proof(request: Request, principal: CurrentPrincipal,
                seq: Annotated[int, Path(ge=0, le=MAX_NUMBER)],
                tree_size: Annotated[int | None, Query(ge=1, le=MAX_NUMBER)] = None) -> dict[str, Any]:
    """Event ``seq``, its RFC 9162 inclusion path and the signed checkpoint it leads to: the input of
    ``verifier.py inclusion`` (docs/audit.md)."""
    return await run_in_threadpool(_reads(request).proof, principal, seq, tree_size=tree_size)

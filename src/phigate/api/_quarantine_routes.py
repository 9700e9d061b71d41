"""Thin routes for quarantine operators (scope ``quarantine:admin``): list, re-scan, two-person release, purge.
No route here returns document content; responses carry ids, states, verdicts and reason codes only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from phigate.api._deps import CurrentPrincipal
from phigate.api._schemas import AUTH_ERRORS, REASON_CODES_HELP, REASONS_HELP, errors
from phigate.errors import ServiceUnavailable
from phigate.models import DocumentRecord
from phigate.services.quarantine import (
    QUARANTINE_STATES,
    REASON_CODES,
    QuarantineEntry,
    QuarantineService,
    ReleaseRequest,
)

router = APIRouter(prefix="/v1/quarantine", tags=["quarantine"])
_REASONS: tuple[str, ...] = tuple(sorted(REASON_CODES))


class ReleaseRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_code: str = Field(max_length=64, json_schema_extra={"enum": list(_REASONS)})
    justification: str = Field(min_length=1, max_length=4000, pattern=r"\S",
                               description="sealed at rest; may contain PHI")


class QuarantineEntryPublic(BaseModel):
    document_id: str
    state: str
    verdict: str | None
    reasons: list[str] = Field(description=REASONS_HELP)
    reason_codes: list[str] = Field(description=REASON_CODES_HELP)
    media_type: str
    size: int
    sha256: str
    purge_after: float | None
    release_status: str | None
    release_reason: str | None
    requested_by: str | None
    approved_by: str | None


class ReleaseRequestPublic(BaseModel):
    document_id: str
    status: str
    reason_code: str
    requested_by: str
    approved_by: str | None


class DocumentStatePublic(BaseModel):
    document_id: str
    state: str
    verdict: str | None
    reasons: list[str] = Field(description=REASONS_HELP)
    reason_codes: list[str] = Field(description=REASON_CODES_HELP)


class PurgePublic(BaseModel):
    purged: list[str]


def _service(request: Request) -> QuarantineService:
    service: QuarantineService | None = getattr(request.app.state.services, "quarantine", None)
    if service is None:
        raise ServiceUnavailable("the quarantine workflow is not configured")
    return service


QuarantineDep = Annotated[QuarantineService, Depends(_service)]


def _entry(e: QuarantineEntry) -> QuarantineEntryPublic:
    return QuarantineEntryPublic(document_id=e.document_id, state=e.state, verdict=e.verdict,
                                 reasons=[str(r) for r in e.reasons], reason_codes=[r.code for r in e.reasons],
                                 media_type=e.media_type, size=e.size, sha256=e.sha256, purge_after=e.purge_after,
                                 release_status=e.release_status, release_reason=e.release_reason,
                                 requested_by=e.requested_by, approved_by=e.approved_by)


def _doc(d: DocumentRecord) -> DocumentStatePublic:
    return DocumentStatePublic(document_id=d.id, state=d.state.value, verdict=d.verdict,
                               reasons=[str(r) for r in d.reasons], reason_codes=[r.code for r in d.reasons])


def _request(r: ReleaseRequest) -> ReleaseRequestPublic:
    return ReleaseRequestPublic(document_id=r.document_id, status=r.status, reason_code=r.reason_code,
                                requested_by=r.requested_by, approved_by=r.approved_by)


_STATES = {"enum": [s.value for s in QUARANTINE_STATES]}
# 404: no such document for this tenant; 409: not in the state (or release stage) this needs
_DOC_ERRORS = {**errors(404, 409), **AUTH_ERRORS}


@router.get("", response_model=list[QuarantineEntryPublic], responses={**errors(400), **AUTH_ERRORS})
def list_quarantine(principal: CurrentPrincipal, service: QuarantineDep,
                    state: Annotated[str | None, Query(max_length=32, json_schema_extra=_STATES)] = None,
                    ) -> list[QuarantineEntryPublic]:
    return [_entry(e) for e in service.held(principal, state)]


@router.post("/{document_id}/rescan", response_model=DocumentStatePublic, responses=_DOC_ERRORS)
def rescan(document_id: str, principal: CurrentPrincipal, service: QuarantineDep) -> DocumentStatePublic:
    return _doc(service.rescan(principal, document_id))


@router.post("/{document_id}/release-request", response_model=ReleaseRequestPublic, status_code=201,
             responses={**errors(400, 413), **_DOC_ERRORS})
def request_release(document_id: str, body: ReleaseRequestCreate, principal: CurrentPrincipal,
                    service: QuarantineDep) -> ReleaseRequestPublic:
    return _request(service.request_release(principal, document_id, body.reason_code, body.justification))


@router.post("/{document_id}/approve-release", response_model=DocumentStatePublic, responses=_DOC_ERRORS)
def approve_release(document_id: str, principal: CurrentPrincipal, service: QuarantineDep) -> DocumentStatePublic:
    """Release a held document (the second person of the four-eyes release). A person needs a recent sign-in
    with a second factor (RFC 9470 step-up, the policy's ``quarantine.release``, asked by the use case)."""
    return _doc(service.approve_release(principal, document_id))


@router.post("/purge", response_model=PurgePublic, responses=AUTH_ERRORS)
def purge(principal: CurrentPrincipal, service: QuarantineDep) -> PurgePublic:
    return PurgePublic(purged=service.purge(principal))

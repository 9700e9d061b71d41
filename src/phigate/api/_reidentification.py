"""Thin routes for re-identification by dual approval: a person asks (``POST /v1/reidentifications``), two other
people approve (``POST /v1/reidentifications/{id}/approve``, each freshly signed in), the requester uses the
single-use grant (``POST /v1/reidentifications/{id}/use``: the document's linkage, once). The policy checks, the
step-up challenge and the audit events happen in ``ReidentificationService``."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from phigate.api._deps import CurrentPrincipal
from phigate.api._schemas import AUTH_ERRORS, errors
from phigate.errors import ServiceUnavailable
from phigate.models import Reidentification
from phigate.services.reidentification import MAX_JUSTIFICATION, ReidentificationService

router = APIRouter(tags=["re-identification"])
_NO_STORE = {"Cache-Control": "no-store"}
RequestId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class ReidentificationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_id: str = Field(max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    purpose: str = Field(max_length=32, description=(
        "purpose of use: an HL7 PurposeOfUse code (TREAT, ETREAT, HPAYMT, HOPERAT, PUBHLTH; HRESCH is refused) or "
        "its name"))
    justification: str = Field(max_length=MAX_JUSTIFICATION,
                               description="why the originals are needed (sealed; shown to the approvers)")


class ReidentificationPublic(BaseModel):
    id: str
    tenant: str
    document_id: str
    requester: str
    purpose: str
    status: str = Field(description="pending, approved (usable once), used or expired")
    approvers: list[str]
    created_at: float
    request_expires_at: float
    granted_at: float | None = None
    grant_expires_at: float | None = None
    used_at: float | None = None
    justification: str | None = Field(default=None, description="on a single request's view only")


class LinkageEntry(BaseModel):
    type: str
    original: str
    replacement: str
    start: int | None = Field(default=None, description="offset of the original in the extracted text, when known")
    end: int | None = None


class ReidentificationUse(BaseModel):
    id: str
    document_id: str
    linkage: list[LinkageEntry]


def _service(request: Request) -> ReidentificationService:
    service: ReidentificationService | None = getattr(request.app.state.services, "reidentification", None)
    if service is None:
        raise ServiceUnavailable("re-identification is not configured")
    return service


Service = Annotated[ReidentificationService, Depends(_service)]


def _public(r: Reidentification) -> dict[str, Any]:
    return {"id": r.id, "tenant": r.tenant, "document_id": r.document_id, "requester": r.requester,
            "purpose": r.purpose, "status": str(r.status(time.time())), "approvers": list(r.approvers),
            "created_at": r.created_at, "request_expires_at": r.request_expires_at, "granted_at": r.granted_at,
            "grant_expires_at": r.grant_expires_at, "used_at": r.used_at, "justification": r.justification}


@router.post("/v1/reidentifications", response_model=ReidentificationPublic, status_code=201,
             responses={**errors(400, 404), **AUTH_ERRORS})
def request_reidentification(body: ReidentificationCreate, principal: CurrentPrincipal,
                             service: Service) -> dict[str, Any]:
    """Ask to read a document's linkage (originals behind its surrogates), with a purpose and a justification."""
    return _public(service.request(principal, body.document_id, body.purpose, body.justification))


@router.get("/v1/reidentifications", response_model=list[ReidentificationPublic], responses=AUTH_ERRORS)
def list_reidentifications(principal: CurrentPrincipal, service: Service) -> list[dict[str, Any]]:
    """Your requests; every request of the tenant for the privacy officer."""
    return [_public(r) for r in service.requests(principal)]


@router.get("/v1/reidentifications/{reid_id}", response_model=ReidentificationPublic,
            responses={**errors(404), **AUTH_ERRORS})
def show_reidentification(reid_id: RequestId, principal: CurrentPrincipal, service: Service) -> Any:
    return JSONResponse(_public(service.show(principal, reid_id)), headers=_NO_STORE)


@router.post("/v1/reidentifications/{reid_id}/approve", response_model=ReidentificationPublic,
             responses={**errors(404, 409, 410), **AUTH_ERRORS})
def approve_reidentification(reid_id: RequestId, principal: CurrentPrincipal, service: Service) -> dict[str, Any]:
    """Approve a request (not your own, once; a fresh sign-in with a second factor). The second approval grants
    it."""
    return _public(service.approve(principal, reid_id))


@router.post("/v1/reidentifications/{reid_id}/use", response_model=ReidentificationUse,
             responses={**errors(404, 409, 410), **AUTH_ERRORS})
def use_reidentification(reid_id: RequestId, principal: CurrentPrincipal, service: Service) -> Any:
    """The requester's single use of the grant: the document's linkage (type, original, replacement), once."""
    request, linkage = service.use(principal, reid_id)
    return JSONResponse({"id": request.id, "document_id": request.document_id, "linkage": linkage},
                        headers=_NO_STORE)

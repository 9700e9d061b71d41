"""Thin routes for break-glass: a person opens an emergency-access window with a written justification
(``POST /v1/break-glass``); the privacy officer reviews the windows afterwards (``GET /v1/break-glass``). The
policy check, the alert and the audit events happen in ``BreakGlassService``."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from phigate.api._deps import CurrentPrincipal
from phigate.api._schemas import AUTH_ERRORS, errors
from phigate.errors import ServiceUnavailable
from phigate.services.break_glass import MAX_JUSTIFICATION, BreakGlass, BreakGlassService

router = APIRouter(tags=["break-glass"])


class BreakGlassCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    justification: str = Field(max_length=MAX_JUSTIFICATION,
                               description="why this emergency needs the access (sealed; shown to the reviewer)")


class BreakGlassPublic(BaseModel):
    id: str
    tenant: str
    user_id: str
    opened_at: float
    expires_at: float
    active: bool
    justification: str | None = Field(default=None, description="on the review list only")


def _service(request: Request) -> BreakGlassService:
    service: BreakGlassService | None = getattr(request.app.state.services, "break_glass", None)
    if service is None:
        raise ServiceUnavailable("break-glass is not configured")
    return service


Service = Annotated[BreakGlassService, Depends(_service)]


def _public(window: BreakGlass) -> dict[str, Any]:
    return {"id": window.id, "tenant": window.tenant, "user_id": window.user_id, "opened_at": window.opened_at,
            "expires_at": window.expires_at, "active": window.open_at(time.time()),
            "justification": window.justification}


@router.post("/v1/break-glass", response_model=BreakGlassPublic, status_code=201,
             responses={**errors(400), **AUTH_ERRORS})
def open_break_glass(body: BreakGlassCreate, principal: CurrentPrincipal, service: Service) -> dict[str, Any]:
    return _public(service.open(principal, body.justification))


@router.get("/v1/break-glass", response_model=list[BreakGlassPublic], responses=AUTH_ERRORS)
def review_break_glass(principal: CurrentPrincipal, service: Service,
                       since: Annotated[float, Query(ge=0, description="epoch seconds")] = 0.0) -> list[dict[str, Any]]:
    return [_public(w) for w in service.review(principal, since=since)]

"""Thin routes: parse, one service call, a response schema."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from phigate.api._deps import CurrentPrincipal, ServicesDep
from phigate.api._errors import error_response
from phigate.api._schemas import (
    AUTH_ERRORS,
    COMMON_ERRORS,
    HealthPublic,
    ReadyPublic,
    UploadCreate,
    UploadPublic,
    UploadStatusPublic,
    errors,
)
from phigate.api._stream import pump
from phigate.errors import InputError
from phigate.services.intake import NewUpload, UploadStatus

router = APIRouter()
_METRICS_TOKEN = HTTPBearer(auto_error=False, scheme_name="metricsToken",
                            description="The operator's metrics token (<data_dir>/keys/metrics.token), not an "
                                        "access token.")
# the signed PUT's body: the document's bytes, of the media type and size declared when the upload was created
_PUT_BODY = {"requestBody": {"required": True, "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}}}


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def status_public(s: UploadStatus) -> UploadStatusPublic:
    return UploadStatusPublic(upload_id=s.upload_id, status=s.status, state=s.state, verdict=s.verdict,
                              reasons=[str(r) for r in s.reasons], reason_codes=[r.code for r in s.reasons],
                              size=s.size, received=s.received, expires_at=iso(s.expires_at))


@router.post("/v1/uploads", response_model=UploadPublic, status_code=201, tags=["uploads"],
             responses={**errors(400, 413, 415), **AUTH_ERRORS})
def create_upload(body: UploadCreate, principal: CurrentPrincipal, services: ServicesDep) -> UploadPublic:
    # an empty patient reference is no patient reference (the audit log refuses an empty one)
    new = NewUpload(**{**body.model_dump(), "patient_ref": body.patient_ref or None})
    ticket = services.intake.create_upload(principal, new)
    return UploadPublic(upload_id=ticket.upload_id, put_url=ticket.put_url, tus_url=ticket.tus_url,
                        expires_at=iso(ticket.expires_at))


@router.get("/v1/uploads/{upload_id}", response_model=UploadStatusPublic, tags=["uploads"],
            responses={**errors(404), **AUTH_ERRORS})
def upload_status(upload_id: str, principal: CurrentPrincipal, services: ServicesDep) -> UploadStatusPublic:
    return status_public(services.intake.status(principal, upload_id))


@router.put("/v1/put/{upload_id}", response_model=UploadStatusPublic, status_code=201, tags=["uploads"],
            openapi_extra=_PUT_BODY, responses={**errors(400, 403, 404, 408, 409, 410, 413, 415), **COMMON_ERRORS})
async def signed_put(request: Request, upload_id: str, services: ServicesDep,
                     exp: Annotated[str, Query(max_length=20, description="from the signed URL")] = "",
                     sig: Annotated[str, Query(max_length=128, description="from the signed URL")] = "",
                     ) -> UploadStatusPublic:
    """The signed URL from ``POST /v1/uploads``: works once, for that upload, size and type, until it expires."""
    incoming = await run_in_threadpool(services.intake.begin_put, upload_id, exp, sig, _content_length(request))
    status = await pump(request, incoming, read_timeout=request.app.state.read_timeout,
                        metrics=request.app.state.metrics)
    return status_public(status)


@router.get("/healthz", tags=["operations"], response_model=HealthPublic, responses=errors(429))
def healthz() -> HealthPublic:
    return HealthPublic(status="ok")


@router.get("/readyz", tags=["operations"], response_model=ReadyPublic, responses=errors(429, 503))
def readyz(services: ServicesDep) -> Response:
    checks = services.readiness()
    ready = all(v in {"ok", "not_configured"} for v in checks.values())
    if not ready:
        return error_response(503, "not_ready", "a component is unavailable: " +
                              ", ".join(k for k, v in checks.items() if v not in {"ok", "not_configured"}))
    import json

    return Response(json.dumps({"status": "ready", "checks": checks}), media_type="application/json")


@router.get("/metrics", tags=["operations"], responses={
    200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text format"},
    **errors(401, 429)})
def metrics(request: Request,
            _declared: Annotated[HTTPAuthorizationCredentials | None, Security(_METRICS_TOKEN)]) -> Response:
    """Prometheus metrics for the operator, not for tenants: they need the metrics token (the file
    ``<data_dir>/keys/metrics.token``, created 0600 on first run; Prometheus reads it with
    ``authorization: {credentials_file: ...}``). No label names a tenant, an id or a value."""
    expected: str = request.app.state.metrics_token
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        return error_response(401, "unauthenticated", "the metrics token is required",
                              {"WWW-Authenticate": "Bearer"})
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)


def _content_length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise InputError("Content-Length is not a number") from exc
    if value < 0:
        raise InputError("Content-Length is negative")
    return value

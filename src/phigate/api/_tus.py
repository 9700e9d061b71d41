"""tus 1.0.0 at ``/v1/tus/``: core, creation, creation-with-upload, expiration, checksum (sha256), termination.

Unlike a bare tus server, every HEAD/PATCH/DELETE is re-authorised: the bearer token must belong to the
principal that created the upload (another tenant's or caller's upload is a 404, so ids do not leak).
"""

from __future__ import annotations

import base64
import binascii
import email.utils
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from starlette.concurrency import run_in_threadpool

from phigate.api._deps import CurrentPrincipal, ServicesDep
from phigate.api._routes import _content_length
from phigate.api._schemas import MAX_NUMBER, HeaderInt
from phigate.api._stream import pump
from phigate.errors import Error, InputError, PayloadTooLarge, UnsupportedMediaType
from phigate.services.intake import NewUpload

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,creation-with-upload,expiration,checksum,termination"
OFFSET_STREAM = "application/offset+octet-stream"


class VersionMismatch(Error):
    """This server speaks tus 1.0.0 only."""

    code = "tus_version_mismatch"
    status = 412


def _require_tus(tus_resumable: Annotated[str | None, Header()] = None) -> None:
    if tus_resumable != TUS_VERSION:
        raise VersionMismatch("send Tus-Resumable: 1.0.0")


router = APIRouter(prefix="/v1/tus", tags=["tus"], dependencies=[Depends(_require_tus)])
options_router = APIRouter(prefix="/v1/tus", tags=["tus"])


def _http_date(ts: float) -> str:
    return email.utils.formatdate(ts, usegmt=True)


@options_router.options("/", status_code=204)
def discover(request: Request) -> Response:
    """tus discovery: the version, extensions, checksum algorithm and largest upload this server takes."""
    return Response(status_code=204, headers={
        "Tus-Version": TUS_VERSION, "Tus-Extension": EXTENSIONS, "Tus-Checksum-Algorithm": "sha256",
        "Tus-Max-Size": str(request.app.state.max_upload_bytes)})


@options_router.options("/{upload_id}", status_code=204)
def discover_upload(request: Request, upload_id: str) -> Response:
    """tus discovery on an upload's URL (clients may ask there): the same answer, nothing about the upload."""
    return discover(request)


def parse_metadata(raw: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if not raw:
        return out
    if len(raw) > 8192:
        raise InputError("Upload-Metadata is too long")
    for pair in raw.split(","):
        key, _, value = pair.strip().partition(" ")
        if not key or key in out:
            raise InputError("Upload-Metadata is malformed")
        try:
            out[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise InputError("Upload-Metadata values must be base64 of UTF-8 text") from exc
    return out


@router.post("/", status_code=201)
async def create(request: Request, principal: CurrentPrincipal, services: ServicesDep,
                 upload_length: Annotated[HeaderInt | None, Header(ge=1, le=MAX_NUMBER)] = None,
                 upload_metadata: Annotated[str | None, Header()] = None,
                 upload_checksum: Annotated[str | None, Header()] = None) -> Response:
    if upload_length is None:
        raise InputError("Upload-Length is required (Upload-Defer-Length is not supported)")
    length = _content_length(request)
    with_upload = request.headers.get("content-type", "").split(";")[0].strip() == OFFSET_STREAM and (
        bool(length) or (length is None and "transfer-encoding" in request.headers))
    if length is not None and length > upload_length:
        raise PayloadTooLarge("the body is longer than Upload-Length")
    meta = parse_metadata(upload_metadata)
    new = NewUpload(filename=meta.get("filename") or meta.get("name") or "upload",
                    media_type=meta.get("filetype") or meta.get("media_type") or meta.get("content_type") or "",
                    size=upload_length, sha256=meta.get("sha256") or None,
                    patient_ref=meta.get("patient_ref") or None, ai_consent=meta.get("ai_consent") == "true")
    ticket = await run_in_threadpool(services.intake.create_upload, principal, new, via="tus")
    headers = {"Location": ticket.tus_url, "Upload-Expires": _http_date(ticket.expires_at), "Upload-Offset": "0"}
    if with_upload:
        incoming = await run_in_threadpool(services.intake.begin_patch, principal, ticket.upload_id, 0, length,
                                           upload_checksum)
        status = await pump(request, incoming, read_timeout=request.app.state.read_timeout,
                            metrics=request.app.state.metrics)
        headers["Upload-Offset"] = str(status.received)
    return Response(status_code=201, headers=headers)


@router.head("/{upload_id}")
def offset(upload_id: str, principal: CurrentPrincipal, services: ServicesDep) -> Response:
    session = services.intake.tus_session(principal, upload_id)
    return Response(status_code=200, headers={
        "Upload-Offset": str(session.received), "Upload-Length": str(session.max_bytes),
        "Upload-Expires": _http_date(session.expires_at), "Cache-Control": "no-store"})


@router.patch("/{upload_id}", status_code=204)
async def append(request: Request, upload_id: str, principal: CurrentPrincipal, services: ServicesDep,
                 upload_offset: Annotated[HeaderInt | None, Header(ge=0, le=MAX_NUMBER)] = None,
                 upload_checksum: Annotated[str | None, Header()] = None) -> Response:
    if request.headers.get("content-type", "").split(";")[0].strip() != OFFSET_STREAM:
        raise UnsupportedMediaType(f"PATCH bodies must be {OFFSET_STREAM}")
    if upload_offset is None or upload_offset < 0:
        raise InputError("Upload-Offset is required")
    incoming = await run_in_threadpool(services.intake.begin_patch, principal, upload_id, upload_offset,
                                       _content_length(request), upload_checksum)
    status = await pump(request, incoming, read_timeout=request.app.state.read_timeout,
                        metrics=request.app.state.metrics)
    return Response(status_code=204, headers={"Upload-Offset": str(status.received),
                                              "Upload-Expires": _http_date(status.expires_at)})


@router.delete("/{upload_id}", status_code=204)
def terminate(upload_id: str, principal: CurrentPrincipal, services: ServicesDep) -> Response:
    services.intake.terminate(principal, upload_id)
    return Response(status_code=204)

"""tus 1.0.0 at ``/v1/tus/``: core, creation, creation-with-upload, expiration, checksum (sha256), termination.

Unlike a bare tus server, every HEAD/PATCH/DELETE is re-authorised: the bearer token must belong to the
principal that created the upload (another tenant's or caller's upload is a 404, so ids do not leak).
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from starlette.concurrency import run_in_threadpool

from phigate.api._deps import CurrentPrincipal, ServicesDep
from phigate.api._routes import _content_length
from phigate.api._schemas import AUTH_ERRORS, HeaderLength, HeaderOffset, errors
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


def _require_tus(tus_resumable: Annotated[str | None, Header(include_in_schema=False)] = None) -> None:
    """tus answers a missing or other version with 412 (so the header is declared by ``_TUS`` instead)."""
    if tus_resumable != TUS_VERSION:
        raise VersionMismatch("send Tus-Resumable: 1.0.0")


_B64 = r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"
_PAIR = rf"[!-+\--~]{{1,64}}(?: {_B64})?"  # a key (no space or comma) and an optional base64 value
# tus answers an unsupported checksum algorithm with 400, so the pattern is checked here, not by the schema
_CHECKSUM = re.compile(r"sha256 [A-Za-z0-9+/]{43}=")
_CHECKSUM_SCHEMA: dict[str, Any] = {"pattern": f"^{_CHECKSUM.pattern}$"}
_TUS_VERSION_HEADER = {"name": "Tus-Resumable", "in": "header", "required": True,
                       "schema": {"type": "string", "enum": [TUS_VERSION]}}
_OFFSET_BODY = {"required": True, "content": {OFFSET_STREAM: {"schema": {"type": "string", "format": "binary"}}}}
_TUS = {"parameters": [_TUS_VERSION_HEADER]}
_TUS_ERRORS = {**errors(404, 410, 412), **AUTH_ERRORS}
_UPLOAD_HEADERS = {
    "Upload-Offset": {"description": "bytes received so far", "schema": {"type": "integer", "minimum": 0}},
    "Upload-Expires": {"description": "when an unfinished upload is deleted (RFC 9110 date)",
                       "schema": {"type": "string"}},
    "Tus-Resumable": {"schema": {"type": "string", "enum": [TUS_VERSION]}}}
_DISCOVERY: dict[int | str, dict[str, Any]] = {204: {"description": "this server's tus capabilities", "headers": {
    "Tus-Version": {"schema": {"type": "string"}}, "Tus-Extension": {"schema": {"type": "string"}},
    "Tus-Checksum-Algorithm": {"schema": {"type": "string"}},
    "Tus-Max-Size": {"schema": {"type": "integer"}}}}}

# tus answers carry headers, never a body
router = APIRouter(prefix="/v1/tus", tags=["tus"], dependencies=[Depends(_require_tus)],
                   default_response_class=Response)
options_router = APIRouter(prefix="/v1/tus", tags=["tus"], default_response_class=Response)


def _http_date(ts: float) -> str:
    return email.utils.formatdate(ts, usegmt=True)


@options_router.options("/", status_code=204, responses={**_DISCOVERY, **errors(429)})
def discover(request: Request) -> Response:
    """tus discovery: the version, extensions, checksum algorithm and largest upload this server takes."""
    return Response(status_code=204, headers={
        "Tus-Version": TUS_VERSION, "Tus-Extension": EXTENSIONS, "Tus-Checksum-Algorithm": "sha256",
        "Tus-Max-Size": str(request.app.state.max_upload_bytes)})


@options_router.options("/{upload_id}", status_code=204, responses={**_DISCOVERY, **errors(422, 429)})
def discover_upload(request: Request, upload_id: str) -> Response:
    """tus discovery on an upload's URL (clients may ask there): the same answer, nothing about the upload."""
    return discover(request)


def _check_checksum(value: str | None) -> None:
    if value is not None and not _CHECKSUM.fullmatch(value):
        raise InputError("Upload-Checksum must be 'sha256 <base64 digest>' (the one algorithm this server has)")


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


@router.post("/", status_code=201, openapi_extra={
    **_TUS, "requestBody": {**_OFFSET_BODY, "required": False, "description": "creation-with-upload: the first "
                            "bytes (at most Upload-Length)"}}, responses={
    201: {"description": "created", "headers": {"Location": {"schema": {"type": "string"}}, **_UPLOAD_HEADERS}},
    **errors(400, 408, 413, 415, 460), **_TUS_ERRORS})
async def create(request: Request, principal: CurrentPrincipal, services: ServicesDep,
                 upload_length: Annotated[HeaderLength, Header(
                     description="the upload's size (Upload-Defer-Length is not supported)")],
                 upload_metadata: Annotated[str | None, Header(
                     max_length=8192, pattern=rf"^{_PAIR}(?:, ?{_PAIR})*$",
                     description="tus metadata: filename, filetype (an accepted media type; required), sha256, "
                                 "patient_ref, ai_consent (base64 values)")] = None,
                 upload_checksum: Annotated[str | None, Header(json_schema_extra=_CHECKSUM_SCHEMA)] = None,
                 ) -> Response:
    _check_checksum(upload_checksum)
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


@router.head("/{upload_id}", openapi_extra=_TUS, responses={
    200: {"description": "the upload's offset", "headers": {
        **_UPLOAD_HEADERS, "Upload-Length": {"schema": {"type": "integer", "minimum": 1}}}}, **_TUS_ERRORS})
def offset(upload_id: str, principal: CurrentPrincipal, services: ServicesDep) -> Response:
    session = services.intake.tus_session(principal, upload_id)
    return Response(status_code=200, headers={
        "Upload-Offset": str(session.received), "Upload-Length": str(session.max_bytes),
        "Upload-Expires": _http_date(session.expires_at), "Cache-Control": "no-store"})


@router.patch("/{upload_id}", status_code=204, openapi_extra={**_TUS, "requestBody": _OFFSET_BODY}, responses={
    204: {"description": "the bytes were appended", "headers": _UPLOAD_HEADERS},
    **errors(400, 408, 409, 413, 415, 460), **_TUS_ERRORS})
async def append(request: Request, upload_id: str, principal: CurrentPrincipal, services: ServicesDep,
                 upload_offset: Annotated[HeaderOffset, Header()],
                 upload_checksum: Annotated[str | None, Header(json_schema_extra=_CHECKSUM_SCHEMA)] = None,
                 ) -> Response:
    if request.headers.get("content-type", "").split(";")[0].strip() != OFFSET_STREAM:
        raise UnsupportedMediaType(f"PATCH bodies must be {OFFSET_STREAM}")
    _check_checksum(upload_checksum)
    incoming = await run_in_threadpool(services.intake.begin_patch, principal, upload_id, upload_offset,
                                       _content_length(request), upload_checksum)
    status = await pump(request, incoming, read_timeout=request.app.state.read_timeout,
                        metrics=request.app.state.metrics)
    return Response(status_code=204, headers={"Upload-Offset": str(status.received),
                                              "Upload-Expires": _http_date(status.expires_at)})


@router.delete("/{upload_id}", status_code=204,
               openapi_extra=_TUS,
               responses={204: {"description": "terminated"}, **errors(409), **_TUS_ERRORS})
def terminate(upload_id: str, principal: CurrentPrincipal, services: ServicesDep) -> Response:
    services.intake.terminate(principal, upload_id)
    return Response(status_code=204)

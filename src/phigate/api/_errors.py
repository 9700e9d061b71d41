"""Every failure becomes ``{"error": {"code", "message"}}`` with its status: never a stack trace, never PHI
(validation messages name the field and the rule, not the value that was sent)."""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from phigate.errors import Error, RateLimited, StepUpRequired

log = logging.getLogger("phigate.api")

_HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 411: "length_required",
               412: "precondition_failed", 413: "payload_too_large", 415: "unsupported_media_type",
               422: "unprocessable", 429: "rate_limited"}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


async def _phigate_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Error)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if isinstance(exc, StepUpRequired):  # RFC 9470: the challenge names what a retry needs
        headers = {"WWW-Authenticate": exc.challenge()}
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after)}
    if exc.status >= 500:
        log.warning("request failed: %s", exc.code)
    return error_response(exc.status, exc.code, exc.diagnostics(), headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "malformed_json", "the request body is not valid JSON")
    parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors[:10]]
    return error_response(422, "invalid_request", "; ".join(parts))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return error_response(exc.status_code, _HTTP_CODES.get(exc.status_code, "error"), str(exc.detail),
                          headers or None)


def allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI document lists for this path (FastAPI keeps one route per method, so the route
    that matched the path alone would name only its own)."""
    table: list[tuple[re.Pattern[str], list[str]]] | None = getattr(request.app.state, "allowed_methods", None)
    if table is None:
        table = [(_template(path), sorted(m.upper() for m in item))
                 for path, item in request.app.openapi()["paths"].items()]
        request.app.state.allowed_methods = table
    path = request.url.path
    return sorted({m for pattern, methods in table if pattern.fullmatch(path) for m in methods})


def _template(path: str) -> re.Pattern[str]:
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part)
                              for part in re.split(r"(\{[^/}]+\})", path)))


async def _client_abort(request: Request, exc: Exception) -> JSONResponse:
    """The client hung up mid-request (the upload was already aborted and kept nothing): an everyday event,
    counted as 499 (nginx's "client closed request"), not a server failure."""
    route = getattr(request.scope.get("route"), "path", "unmatched")
    log.warning("client aborted the request: %s %s", request.method, route)
    return error_response(499, "client_closed_request", "the client closed the connection")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected failure: %s", type(exc).__name__)
    return error_response(500, "internal_error", "internal error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(Error, _phigate_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ClientDisconnect, _client_abort)
    app.add_exception_handler(Exception, _unexpected)

"""Pure ASGI middleware (streaming bodies pass straight through): strict security headers on every response,
a small body cap on everything that is not an upload, and Prometheus metrics by route template (never by raw
path, so no id or value ever becomes a label)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("phigate.access")
_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")
MAX_JSON_BODY = 64 * 1024
# an oversized body up to this size is read and dropped before its 413: a client still sending when the server
# answers and closes would see a broken connection instead of the answer; a larger one is answered at once
DRAIN_MAX = 1024 * 1024
UPLOAD_PREFIXES = ("/v1/put/", "/v1/tus")
# /docs (Swagger UI from local assets) may load scripts, styles and images from this origin, nothing else
DOCS_CSP = (b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def security_headers(hsts_max_age: int) -> list[tuple[bytes, bytes]]:
    return [
        (b"strict-transport-security", f"max-age={hsts_max_age}; includeSubDomains".encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("phigate_http_requests", "HTTP requests by route template and status",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("phigate_http_request_seconds", "HTTP request duration by route template",
                                 ["route"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300))
        self.upload_bytes = Counter("phigate_upload_bytes", "Bytes accepted into quarantine",
                                    registry=self.registry)
        self.uploads = Counter("phigate_uploads", "Completed or failed uploads by outcome", ["outcome"],
                               registry=self.registry)


class EdgeMiddleware:
    def __init__(self, app: ASGIApp, *, hsts_max_age: int, metrics: Metrics, body_timeout: float = 10.0) -> None:
        self._app, self._body_timeout = app, body_timeout
        self._headers = security_headers(hsts_max_age)
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_upload = path.startswith(UPLOAD_PREFIXES)
        is_tus = path.startswith("/v1/tus")
        is_docs = path == "/docs" or path.startswith("/docs/")
        status_holder = [500]
        started = time.perf_counter()
        state = scope.setdefault("state", {})  # the app's dependencies record the principal here
        bound = state.get("request_context")  # RequestContextMiddleware, outside this one, chose the id
        state["request_id"] = request_id = bound.request_id if bound is not None else request_id_of(scope)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = int(message["status"])
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, DOCS_CSP if is_docs and k == b"content-security-policy" else v)
                         for k, v in self._headers if k not in names]
                if bound is None:
                    extra.append((b"x-request-id", request_id.encode()))
                if is_tus and b"tus-resumable" not in names:
                    extra.append((b"tus-resumable", b"1.0.0"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if not is_upload:
            length = _content_length(scope)
            try:
                body = None if length is not None and length > MAX_JSON_BODY else await asyncio.wait_for(
                    _read_capped(receive), timeout=self._body_timeout)
            except TimeoutError:
                await _reject(send_wrapper, 408, "request_timeout", "the request body stalled")
                return
            if body is None:  # declared or (chunked) found too large: answer before the app reads anything
                if length is None or length <= DRAIN_MAX:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(_drain(receive, DRAIN_MAX), timeout=self._body_timeout)
                await _reject(send_wrapper, 413, "payload_too_large", "the request body is too large")
                return
            receive = _replay(body, receive)
        try:
            await self._app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            elapsed = time.perf_counter() - started
            self._metrics.requests.labels(scope.get("method", ""), template, str(status_holder[0])).inc()
            self._metrics.latency.labels(template).observe(elapsed)
            # the route template, never the path or query (ids, signatures); no header or body value but the id
            access_log.info("method=%s route=%s status=%d ms=%.1f request_id=%s principal=%s",
                            scope.get("method", ""), template, status_holder[0], elapsed * 1000, request_id,
                            state.get("principal_id") or "-")


def request_id_of(scope: Scope) -> str:
    """The caller's ``X-Request-ID`` when it is a plain token (letters, digits, ``._-``, at most 64), else a new
    one: a free-text id could carry PHI or forge log lines."""
    for k, v in scope.get("headers", []):
        if k == b"x-request-id" and _REQUEST_ID.fullmatch(v):
            return str(v.decode("ascii"))
    return uuid.uuid4().hex


def _content_length(scope: Scope) -> int | None:
    for k, v in scope.get("headers", []):
        if k == b"content-length":
            try:
                return int(v)
            except ValueError:
                return None
    return None


async def _read_capped(receive: Receive) -> bytes | None:
    """The whole (small) body of a non-upload request, or None once it passes ``MAX_JSON_BODY``: buffering it
    here lets a chunked body that is too large get its 413 instead of a parse error."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return bytes(body)  # the client went away; the app sees the disconnect on its next receive
        body += message.get("body", b"")
        if len(body) > MAX_JSON_BODY:
            return None
        if not message.get("more_body", False):
            return bytes(body)


async def _drain(receive: Receive, limit: int) -> None:
    """Read and drop what is left of a refused body, up to ``limit`` bytes in all."""
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
        seen += len(message.get("body", b""))


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def wrapped() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return wrapped


async def _reject(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})

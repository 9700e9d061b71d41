"""Unauthenticated traffic limited per source address: a request without a bearer token (a signed PUT, a
sign-in, a probe) counts against its address before it runs, and one whose bearer token was refused (401)
counts after, so a made-up token does not slip past. Over the rate: ``429`` with ``Retry-After``; a rate-limit
store that cannot answer: ``503`` (fail closed). ``/healthz`` is never counted."""

from __future__ import annotations

import contextlib
import json
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from phigate.api._middleware import ASGIApp, Message, Receive, Scope, Send
from phigate.errors import Error, RateLimited


class Throttle(Protocol):
    """The edge's rate limits (``identity.Throttle``, built by the registry)."""

    def take(self, **keys: str | None) -> None: ...
    def hit(self, **keys: str | None) -> bool: ...

EXEMPT = frozenset({"/healthz"})


class SourceLimitMiddleware:
    def __init__(self, app: ASGIApp, *, throttle: Throttle | None) -> None:
        self._app, self._throttle = app, throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        throttle = self._throttle
        if scope["type"] != "http" or throttle is None or scope.get("path") in EXEMPT:
            await self._app(scope, receive, send)
            return
        source = (scope.get("client") or ("unknown",))[0]
        bearer = any(k == b"authorization" and v[:7].lower() == b"bearer " for k, v in scope.get("headers", []))
        if not bearer:
            try:  # in a thread: with Redis the check is a network round trip, which must not block the loop
                await run_in_threadpool(throttle.take, anonymous=source)
            except Error as exc:
                await _refuse(send, exc)
                return
        refused = [False]

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                refused[0] = True
            await send(message)

        await self._app(scope, receive, watch if bearer else send)
        if refused[0]:
            with contextlib.suppress(Error):  # the answer has gone; the next request meets the store's failure
                await run_in_threadpool(throttle.hit, anonymous=source)


async def _refuse(send: Send, exc: Error) -> None:
    body = json.dumps({"error": {"code": exc.code, "message": exc.diagnostics()}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if isinstance(exc, RateLimited):
        headers.append((b"retry-after", str(exc.retry_after).encode()))
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

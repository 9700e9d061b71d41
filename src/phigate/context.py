"""The request context of the use case running now (``models.RequestContext``), carried by a context variable.

The API edge binds one per HTTP request (``api._context``); the audit trail reads it, so every event a request
causes carries the caller's address and the request id without each layer handing them down. Threads that FastAPI
runs sync routes in inherit it (``contextvars`` are copied into the thread pool); phigate's background work has
none, and its events say so by their system actor.
"""

from __future__ import annotations

import contextvars

from phigate.models import Decision, Principal, RequestContext

_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("phigate_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def bind(context: RequestContext) -> contextvars.Token[RequestContext | None]:
    return _current.set(context)


def unbind(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def decided(decision: Decision) -> None:
    """Record the request's policy decision: the audit events it causes carry it (decision, policy ids)."""
    context = _current.get()
    if context is not None:
        context.decision = decision


def authenticated(principal: Principal) -> None:
    """Record who the request turned out to be (the context object is shared with the request's other threads)."""
    context = _current.get()
    if context is not None:
        context.principal = principal

"""Pure ASGI middleware that binds the request context: the caller's address and the request id.

The address is the TCP peer, unless the peer is one of ``[server] trusted_proxies``: then it is the right-most
address of ``X-Forwarded-For`` that is not itself a trusted proxy (the left part of that header is whatever the
client wrote, so it is never believed). The request id is the caller's ``X-Request-ID`` when it is a plain token
(``request_id_of``), else a fresh one; it is returned in the response's ``X-Request-ID`` and logged.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from phigate import context
from phigate.api._middleware import ASGIApp, Message, Receive, Scope, Send, request_id_of
from phigate.models import RequestContext

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, trusted_proxies: Iterable[str] = ()) -> None:
        self._app = app
        self._trusted: tuple[Network, ...] = tuple(ipaddress.ip_network(p, strict=False) for p in trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        request_id = request_id_of(scope)
        peer = (scope.get("client") or (None,))[0]
        ctx = RequestContext(self.source(peer, headers.get(b"x-forwarded-for", b"").decode("latin-1")), request_id)
        scope.setdefault("state", {})["request_context"] = ctx

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        token = context.bind(ctx)
        try:
            await self._app(scope, receive, send_with_id)
        finally:
            context.unbind(token)

    def source(self, peer: str | None, forwarded_for: str) -> str | None:
        """The caller's address: the peer, or what trusted proxies in front of us say the client was."""
        address = _address(peer)
        if address is None or not self._is_trusted(address):
            return str(address) if address is not None else None
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            hop_address = _address(hop)
            if hop_address is None:
                break  # a malformed entry: believe nothing left of it
            address = hop_address
            if not self._is_trusted(hop_address):
                break
        return str(address)

    def _is_trusted(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in net for net in self._trusted)


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not value:
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None

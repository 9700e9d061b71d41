"""uvicorn's HTTP/1.1 protocol (h11), with the two limits it lacks against slow or hoarding clients:

- a header timeout: a connection must deliver a request's complete headers within ``header_timeout`` seconds of
  opening, or of its previous response, or it is closed (uvicorn alone waits forever for headers that trickle);
- a connection cap: beyond ``max_connections`` open connections, a new one is closed at once (uvicorn alone
  accepts it and answers 503 only once its headers arrive, which a slow client never sends).

Bodies have their own stall timeouts (``intake.read_timeout_seconds`` for uploads, ``edge.body_timeout_seconds``
for the small JSON bodies, in ``EdgeMiddleware``)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("phigate.api")


class SlowClientGuard(H11Protocol):
    header_timeout = 10.0
    max_connections = 1000

    _header_timer: asyncio.TimerHandle | None = None
    _cycle_when_armed: Any = None

    @classmethod
    def configured(cls, *, header_timeout: float, max_connections: int) -> type[SlowClientGuard]:
        return type("ConfiguredSlowClientGuard", (cls,),
                    {"header_timeout": header_timeout, "max_connections": max_connections})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            log.warning("connection refused: %d connections open", len(self.connections) - 1)
            transport.abort()
            return
        self._arm_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._cycle_when_armed = self.cycle
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_overdue)

    def _headers_overdue(self) -> None:
        self._header_timer = None
        if self.cycle is not self._cycle_when_armed:
            return  # a request's headers arrived in time; its body has its own stall timeout
        if self.cycle is None or self.cycle.response_complete:
            log.warning("closed a connection whose request headers did not arrive in time")
            self.transport.close()

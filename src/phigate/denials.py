"""Repeated denials as counted, aggregated audit events, so that one client cannot fill the audit log.

The first denial of a kind (action, actor, tenant, reason) in a window is written at once, so a single failure
is visible straight away; the others are counted, and when the window closes one event records how many there
were (``count=N``, ``aggregated=yes``). ``flush`` writes what is pending (the server calls it periodically and
on shutdown). An audit log that cannot be written is logged here, never raised: a denial is already refused."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from phigate.errors import AuditError
from phigate.ports import Audit

log = logging.getLogger("phigate.services.intake")

MAX_KINDS = 10_000  # pending kinds held at once; beyond it the oldest are written early




@dataclass(frozen=True, slots=True)
class _Kind:
    action: str
    actor: str
    tenant: str | None
    reason: str


class DenialLog:
    def __init__(self, audit: Audit, *, window_seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._audit, self._window, self._clock = audit, window_seconds, clock
        self._pending: dict[_Kind, tuple[float, int]] = {}  # kind -> (window start, denials not yet written)
        self._lock = threading.Lock()

    def denied(self, action: str, *, actor: str, tenant: str | None, reason: str, **details: str | None) -> None:
        kind = _Kind(action, actor, tenant, reason)
        now = self._clock()
        with self._lock:
            started = self._pending.get(kind)
            if started is not None and now - started[0] < self._window:
                self._pending[kind] = (started[0], started[1] + 1)
                return
            self._pending[kind] = (now, 0)
        if started is not None and started[1]:
            self._write(kind, started[1])
        self._record(action, actor=actor, tenant=tenant, outcome="denied", reason=reason, **details)
        if len(self._pending) > MAX_KINDS:
            self.flush(force=True)

    def flush(self, *, force: bool = False) -> None:
        """Write the counts of closed windows (of every window with ``force``)."""
        now = self._clock()
        with self._lock:
            due = [(k, n) for k, (start, n) in self._pending.items() if force or now - start >= self._window]
            for k, _ in due:
                del self._pending[k]
        for kind, count in due:
            if count:
                self._write(kind, count)

    def _write(self, kind: _Kind, count: int) -> None:
        self._record(kind.action, actor=kind.actor, tenant=kind.tenant, outcome="denied", reason=kind.reason,
                     count=count, aggregated="yes", window=int(self._window))

    def _record(self, action: str, **kw: str | int | None) -> None:
        try:
            self._audit.record(action, **kw)  # type: ignore[arg-type]
        except AuditError:
            log.error("audit unavailable while recording a denial")

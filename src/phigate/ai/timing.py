"""Where a gateway call's time goes, phase by phase: names and milliseconds, never text. Always measured (a clock
read per phase); returned to the caller as a ``Server-Timing`` header only when the ``ai.timing`` debug setting
is on, so the bench (and an operator chasing latency) sees the breakdown without a profiler."""

from __future__ import annotations

import time

__all__ = ["Phases"]


class Phases:
    """Time since the previous mark, added to the named phase (a phase marked twice accumulates)."""

    __slots__ = ("_at", "spans")

    def __init__(self) -> None:
        self._at = time.perf_counter()
        self.spans: dict[str, float] = {}  # phase -> milliseconds, in the order first marked

    def mark(self, phase: str) -> None:
        now = time.perf_counter()
        self.spans[phase] = self.spans.get(phase, 0.0) + (now - self._at) * 1000
        self._at = now

    def header(self) -> str:
        """The ``Server-Timing`` value (W3C Server Timing: ``name;dur=ms``), plus the total."""
        parts = [f"{name};dur={ms:.3f}" for name, ms in self.spans.items()]
        return ", ".join([*parts, f"total;dur={sum(self.spans.values()):.3f}"])

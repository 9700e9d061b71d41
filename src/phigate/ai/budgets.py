"""Budgets per caller and per tenant: requests and tokens per minute, a sliding window of two counters (the
``limits`` library's strategy; its Redis storage when several processes share the budgets, ``ProcessWindows``
for ``memory://``). A request is admitted only while every budget has room; the tokens an answer used are
charged once it is known. A storage that fails refuses (fail closed)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from limits import RateLimitItemPerMinute, storage, strategies
from limits.storage import MemoryStorage

from phigate.errors import ConfigError, RateLimited, ServiceUnavailable

P = ParamSpec("P")
T = TypeVar("T")


class Budgets:
    def __init__(self, storage_uri: str, *, requests: int, tenant_requests: int, tokens: int,
                 tenant_tokens: int) -> None:
        try:
            self._storage = ProcessWindows() if storage_uri == "memory://" else \
                storage.storage_from_string(storage_uri, key_prefix="phigate-ai")
        except Exception as exc:  # the limits library raises several kinds for a bad or unsupported URI
            raise ConfigError("the rate-limit storage URI is not usable (memory:// or redis://host:port/db)") from exc
        # a sliding window of two counters: constant work per request whatever the budget (a moving window keeps
        # one entry per token, thousands per call)
        self._limiter = strategies.SlidingWindowCounterRateLimiter(self._storage)
        self._requests = (RateLimitItemPerMinute(requests), RateLimitItemPerMinute(tenant_requests))
        self._tokens = (RateLimitItemPerMinute(tokens), RateLimitItemPerMinute(tenant_tokens))

    def admit(self, caller: str, tenant: str) -> None:
        """Count one request; ``RateLimited`` (with Retry-After) if a request or token budget is used up."""
        keys = (("caller", caller), ("tenant", tenant))
        for item, (kind, key) in zip(self._tokens, keys, strict=True):
            if not _safe(self._limiter.test, item, "tokens", kind, key):
                raise RateLimited("the token budget of this minute is used up", retry_after=self._retry(item, kind,
                                                                                                        key, "tokens"))
        for item, (kind, key) in zip(self._requests, keys, strict=True):
            if not _safe(self._limiter.hit, item, "requests", kind, key):
                raise RateLimited("the request budget of this minute is used up",
                                  retry_after=self._retry(item, kind, key, "requests"))

    def spend(self, caller: str, tenant: str, tokens: int) -> None:
        """Charge the tokens an answer used (it may take a budget past its limit: the next request waits)."""
        if tokens <= 0:
            return
        for item, (kind, key) in zip(self._tokens, (("caller", caller), ("tenant", tenant)), strict=True):
            if not _safe(self._limiter.hit, item, "tokens", kind, key, cost=min(tokens, item.amount)):
                left = _safe(self._limiter.get_window_stats, item, "tokens", kind, key).remaining
                if left > 0:  # over the limit: fill the window, so the next request waits for it to slide
                    _safe(self._limiter.hit, item, "tokens", kind, key, cost=left)

    def _retry(self, item: RateLimitItemPerMinute, *ids: str) -> int:
        stats = _safe(self._limiter.get_window_stats, item, *ids)
        return max(1, math.ceil(stats.reset_time - time.time()))


class ProcessWindows(MemoryStorage):
    """The sliding-window counters of one process (``memory://``), as the ``limits`` strategy reads them: per key
    the current window's number and the counts of it and of the window before. ``limits``' own memory storage
    starts an expiry thread (``threading.Timer``) on the first count after 10 ms without one, which under real
    traffic is a new thread per AI call and per answer charged; these counters expire by arithmetic instead (the
    two methods the strategy calls are replaced; the rest of the storage is unused)."""

    _PRUNE_AT = 4096  # keys (callers and tenants) before the ones whose windows have both passed are dropped

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (window number, previous count, current count, window length)
        self._counts: dict[str, tuple[int, int, int, int]] = {}

    def _read(self, key: str, expiry: int, now: float) -> tuple[int, int, int]:
        window = int(now // expiry)
        at, previous, current, _ = self._counts.get(key, (window, 0, 0, expiry))
        if at == window:
            return window, previous, current
        return window, current if at == window - 1 else 0, 0

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        """(previous count, seconds it still weighs, current count, seconds until the current one expires)."""
        now = self._clock()
        with self._lock:
            window, previous, current = self._read(key, expiry, now)
        into = now - window * expiry
        return previous, (expiry - into) if previous else 0.0, current, 2 * expiry - into

    def acquire_sliding_window_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Add ``amount`` to the current window if the weighted count stays within ``limit``."""
        if amount > limit:
            return False
        now = self._clock()
        with self._lock:
            window, previous, current = self._read(key, expiry, now)
            weighted = previous * (expiry - (now - window * expiry)) / expiry + current
            if math.floor(weighted) + amount > limit:
                return False
            if len(self._counts) >= self._PRUNE_AT:
                self._counts = {k: v for k, v in self._counts.items() if (v[0] + 2) * v[3] > now}
            self._counts[key] = (window, previous, current + amount, expiry)
            return True


def _safe(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # a storage that fails (Redis down) refuses rather than waves through
        raise ServiceUnavailable("the rate-limit storage is unavailable") from exc

"""Budgets per caller and per tenant: requests and tokens per minute, over the ``limits`` library (in memory for
one process, Redis when several share them). A request is admitted only while every budget has room; the tokens
an answer used are charged once it is known. A storage that fails refuses (fail closed)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from limits import RateLimitItemPerMinute, storage, strategies

from phigate.errors import ConfigError, RateLimited, ServiceUnavailable

P = ParamSpec("P")
T = TypeVar("T")


class Budgets:
    def __init__(self, storage_uri: str, *, requests: int, tenant_requests: int, tokens: int,
                 tenant_tokens: int) -> None:
        try:
            self._storage = storage.storage_from_string(storage_uri, key_prefix="phigate-ai")
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


def _safe(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # a storage that fails (Redis down) refuses rather than waves through
        raise ServiceUnavailable("the rate-limit storage is unavailable") from exc

"""Failure counters with back-off, over the ``limits`` library: in memory for one process, in Redis when several
processes must share them. A storage that cannot be reached refuses the request (fail closed)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from typing import ParamSpec, TypeVar

from limits import RateLimitItem, parse_many, storage, strategies

from phigate.errors import ConfigError, RateLimited, ServiceUnavailable

P = ParamSpec("P")
T = TypeVar("T")


class Throttle:
    """Counters per (kind, key), each kind with its own windows ("5/minute;20/hour"). ``check`` refuses a key
    that used up any window (``RateLimited`` with the seconds until that window frees a slot); ``hit`` counts
    one more event against a key."""

    def __init__(self, storage_uri: str, rates: Mapping[str, str], *, key_prefix: str = "phigate") -> None:
        try:
            self._storage = storage.storage_from_string(storage_uri, key_prefix=key_prefix)
        except Exception as exc:  # the limits library raises several kinds for a bad or unsupported URI
            raise ConfigError("the rate-limit storage URI is not usable (memory:// or redis://host:port/db)") from exc
        if not self._storage.check():
            raise ServiceUnavailable("the rate-limit storage does not answer")
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)
        self._rates: dict[str, list[RateLimitItem]] = {kind: parse_many(spec) for kind, spec in rates.items()}

    def check(self, **keys: str | None) -> None:
        retry = 0.0
        for kind, key, item in self._items(keys):
            if not self._call(self._limiter.test, item, kind, key):
                stats = self._call(self._limiter.get_window_stats, item, kind, key)
                retry = max(retry, stats.reset_time - time.time())
        if retry > 0:
            raise RateLimited("too many attempts; try again later", retry_after=math.ceil(retry))

    def take(self, **keys: str | None) -> None:
        """Count one event against each key, or raise ``RateLimited`` if that goes over a window."""
        if not self.hit(**keys):
            self.check(**keys)
            raise RateLimited("too many requests; try again later")

    def hit(self, **keys: str | None) -> bool:
        """Count one event against each key; False if that went over a window."""
        return all([self._call(self._limiter.hit, item, kind, key) for kind, key, item in self._items(keys)])

    def _items(self, keys: Mapping[str, str | None]) -> list[tuple[str, str, RateLimitItem]]:
        return [(kind, key, item) for kind, key in keys.items() if key is not None for item in self._rates[kind]]

    @staticmethod
    def _call(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # a storage that fails (Redis down) refuses rather than waves through
            raise ServiceUnavailable("the rate-limit storage is unavailable") from exc

"""Wrong secrets on ``/v1/auth/token`` are limited per client id and per source, with back-off and
``429 Retry-After``, on a server of its own with small limits; the counters also live in the real Redis, shared
by every process that points at it."""

from __future__ import annotations

import os
import uuid

import httpx
import pytest

from phigate.errors import ConfigError, RateLimited, ServiceUnavailable
from phigate.identity import Throttle
from tests._fixtures.server import IntakeServer, own_server

REDIS_URL = os.environ.get("PHIGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


strict_server = own_server("limits", {
    "PHIGATE_EDGE__SIGN_IN_FAILURES_PER_CLIENT": "3/minute;10/hour",
    "PHIGATE_EDGE__SIGN_IN_FAILURES_PER_SOURCE": "8/minute"})


def _token(client: httpx.Client, cid: str, secret: str) -> httpx.Response:
    return client.post("/v1/auth/token", data={"grant_type": "client_credentials", "client_id": cid,
                                                "client_secret": secret})


def test_wrong_secrets_per_client_then_per_source(strict_server: IntakeServer) -> None:
    cid, secret = strict_server.add_account("t1")
    with strict_server.client() as c:
        codes = [_token(c, cid, "wrong").status_code for _ in range(100)]
        assert codes[:3] == [401, 401, 401] and set(codes[3:]) == {429}
        locked = _token(c, cid, secret)  # the right secret waits too: guessing must not go on
        assert locked.status_code == 429 and locked.json()["error"] == "rate_limited"
        assert 1 <= int(locked.headers["retry-after"]) <= 60
        # any client id from the same source: 3 + 5 failures use up the source's 8 per minute
        other, other_secret = strict_server.add_account("t1")
        for _ in range(5):
            assert _token(c, f"svc_{uuid.uuid4().hex[:8]}", "wrong").status_code == 401
        blocked = _token(c, other, other_secret)
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1


def _throttle(prefix: str, **rates: str) -> Throttle:
    return Throttle(REDIS_URL, rates, key_prefix=prefix)


@pytest.mark.redis
def test_redis_counters_are_shared_between_processes() -> None:
    prefix = f"phigate-test-{uuid.uuid4().hex}"
    first, second = _throttle(prefix, client="2/minute;3/hour"), _throttle(prefix, client="2/minute;3/hour")
    first.hit(client="svc_a")
    second.hit(client="svc_a")
    with pytest.raises(RateLimited) as info:
        first.check(client="svc_a")
    assert 1 <= info.value.retry_after <= 60
    second.check(client="svc_b")  # another key is untouched


def test_storage_that_cannot_answer_refuses() -> None:
    with pytest.raises(ServiceUnavailable):
        Throttle("redis://127.0.0.1:1/0", {"client": "1/minute"})
    with pytest.raises(ConfigError):
        Throttle("nosuch://x", {"client": "1/minute"})


_REDIS_ENV = {"PHIGATE_EDGE__RATE_LIMIT_STORAGE": REDIS_URL, "PHIGATE_EDGE__SIGN_IN_FAILURES_PER_CLIENT": "3/minute"}
redis_server_a = own_server("redis-a", _REDIS_ENV)
redis_server_b = own_server("redis-b", _REDIS_ENV)


@pytest.mark.redis
def test_two_servers_share_their_limits_through_redis(redis_server_a: IntakeServer,
                                                      redis_server_b: IntakeServer) -> None:
    """Two ``phigate serve`` processes on one Redis: wrong secrets counted by one lock the client out on both
    (each server has its own data dir, so the client id only needs to exist for the guessing to count)."""
    cid = f"svc_{uuid.uuid4().hex[:24]}"
    with redis_server_a.client() as a, redis_server_b.client() as b:
        assert [_token(a, cid, "wrong").status_code for _ in range(2)] == [401, 401]
        assert _token(b, cid, "wrong").status_code == 401
        assert _token(a, cid, "wrong").status_code == 429
        assert _token(b, cid, "wrong").status_code == 429

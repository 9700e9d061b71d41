"""At most ``max_hash_checks`` Argon2id checks run at once; a caller that cannot get a slot in time, or that
would join a queue already full, gets 429."""

from __future__ import annotations

import threading
import time

import pytest

from phigate.denials import DenialLog
from phigate.errors import RateLimited, Unauthenticated
from phigate.identity import Throttle, TokenIssuer
from phigate.services.intake import AuthService


class SlowAccounts:
    """Accounts whose every check takes 0.2 s (as a slow Argon2id would) and that count overlapping checks."""

    def __init__(self) -> None:
        self.running = self.peak = 0
        self._lock = threading.Lock()

    def authenticate(self, client_id: str, client_secret: str) -> object:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        time.sleep(0.2)
        with self._lock:
            self.running -= 1
        raise Unauthenticated("invalid client credentials")


class NoAudit:
    def record(self, action: str, **kw: object) -> None:
        return None


def test_hash_checks_are_bounded() -> None:
    accounts = SlowAccounts()
    auth = AuthService(accounts, TokenIssuer(b"k" * 32, audience="a", issuer="i"), NoAudit(),  # type: ignore[arg-type]
                       throttle=Throttle("memory://", {"client": "1000/minute", "source": "1000/minute"}),
                       denials=DenialLog(NoAudit()),
                       max_hash_checks=2)
    auth.HASH_WAIT_SECONDS = 0.3
    outcomes: list[str] = []
    started = time.monotonic()

    def attempt(i: int) -> None:
        try:
            auth.issue_token(f"svc_{i}", "wrong", "192.0.2.1")
        except (Unauthenticated, RateLimited) as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert accounts.peak == 2
    assert "rate_limited" in outcomes and outcomes.count("unauthenticated") >= 2
    assert time.monotonic() - started < 2  # the queue is bounded: nobody waited long
    with pytest.raises(Unauthenticated):
        auth.issue_token("svc_last", "wrong")

"""The budgets' in-process counters (``memory://``) under the ``limits`` library's sliding-window strategy: the
same admissions and window figures as the library's formula, across window boundaries, on a clock the test
drives (no sleeping, no expiry thread)."""

from __future__ import annotations

import threading

from limits import RateLimitItemPerMinute, strategies

from phigate.ai.budgets import ProcessWindows


class Clock:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


def _limiter(clock: Clock) -> strategies.SlidingWindowCounterRateLimiter:
    return strategies.SlidingWindowCounterRateLimiter(ProcessWindows(clock))


def _hits(limiter: strategies.SlidingWindowCounterRateLimiter, item: RateLimitItemPerMinute, n: int) -> int:
    return sum(1 for _ in range(n) if limiter.hit(item, "caller", "c1"))


def test_a_window_admits_its_limit_and_the_next_weighs_the_previous_in() -> None:
    clock, item = Clock(6000.0 + 30), RateLimitItemPerMinute(10)  # 30 s into a window
    limiter = _limiter(clock)
    assert _hits(limiter, item, 12) == 10
    assert not limiter.test(item, "caller", "c1")
    clock.at = 6060.0 + 15  # 15 s into the next window: the previous 10 weigh 45/60, floor(7.5) = 7
    assert limiter.test(item, "caller", "c1")
    assert _hits(limiter, item, 5) == 3
    assert limiter.get_window_stats(item, "caller", "c1").remaining == 0
    clock.at = 6180.0  # both windows have passed
    assert limiter.get_window_stats(item, "caller", "c1").remaining == 10
    assert _hits(limiter, item, 11) == 10


def test_keys_are_counted_apart_and_a_cost_above_the_limit_is_refused() -> None:
    clock, item = Clock(1e9), RateLimitItemPerMinute(3)
    limiter = _limiter(clock)
    assert limiter.hit(item, "caller", "a", cost=3)
    assert not limiter.hit(item, "caller", "a")
    assert limiter.hit(item, "caller", "b")
    assert not limiter.hit(item, "caller", "c", cost=4)


def test_the_window_figures_match_the_strategy_formula() -> None:
    clock = Clock(1200.0 + 20)  # 20 s into a window
    windows = ProcessWindows(clock)
    assert windows.acquire_sliding_window_entry("k", 100, 60, 4)
    clock.at = 1260.0 + 45  # 45 s into the next
    assert windows.acquire_sliding_window_entry("k", 100, 60, 2)
    assert windows.get_sliding_window("k", 60) == (4, 15.0, 2, 75.0)
    assert windows.get_sliding_window("other", 60) == (0, 0.0, 0, 75.0)


def test_stale_keys_are_dropped_and_counting_is_thread_safe() -> None:
    clock = Clock(60.0 * 1000)
    windows = ProcessWindows(clock)
    for i in range(ProcessWindows._PRUNE_AT):
        windows.acquire_sliding_window_entry(f"old{i}", 10, 60)
    clock.at += 180
    windows.acquire_sliding_window_entry("new", 10, 60)
    assert windows.get_sliding_window("old1", 60)[0:3:2] == (0, 0)
    assert len(windows._counts) == 1

    def hammer() -> None:
        for _ in range(500):
            windows.acquire_sliding_window_entry("shared", 10**6, 60)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert windows.get_sliding_window("shared", 60)[2] == 2000

"""The sliding-window failure limiter behind the login rate limit."""

from __future__ import annotations

from datetime import timedelta

from assistant.security.ratelimit import FailureLimiter, Limit
from tests.clock import CONSOLE_MORNING, FakeClock


def test_blocks_after_the_limit_until_the_window_has_passed() -> None:
    clock = FakeClock(CONSOLE_MORNING)
    limiter = FailureLimiter(Limit(3, timedelta(minutes=10)), clock)
    for _ in range(3):
        assert limiter.retry_after("a") is None
        limiter.fail("a")
        clock.advance(minutes=1)
    assert limiter.retry_after("a") == timedelta(minutes=7)
    assert limiter.retry_after("b") is None  # keys are independent
    clock.advance(minutes=7)
    assert limiter.retry_after("a") is None  # the oldest failure left the window
    limiter.fail("a")
    assert limiter.retry_after("a") is not None
    limiter.reset("a")
    assert limiter.retry_after("a") is None


def test_memory_stays_bounded() -> None:
    clock = FakeClock(CONSOLE_MORNING)
    limiter = FailureLimiter(Limit(2, timedelta(minutes=1)), clock, max_keys=100)
    for i in range(1000):
        limiter.fail(f"ip:{i}")
        clock.advance(seconds=1)
    assert len(limiter._hits) <= 101
    limiter.fail("x")
    limiter.fail("x")
    assert limiter.retry_after("x") is not None

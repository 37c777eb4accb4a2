"""Rate limits, in memory and pure over injected clocks.

- :class:`RateLimiter`: token buckets (a steady rate with a burst allowance) per key, for
  frames per connection and API calls per IP.
- :class:`ConnectionCounter`: open connections per key, with a ceiling.
- :class:`FailureLimiter`: failures per key in a sliding window (failed sign-ins per IP and
  per account).

Keys that go quiet are dropped so memory stays bounded under churn.

The web layer uses them through small async interfaces (:class:`Bucket`, :class:`Slots`,
:class:`Failures`): in memory for one instance (the ``Local*`` adapters here), in Redis when
several instances share the work (:mod:`assistant.live.redis_limits`), so that n instances do
not allow n times as many attempts.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from assistant.clock import Clock

Monotonic = Callable[[], float]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(
        self,
        rate: float,
        burst: float,
        *,
        clock: Monotonic = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def allow(self, key: str, cost: float = 1.0) -> bool:
        """Take ``cost`` tokens from ``key``'s bucket if it has them."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return True
        return False

    def retry_after(self, key: str, cost: float = 1.0) -> float:
        """Seconds until ``cost`` tokens will be there."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return 0.0
        missing = cost - bucket.tokens
        return max(0.0, missing / self.rate)

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)

    def _prune(self, now: float) -> None:
        full_after = self.burst / self.rate
        stale = [k for k, b in self._buckets.items() if now - b.stamp >= full_after]
        for key in stale:
            del self._buckets[key]
        if len(self._buckets) >= self._max_keys:  # all busy: drop the oldest half
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].stamp)
            for key in oldest[: len(oldest) // 2]:
                del self._buckets[key]


class ConnectionCounter:
    """Open connections per key (per client IP), with a ceiling."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._open: dict[str, int] = {}

    def acquire(self, key: str) -> bool:
        count = self._open.get(key, 0)
        if count >= self.limit:
            return False
        self._open[key] = count + 1
        return True

    def release(self, key: str) -> None:
        count = self._open.get(key, 0) - 1
        if count <= 0:
            self._open.pop(key, None)
        else:
            self._open[key] = count

    def total(self) -> int:
        return sum(self._open.values())


@dataclass(frozen=True, slots=True)
class Limit:
    failures: int
    window: timedelta


class FailureLimiter:
    def __init__(self, limit: Limit, clock: Clock, *, max_keys: int = 100_000) -> None:
        self._limit = limit
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[datetime]] = {}

    def retry_after(self, key: str) -> timedelta | None:
        """``None`` while ``key`` may try again, else how long until it may."""
        hits = self._recent(key)
        if len(hits) < self._limit.failures:
            return None
        return hits[0] + self._limit.window - self._clock()

    def fail(self, key: str) -> None:
        hits = self._recent(key)
        hits.append(self._clock())
        while len(hits) > self._limit.failures:
            hits.popleft()
        self._hits[key] = hits
        if len(self._hits) > self._max_keys:
            self._prune()

    def reset(self, key: str) -> None:
        self._hits.pop(key, None)

    def forgive(self, key: str) -> None:
        """Take back the latest failure (a guess counted early turned out right)."""
        hits = self._recent(key)
        if hits:
            hits.pop()

    def _recent(self, key: str) -> deque[datetime]:
        hits = self._hits.get(key) or deque()
        cutoff = self._clock() - self._limit.window
        while hits and hits[0] <= cutoff:
            hits.popleft()
        return hits

    def _prune(self) -> None:
        """Memory stays bounded even under a spray of keys: expired keys go first, then the
        oldest ones."""
        for key in list(self._hits):
            if not self._recent(key):
                del self._hits[key]
        overflow = len(self._hits) - self._max_keys
        if overflow > 0:
            oldest = sorted(self._hits, key=lambda k: self._hits[k][-1])[:overflow]
            for key in oldest:
                del self._hits[key]


# -- the async interfaces the web layer uses --------------------------------------------------


class Bucket(Protocol):
    """A token bucket per key (API calls per client IP)."""

    async def take(self, key: str) -> float | None:
        """``None`` when a token was taken, else the seconds until one is there."""
        ...


class Slots(Protocol):
    """Open connections per key, with a ceiling."""

    async def acquire(self, key: str) -> bool: ...

    async def release(self, key: str) -> None: ...


class Failures(Protocol):
    """Failures per key in a sliding window."""

    async def retry_after(self, key: str) -> timedelta | None: ...

    async def fail(self, key: str) -> None: ...

    async def forgive(self, key: str) -> None: ...

    async def reset(self, key: str) -> None: ...


class LocalBucket:
    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter

    async def take(self, key: str) -> float | None:
        if self.limiter.allow(key):
            return None
        return self.limiter.retry_after(key)


class LocalSlots:
    def __init__(self, counter: ConnectionCounter) -> None:
        self.counter = counter

    async def acquire(self, key: str) -> bool:
        return self.counter.acquire(key)

    async def release(self, key: str) -> None:
        self.counter.release(key)


class LocalFailures:
    def __init__(self, limiter: FailureLimiter) -> None:
        self.limiter = limiter

    async def retry_after(self, key: str) -> timedelta | None:
        return self.limiter.retry_after(key)

    async def fail(self, key: str) -> None:
        self.limiter.fail(key)

    async def forgive(self, key: str) -> None:
        self.limiter.forgive(key)

    async def reset(self, key: str) -> None:
        self.limiter.reset(key)

"""Wrong order-status guesses, limited per visitor and per IP address.

Kept in memory: right for one instance. Behind a load balancer each instance counts on its
own, so the effective limit is the per-instance limit times the number of instances (see the
README); the order numbers are random enough that this still makes guessing hopeless.
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta

from assistant.clock import Clock, utc_now

MAX_KEYS = 100_000


class GuessLimiter:
    def __init__(
        self,
        attempts: int = 5,
        window: timedelta = timedelta(minutes=15),
        clock: Clock = utc_now,
    ) -> None:
        self._attempts = attempts
        self._window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def blocked(self, keys: tuple[str, ...]) -> bool:
        now = self._clock().timestamp()
        return any(len(self._recent(key, now)) >= self._attempts for key in keys)

    def fail(self, keys: tuple[str, ...]) -> None:
        now = self._clock().timestamp()
        for key in keys:
            self._recent(key, now).append(now)
        if len(self._failures) > MAX_KEYS:
            self._prune(now)

    def forgive(self, keys: tuple[str, ...]) -> None:
        """Take back the latest failure: a guess counted early turned out right."""
        now = self._clock().timestamp()
        for key in keys:
            times = self._recent(key, now)
            if times:
                times.pop()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self._window.total_seconds():
            times.popleft()
        return times

    def _prune(self, now: float) -> None:
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]

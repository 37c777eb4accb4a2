"""Counting failures per key in a sliding window, e.g. failed logins per IP and per account.

Pure and in memory with an injected clock. Several instances behind a load balancer each
count for themselves, so the effective limit there is per instance; the interface is small so
that a shared store (Redis) can stand behind it later.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.clock import Clock


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

"""Wrong order-status guesses, limited per visitor and per client IP address.

Counted in a :class:`~assistant.security.ratelimit.Failures` store: in memory for one
instance, in Redis when several share the work (so n instances do not allow n times as many
guesses).
"""

from __future__ import annotations

from datetime import timedelta

from assistant.clock import Clock, utc_now
from assistant.security.ratelimit import FailureLimiter, Failures, Limit, LocalFailures


class GuessLimiter:
    def __init__(
        self,
        attempts: int = 5,
        window: timedelta = timedelta(minutes=15),
        clock: Clock = utc_now,
        *,
        store: Failures | None = None,
    ) -> None:
        self._store = store or LocalFailures(FailureLimiter(Limit(attempts, window), clock))

    async def blocked(self, keys: tuple[str, ...]) -> bool:
        return any([await self._store.retry_after(key) is not None for key in keys])

    async def fail(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            await self._store.fail(key)

    async def forgive(self, keys: tuple[str, ...]) -> None:
        """Take back the latest failure: a guess counted early turned out right."""
        for key in keys:
            await self._store.forgive(key)

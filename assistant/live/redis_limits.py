"""The abuse limits kept in Redis, shared by every instance (``REDIS_URL`` set).

Without this each instance counts on its own, and n instances allow n times as many failed
sign-ins, order-number guesses, API calls or connections per client. Each store here keeps
its counts under the deployment's prefix (``PREFIX`` + ``limit:`` + name + key) and expires
them with their window, so Redis holds nothing for clients that went quiet.

While Redis cannot be reached a store counts in memory (the instance's own share, as without
Redis) and logs one warning; it goes back to Redis on the next call that succeeds.

- :class:`RedisBucket`: a token bucket, refilled by Redis's own clock (instances' clocks may
  differ a little), in one Lua script so that two instances never take the same token.
- :class:`RedisSlots`: open connections as members of a sorted set scored by when they
  expire; each instance renews its own members while they are open, so the slots of an
  instance that was killed free themselves after ``ttl`` seconds.
- :class:`RedisFailures`: failure times in a sorted set, a sliding window by the app's clock.
"""

from __future__ import annotations

import asyncio
import logging
import math
import uuid
from collections import defaultdict
from datetime import timedelta

from redis.asyncio import Redis

from assistant.clock import Clock
from assistant.live.redis_bus import FAILURES
from assistant.security.ratelimit import (
    Bucket,
    ConnectionCounter,
    FailureLimiter,
    Failures,
    Limit,
    LocalBucket,
    LocalFailures,
    LocalSlots,
    RateLimiter,
    Slots,
)
from assistant.tasks import cancel_and_wait

log = logging.getLogger(__name__)

_TAKE = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens, stamp = tonumber(b[1]), tonumber(b[2])
if tokens == nil then tokens, stamp = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""

_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], math.ceil(tonumber(ARGV[3]) * 1000))
return 1
"""


class _Fallback:
    """Counts in memory while Redis is away; one warning per outage."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.down = False

    def failed(self, exc: BaseException) -> None:
        if not self.down:
            log.warning(
                "limit %s: Redis unreachable (%s), counting on this instance meanwhile",
                self.name,
                type(exc).__name__,
            )
        self.down = True

    def worked(self) -> None:
        if self.down:
            log.info("limit %s: counting in Redis again", self.name)
        self.down = False


class RedisBucket:
    def __init__(self, client: Redis, key: str, rate: float, burst: float) -> None:
        self.client, self.key = client, key
        self.rate, self.burst = rate, burst
        self.local = LocalBucket(RateLimiter(rate, burst))
        self._fallback = _Fallback(key)

    async def take(self, key: str) -> float | None:
        try:
            wait = float(await self.client.eval(_TAKE, 1, self.key + key, self.rate, self.burst))
        except FAILURES as exc:
            self._fallback.failed(exc)
            return await self.local.take(key)
        self._fallback.worked()
        return None if wait <= 0 else wait


class RedisSlots:
    def __init__(self, client: Redis, key: str, limit: int, *, ttl: float = 120.0) -> None:
        self.client, self.key, self.limit, self.ttl = client, key, limit, ttl
        self.local = LocalSlots(ConnectionCounter(limit))
        self._fallback = _Fallback(key)
        #: Per client key, this instance's members in Redis (``None``: counted locally).
        self._mine: defaultdict[str, list[str | None]] = defaultdict(list)
        self._task: asyncio.Task[None] | None = None

    async def acquire(self, key: str) -> bool:
        member = uuid.uuid4().hex
        now = await self._now()
        try:
            took = await self.client.eval(
                _ACQUIRE, 1, self.key + key, now, self.limit, now + self.ttl, member
            )
        except FAILURES as exc:
            self._fallback.failed(exc)
            if not await self.local.acquire(key):
                return False
            self._mine[key].append(None)
            return True
        self._fallback.worked()
        if not took:
            return False
        self._mine[key].append(member)
        return True

    async def release(self, key: str) -> None:
        mine = self._mine.get(key)
        if not mine:
            return
        member = mine.pop()
        if not mine:
            del self._mine[key]
        if member is None:
            await self.local.release(key)
            return
        try:
            await self.client.zrem(self.key + key, member)
        except FAILURES as exc:  # it expires after ttl
            self._fallback.failed(exc)

    def start(self) -> None:
        self._task = asyncio.create_task(self._renew_forever(), name="limit-slots")

    async def close(self) -> None:
        await cancel_and_wait(self._task)

    async def _now(self) -> float:
        """Redis's clock, so that every instance scores by the same time."""
        try:
            seconds, micros = await self.client.time()
        except FAILURES:
            return 0.0  # the eval below fails the same way and falls back
        return float(seconds) + micros / 1_000_000

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(self.ttl / 3)
            try:
                await self.renew()
            except FAILURES as exc:
                self._fallback.failed(exc)

    async def renew(self) -> None:
        """Push out the expiry of this instance's open connections."""
        until = await self._now() + self.ttl
        async with self.client.pipeline(transaction=False) as pipe:
            for key, members in self._mine.items():
                live = {m: until for m in members if m is not None}
                if live:
                    pipe.zadd(self.key + key, live, xx=True)
                    pipe.pexpireat(self.key + key, math.ceil(until * 1000))
            await pipe.execute()


class RedisFailures:
    def __init__(self, client: Redis, key: str, limit: Limit, clock: Clock) -> None:
        self.client, self.key, self.limit, self.clock = client, key, limit, clock
        self.local = LocalFailures(FailureLimiter(limit, clock))
        self._fallback = _Fallback(key)

    async def retry_after(self, key: str) -> timedelta | None:
        now = self.clock().timestamp()
        window = self.limit.window.total_seconds()
        try:
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(self.key + key, "-inf", now - window)
                pipe.zrange(self.key + key, -self.limit.failures, -1, withscores=True)
                _, recent = await pipe.execute()
        except FAILURES as exc:
            self._fallback.failed(exc)
            return await self.local.retry_after(key)
        self._fallback.worked()
        if len(recent) < self.limit.failures:
            return None
        return timedelta(seconds=float(recent[0][1]) + window - now)

    async def fail(self, key: str) -> None:
        now = self.clock().timestamp()
        window = self.limit.window.total_seconds()
        try:
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.zadd(self.key + key, {f"{now}:{uuid.uuid4().hex[:8]}": now})
                pipe.zremrangebyscore(self.key + key, "-inf", now - window)
                pipe.zremrangebyrank(self.key + key, 0, -self.limit.failures - 1)
                pipe.pexpire(self.key + key, math.ceil(window * 1000))
                await pipe.execute()
        except FAILURES as exc:
            self._fallback.failed(exc)
            await self.local.fail(key)

    async def forgive(self, key: str) -> None:
        try:
            await self.client.zpopmax(self.key + key)
        except FAILURES as exc:
            self._fallback.failed(exc)
            await self.local.forgive(key)

    async def reset(self, key: str) -> None:
        try:
            await self.client.delete(self.key + key)
        except FAILURES as exc:
            self._fallback.failed(exc)
        await self.local.reset(key)


__all__ = ["Bucket", "Failures", "RedisBucket", "RedisFailures", "RedisSlots", "Slots"]

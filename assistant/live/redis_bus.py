"""The live bus and presence across instances, through Redis.

Each instance delivers what it publishes to its own subscribers at once (a :class:`LocalBus`
inside) and sends it through Redis pub/sub to the others, tagged with its instance id, so it
skips its own messages when they come back: nothing is delivered twice, and nothing local
waits for Redis. A topic is subscribed in Redis while at least one local listener wants it.

When Redis goes away the instance keeps serving its own connections: local delivery goes on,
events for the other instances are dropped (everything that matters is in the database; pages
and widgets catch up on their next load), one warning is logged, and the connection is tried
again with exponential backoff. After every (re)connect a local ``bus`` event (state ``up``)
tells the caches to reload what they may have missed.

Presence lives in Redis as keys that expire: per shop a set of instance ids and per instance
a hash of its agents (id -> name), both refreshed by a heartbeat. A killed instance stops
refreshing them, so its agents vanish after the TTL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections import Counter
from collections.abc import Iterable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from assistant.live.bus import (
    BUS_TOPIC,
    Event,
    Listener,
    LocalBus,
    OnlineAgent,
    Subscription,
    bus_event,
    by_name,
    count_tab,
    presence_event,
    shop_topic,
    uncount_tab,
)
from assistant.tasks import cancel_and_wait

log = logging.getLogger(__name__)

#: What a Redis call may raise when the server is gone, slow or confused.
FAILURES = (RedisError, OSError, TimeoutError)
#: Events waiting to go out to Redis; more are dropped (a stuck Redis must not eat memory).
OUTBOX_SIZE = 10_000
#: How long one read waits for a message before the listener checks the connection.
READ_WAIT = 1.0
#: Takes instances out of a shop's presence set whose agent hash is gone, checked again inside
#: Redis so that an instance writing its hash anew meanwhile is not taken out.
_FORGET_DEAD = """
for _, instance in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[1] .. ':' .. instance) == 0 then
    redis.call('SREM', KEYS[1], instance)
  end
end
return 0
"""


def connect(url: str, *, timeout: float) -> Redis:
    """A client that fails fast: one immediate retry (for a pooled connection that died with
    an earlier Redis), no backoff of its own (the bus reconnects with backoff)."""
    return Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 1),
        health_check_interval=0,
    )


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def encode(instance: str, event: Event) -> bytes:
    return json.dumps({"from": instance, "event": event}, separators=(",", ":")).encode()


def decode(data: bytes) -> tuple[str, Event]:
    """The sender and the event, or :class:`ValueError` for anything else."""
    body = json.loads(data)
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("from"), str)
        or not isinstance(body.get("event"), dict)
    ):
        raise ValueError("not a live message")
    return body["from"], body["event"]


class _RedisSubscription:
    def __init__(self, bus: RedisBus, local: Subscription, topics: tuple[str, ...]) -> None:
        self._bus = bus
        self._local = local
        self._topics = topics
        self._closed = False

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self._local.close()
        await self._bus._release(self._topics)


class RedisBus:
    """:class:`assistant.live.bus.LiveBus` over Redis pub/sub; see the module's docstring.

    ``prefix`` starts every channel and key, so several deployments (or tests) can share one
    Redis. ``timeout`` bounds every Redis call. Call :meth:`start` inside the event loop and
    :meth:`close` at the end."""

    def __init__(
        self,
        client: Redis,
        *,
        instance: str,
        prefix: str = "shopassist:",
        timeout: float = 2.0,
        backoff: tuple[float, float] = (0.2, 5.0),
        ping_every: float = 5.0,
    ) -> None:
        self.client = client
        self.instance = instance
        self.prefix = prefix
        self.timeout = timeout
        self.local = LocalBus()
        #: ``connecting`` until the first attempt ends, then ``up`` or ``down``.
        self.state = "connecting"
        self._backoff = backoff
        self._ping_every = ping_every
        self._channels = f"{prefix}live:"
        self._wanted: Counter[str] = Counter()
        self._pubsub: PubSub | None = None
        self._sub_lock = asyncio.Lock()
        self._confirm: dict[str, list[asyncio.Future[None]]] = {}
        self._outbox: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(OUTBOX_SIZE)
        self._decided = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._dropped = 0
        self._publish_failing = False

    # -- the LiveBus methods ------------------------------------------------------------------

    async def publish(self, topic: str, event: Event) -> None:
        await self.local.publish(topic, event)
        if topic == BUS_TOPIC:
            return
        if self.state == "down":
            self._dropped += 1
            return
        try:
            data = encode(self.instance, event)
        except (TypeError, ValueError):  # a bug in an event constructor; local got it
            log.exception("live event is not JSON; not sent to the other instances")
            return
        try:
            self._outbox.put_nowait((self._channels + topic, data))
        except asyncio.QueueFull:
            self._dropped += 1

    async def subscribe(self, topics: Iterable[str], listener: Listener) -> Subscription:
        local = await self.local.subscribe(topics, listener)
        fresh = [t for t in local.topics if not self._wanted[t] and t != BUS_TOPIC]
        for topic in local.topics:
            self._wanted[topic] += 1
        if fresh:
            await self._remote_subscribe(fresh)
        return _RedisSubscription(self, local, local.topics)

    def health(self) -> str:
        return {"up": "ok", "down": "unreachable"}.get(self.state, "connecting")

    # -- running ------------------------------------------------------------------------------

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._listen_forever(), name="redis-listen"),
            asyncio.create_task(self._send_forever(), name="redis-send"),
        ]

    async def connected(self) -> bool:
        """Wait for the first connection attempt to end (it is bounded by the timeout);
        ``True`` if Redis is up."""
        await self._decided.wait()
        return self.state == "up"

    async def close(self) -> None:
        """Send what is queued (briefly), then stop and disconnect."""
        if self.state == "up":
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.timeout):
                    await self._outbox.join()
        tasks, self._tasks = self._tasks, []
        await cancel_and_wait(*tasks)
        with contextlib.suppress(*FAILURES):
            async with asyncio.timeout(self.timeout):
                await self.client.aclose()

    def key(self, *parts: str) -> str:
        """A Redis key under this deployment's prefix."""
        return self.prefix + ":".join(parts)

    # -- sending ------------------------------------------------------------------------------

    async def _send_forever(self) -> None:
        while True:
            channel, data = await self._outbox.get()
            try:
                await self._send(channel, data)
            finally:
                self._outbox.task_done()

    async def _send(self, channel: str, data: bytes) -> None:
        if self.state == "connecting":
            await self._decided.wait()
        if self.state != "up":
            self._dropped += 1
            return
        try:
            async with asyncio.timeout(self.timeout):
                await self.client.publish(channel, data)
        except FAILURES as exc:
            self._dropped += 1
            if not self._publish_failing:
                self._publish_failing = True
                log.warning("cannot publish to Redis (%s)", type(exc).__name__)
        else:
            self._publish_failing = False

    # -- listening ----------------------------------------------------------------------------

    async def _listen_forever(self) -> None:
        low, high = self._backoff
        delay = low
        while True:
            try:
                await self._listen()
            except FAILURES as exc:
                if self.state == "up":
                    delay = low
                log.debug("Redis connection failed (%s)", type(exc).__name__)
                await self._went_down(exc)
            # Jitter, so instances that lost Redis together do not come back in lockstep.
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, high)

    async def _listen(self) -> None:
        pubsub = self.client.pubsub()
        try:
            async with asyncio.timeout(self.timeout):
                # A channel of our own keeps the connection in pub/sub mode with no topics.
                await pubsub.subscribe(self._channels + "_" + self.instance)
                subscribed: set[str] = set()
                while await self._subscribe_wanted(pubsub, subscribed):
                    await self._settle(pubsub)
            # No await since the last look at what is wanted: from here on subscribe() and
            # _release() keep the connection's subscriptions up to date.
            self._pubsub = pubsub
            await self._came_up()
            await self._read(pubsub)
        finally:
            self._pubsub = None
            for futures in self._confirm.values():
                for future in futures:
                    if not future.done():
                        future.set_result(None)
            with contextlib.suppress(*FAILURES):
                async with asyncio.timeout(self.timeout):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def _subscribe_wanted(self, pubsub: PubSub, subscribed: set[str]) -> bool:
        """Bring ``subscribed`` in line with what local listeners want; ``False`` when it
        already was (and nothing was awaited)."""
        missing = [t for t in self._wanted if t not in subscribed and t != BUS_TOPIC]
        stale = [t for t in subscribed if t not in self._wanted]
        if missing:
            await pubsub.subscribe(*(self._channels + t for t in missing))
            subscribed.update(missing)
        if stale:
            await pubsub.unsubscribe(*(self._channels + t for t in stale))
            subscribed.difference_update(stale)
        return bool(missing or stale)

    async def _settle(self, pubsub: PubSub) -> None:
        """Until the answer to a PING arrives: Redis answers in order, so after it every
        subscription sent before is in force (events arriving meanwhile are delivered)."""
        await pubsub.ping()
        while True:
            message = await pubsub.get_message(timeout=READ_WAIT)
            if message is None:
                continue
            if message.get("type") == "pong":
                return
            await self._handle(message)

    async def _read(self, pubsub: PubSub) -> None:
        loop = asyncio.get_running_loop()
        heard = pinged = loop.time()
        while True:
            async with asyncio.timeout(READ_WAIT + self.timeout):
                message = await pubsub.get_message(timeout=READ_WAIT)
            now = loop.time()
            if message is not None:
                heard = now
                await self._handle(message)
                continue
            if now - heard > 2 * self._ping_every + self.timeout:
                raise TimeoutError("Redis stopped answering")
            if now - pinged >= self._ping_every:
                pinged = now
                async with asyncio.timeout(self.timeout):
                    await pubsub.ping()

    async def _handle(self, message: dict[str, Any]) -> None:
        channel = message.get("channel")
        if isinstance(channel, bytes):
            channel = channel.decode()
        if not isinstance(channel, str) or not channel.startswith(self._channels):
            return
        if message.get("type") == "subscribe":
            for future in self._confirm.pop(channel, []):
                if not future.done():
                    future.set_result(None)
            return
        if message.get("type") != "message":
            return
        topic = channel[len(self._channels) :]
        try:
            sender, event = decode(message["data"])
        except (ValueError, TypeError):
            log.warning("ignoring a malformed message on Redis", extra={"topic": topic})
            return
        if sender != self.instance:  # our own were delivered here when published
            await self.local.publish(topic, event)

    # -- subscriptions ------------------------------------------------------------------------

    async def _remote_subscribe(self, topics: list[str]) -> None:
        """Subscribe in Redis and wait until Redis confirms, so an event published elsewhere
        right after this returns is not missed. While Redis is away, the reconnect does it."""
        loop = asyncio.get_running_loop()
        waits: list[asyncio.Future[None]] = []
        try:
            async with asyncio.timeout(self.timeout):
                async with self._sub_lock:
                    pubsub = self._pubsub
                    if pubsub is None:
                        return
                    for topic in topics:
                        future: asyncio.Future[None] = loop.create_future()
                        self._confirm.setdefault(self._channels + topic, []).append(future)
                        waits.append(future)
                    await pubsub.subscribe(*(self._channels + t for t in topics))
                await asyncio.gather(*waits)
        except FAILURES as exc:  # the listener notices a broken connection and reconnects
            log.debug("Redis subscribe failed (%s)", type(exc).__name__)
        finally:
            for topic, future in zip(topics, waits, strict=False):
                pending = self._confirm.get(self._channels + topic, [])
                if future in pending:
                    pending.remove(future)
                    if not pending:
                        self._confirm.pop(self._channels + topic, None)

    async def _release(self, topics: Iterable[str]) -> None:
        gone = []
        for topic in topics:
            self._wanted[topic] -= 1
            if self._wanted[topic] <= 0:
                del self._wanted[topic]
                gone.append(topic)
        if not gone:
            return
        try:
            async with asyncio.timeout(self.timeout), self._sub_lock:
                pubsub = self._pubsub
                # A topic wanted again while we waited for the lock stays subscribed.
                gone = [t for t in gone if t not in self._wanted and t != BUS_TOPIC]
                if pubsub is not None and gone:
                    await pubsub.unsubscribe(*(self._channels + t for t in gone))
        except FAILURES as exc:
            log.debug("Redis unsubscribe failed (%s)", type(exc).__name__)

    # -- state --------------------------------------------------------------------------------

    async def _came_up(self) -> None:
        was = self.state
        self.state = "up"
        self._decided.set()
        if was == "down":
            log.info(
                "Redis is back; live events reach the other instances again",
                extra={"dropped_events": self._dropped},
            )
        else:
            log.info("connected to Redis", extra={"instance": self.instance})
        self._dropped = 0
        await self.local.publish(BUS_TOPIC, bus_event("up"))

    async def _went_down(self, exc: BaseException) -> None:
        was = self.state
        self.state = "down"
        self._decided.set()
        self._publish_failing = True  # said here already
        if was != "down":  # once per outage, not per event or per attempt
            log.warning(
                "Redis unreachable (%s): live events reach only this instance's "
                "connections until it is back; reconnecting with backoff",
                type(exc).__name__,
            )
            await self.local.publish(BUS_TOPIC, bus_event("down"))


class RedisPresence:
    """:class:`assistant.live.bus.Presence` shared through Redis (see the module's docstring).

    Tabs are counted on each instance, as in :class:`assistant.live.bus.LocalPresence`; Redis
    holds which agents each instance has per shop. While Redis is away, :meth:`online` answers
    with this instance's own agents. Changes are announced on the shop's topic (to every
    instance); a change noticed only by the heartbeat (another instance's keys expired) is
    announced to this instance's consoles."""

    def __init__(self, bus: RedisBus, *, ttl: float = 30.0) -> None:
        self._bus = bus
        self._ttl_ms = max(int(ttl * 1000), 100)
        self._every = ttl / 3
        self._tabs: dict[str, dict[OnlineAgent, int]] = {}
        self._seen: dict[str, tuple[OnlineAgent, ...]] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._link: Subscription | None = None

    async def start(self) -> None:
        self._link = await self._bus.local.subscribe([BUS_TOPIC], self._on_link)
        self._task = asyncio.create_task(self._heartbeat(), name="presence-heartbeat")

    async def close(self) -> None:
        """Stop the heartbeat and take this instance's agents out of Redis."""
        if self._link is not None:
            await self._link.close()
        await cancel_and_wait(self._task)
        shops = list(self._tabs)
        self._tabs.clear()
        if self._bus.state == "up":
            await self._write(shops)

    async def enter(self, agent: OnlineAgent, shops: Iterable[str]) -> None:
        changed = [s for s in shops if count_tab(self._tabs, agent, s)]
        await self._changed(changed)

    async def leave(self, agent: OnlineAgent, shops: Iterable[str]) -> None:
        changed = [s for s in shops if uncount_tab(self._tabs, agent, s)]
        await self._changed(changed)

    async def online(self, shop_id: str) -> list[OnlineAgent]:
        agents = await self._read(shop_id)
        self._seen[shop_id] = tuple(agents)
        return agents

    # -- internals ----------------------------------------------------------------------------

    def _own(self, shop_id: str) -> set[OnlineAgent]:
        return set(self._tabs.get(shop_id, {}))

    async def _changed(self, shops: list[str]) -> None:
        if not shops:
            return
        if self._bus.state == "up":
            await self._write(shops)
        for shop_id in shops:
            await self._announce(shop_id)

    async def _announce(self, shop_id: str) -> None:
        event = presence_event(shop_id, await self.online(shop_id))
        await self._bus.publish(shop_topic(shop_id), event)

    async def _read(self, shop_id: str) -> list[OnlineAgent]:
        own = self._own(shop_id)
        if self._bus.state != "up":
            return by_name(own)
        client, index = self._bus.client, self._bus.key("presence", shop_id)
        try:
            async with asyncio.timeout(self._bus.timeout):
                members = await client.smembers(index)
                instances = sorted(_text(m) for m in members)
                pipe = client.pipeline(transaction=False)
                for instance in instances:
                    pipe.hgetall(self._bus.key("presence", shop_id, instance))
                found = await pipe.execute()
                dead = [i for i, agents in zip(instances, found, strict=True) if not agents]
                if dead:  # their hashes expired: the instance is gone (unless just back)
                    await client.eval(_FORGET_DEAD, 1, index, *dead)
        except FAILURES as exc:
            log.debug("presence read failed (%s)", type(exc).__name__)
            return by_name(own)
        agents = {a.id: a for a in own}
        for hash_ in found:
            for agent_id, name in hash_.items():
                agents.setdefault(_text(agent_id), OnlineAgent(_text(agent_id), _text(name)))
        return by_name(agents.values())

    async def _write(self, shops: Iterable[str]) -> None:
        """This instance's agents of ``shops``, written anew with a fresh TTL."""
        bus = self._bus
        pipe = bus.client.pipeline(transaction=True)
        for shop_id in shops:
            index, key = bus.key("presence", shop_id), bus.key("presence", shop_id, bus.instance)
            agents = self._tabs.get(shop_id)
            pipe.delete(key)
            if agents:
                pipe.hset(key, mapping={a.id: a.name for a in agents})
                pipe.pexpire(key, self._ttl_ms)
                pipe.sadd(index, bus.instance)
                pipe.pexpire(index, self._ttl_ms)
            else:
                pipe.srem(index, bus.instance)
        try:
            async with asyncio.timeout(bus.timeout):
                await pipe.execute()
        except FAILURES as exc:
            log.debug("presence write failed (%s)", type(exc).__name__)

    async def _on_link(self, event: Event) -> None:
        if event.get("state") == "up":
            self._wake.set()  # write our agents at once: Redis may have lost them

    async def _heartbeat(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._every):
                    await self._wake.wait()
            woken = self._wake.is_set()
            self._wake.clear()
            if self._bus.state != "up":
                continue
            await self._write(list(self._tabs))
            if woken:  # back after an outage: the others' consoles may show us wrongly
                for shop_id in list(self._tabs):
                    await self._announce(shop_id)
            await self._notice_expired()

    async def _notice_expired(self) -> None:
        """Agents of a killed instance vanish when its keys expire; nobody announces that, so
        each instance tells its own consoles when a shop they looked at changed."""
        for shop_id, before in list(self._seen.items()):
            now = tuple(await self._read(shop_id))
            if now != before:
                self._seen[shop_id] = now
                await self._bus.local.publish(shop_topic(shop_id), presence_event(shop_id, now))


class RedisPublisher:
    """A :class:`assistant.live.bus.Publisher` for a process that only announces changes (a CLI
    command): each event goes straight to Redis, for every running instance. A failure is
    remembered in :attr:`failed` rather than raised: what changed is stored already."""

    def __init__(self, client: Redis, *, instance: str, prefix: str, timeout: float) -> None:
        self.client = client
        self.instance = instance
        self.timeout = timeout
        self.failed = False
        self._channels = f"{prefix}live:"

    async def publish(self, topic: str, event: Event) -> None:
        if self.failed:
            return
        try:
            async with asyncio.timeout(self.timeout):
                await self.client.publish(self._channels + topic, encode(self.instance, event))
        except FAILURES as exc:
            log.debug("cannot publish to Redis (%s)", type(exc).__name__)
            self.failed = True

    async def close(self) -> None:
        with contextlib.suppress(*FAILURES):
            async with asyncio.timeout(self.timeout):
                await self.client.aclose()

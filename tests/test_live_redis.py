"""The live bus and presence through a real Redis: two "instances" in one test (two buses
with their own connections and instance ids), and a redis-server of the test's own for the
outage."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.live.bus import BUS_TOPIC, OnlineAgent, conversation_topic, shop_topic
from assistant.live.redis_bus import RedisBus, RedisPresence, connect, encode
from tests.conftest import REDIS_URL
from tests.servers import RedisServer, free_port

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parent.parent
ANNA, BEN = OnlineAgent("1", "Anna"), OnlineAgent("2", "Ben")


class Inbox:
    """A listener that keeps what it gets, to be read in order."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def __call__(self, event: dict[str, Any]) -> None:
        self.queue.put_nowait(event)

    async def next(self, kind: str | None = None) -> dict[str, Any]:
        async with asyncio.timeout(10):
            while True:
                event = await self.queue.get()
                if kind is None or event.get("kind") == kind:
                    return event

    def now(self) -> list[dict[str, Any]]:
        """What has arrived so far, without waiting."""
        got = []
        while not self.queue.empty():
            got.append(self.queue.get_nowait())
        return got


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Until ``check`` holds: for what only the passing of Redis's own time can bring."""
    for _ in range(300):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("it never happened")


def bus(prefix: str, instance: str, url: str = REDIS_URL, **options: Any) -> RedisBus:
    return RedisBus(connect(url, timeout=1.0), instance=instance, prefix=prefix, **options)


@pytest.fixture
async def pair(redis_prefix: str) -> AsyncIterator[tuple[RedisBus, RedisBus]]:
    a, b = bus(redis_prefix, "A"), bus(redis_prefix, "B")
    for one in (a, b):
        one.start()
        assert await one.connected()
    yield a, b
    for one in (a, b):
        await one.close()


async def test_an_event_reaches_the_other_instance_and_its_own_subscribers_once(
    pair: tuple[RedisBus, RedisBus],
) -> None:
    a, b = pair
    on_a, on_b = Inbox(), Inbox()
    topic = conversation_topic("c1")
    await a.subscribe([topic], on_a)
    await b.subscribe([topic], on_b)
    await a.publish(topic, {"kind": "message", "n": 1})
    assert on_a.now() == [{"kind": "message", "n": 1}]  # delivered here before Redis saw it
    assert (await on_b.next())["n"] == 1
    await b.publish(topic, {"kind": "message", "n": 2})
    assert on_b.now() == [{"kind": "message", "n": 2}]
    # Redis gave A its own first event back before B's second: A skipped it.
    assert (await on_a.next())["n"] == 2
    await a.publish(shop_topic("demo"), {"kind": "conversation"})  # nobody listens there
    await b.publish(topic, {"kind": "message", "n": 3})
    assert (await on_a.next())["n"] == 3 and on_a.now() == []
    assert a.health() == b.health() == "ok"


async def test_a_topic_is_subscribed_in_redis_while_someone_listens(
    pair: tuple[RedisBus, RedisBus],
) -> None:
    a, b = pair
    topic = conversation_topic("c2")
    channel = a.prefix + "live:" + topic

    async def listeners() -> int:
        return int(dict(await b.client.pubsub_numsub(channel))[channel.encode()])

    first, second = Inbox(), Inbox()
    sub_1 = await a.subscribe([topic], first)
    sub_2 = await a.subscribe([topic], second)
    assert await listeners() == 1  # one Redis subscription for both
    await sub_1.close()
    await b.publish(topic, {"kind": "typing"})
    assert (await second.next())["kind"] == "typing" and first.now() == []
    await sub_2.close()
    await sub_2.close()  # twice is harmless
    assert await listeners() == 0


async def test_a_malformed_message_is_ignored_and_logged(
    pair: tuple[RedisBus, RedisBus], caplog: pytest.LogCaptureFixture
) -> None:
    a, b = pair
    inbox = Inbox()
    await b.subscribe(["t"], inbox)
    channel = a.prefix + "live:t"
    await a.client.publish(channel, b"{not json")
    await a.client.publish(channel, b'{"event": "no sender"}')
    await a.client.publish(channel, encode("A", {"kind": "fine"}))
    assert await inbox.next() == {"kind": "fine"}
    assert inbox.now() == []
    warnings = [r for r in caplog.records if "malformed" in r.getMessage()]
    assert len(warnings) == 2


async def test_presence_is_shared_and_counts_each_agent_once(
    pair: tuple[RedisBus, RedisBus],
) -> None:
    a, b = pair
    on_a, on_b = RedisPresence(a, ttl=30), RedisPresence(b, ttl=30)
    announced = Inbox()
    await b.subscribe([shop_topic("demo")], announced)
    for presence in (on_a, on_b):
        await presence.start()
    try:
        await on_a.enter(ANNA, ["demo", "other"])
        await on_a.enter(ANNA, ["demo"])  # a second tab on A
        event = await announced.next("presence")
        assert [x["name"] for x in event["agents"]] == ["Anna"]
        assert await on_b.online("demo") == [ANNA] and await on_b.online("other") == [ANNA]
        await on_b.enter(BEN, ["demo"])
        await on_b.enter(ANNA, ["demo"])  # Anna has a tab on B too
        assert await on_a.online("demo") == [ANNA, BEN]
        await on_a.leave(ANNA, ["demo"])
        await on_a.leave(ANNA, ["demo", "other"])  # her last tab on A
        assert await on_a.online("demo") == [ANNA, BEN]  # still there, through B
        assert await on_b.online("other") == []
        await on_b.leave(ANNA, ["demo"])
        assert await on_a.online("demo") == [BEN]
    finally:
        for presence in (on_a, on_b):
            await presence.close()
    assert await on_a.online("demo") == []  # B closed: Ben left with it


KILLED_INSTANCE = """
import asyncio, sys
from assistant.live.bus import OnlineAgent
from assistant.live.redis_bus import RedisBus, RedisPresence, connect

async def main():
    bus = RedisBus(connect(sys.argv[1], timeout=1.0), instance="doomed", prefix=sys.argv[2])
    bus.start()
    assert await bus.connected()
    presence = RedisPresence(bus, ttl=1.0)
    await presence.start()
    await presence.enter(OnlineAgent("9", "Zoe"), ["demo"])
    print("ready", flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
"""


async def test_the_agents_of_a_killed_instance_disappear_after_the_ttl(
    pair: tuple[RedisBus, RedisBus],
) -> None:
    _, b = pair
    on_b = RedisPresence(b, ttl=1.0)
    await on_b.start()
    announced = Inbox()
    await b.subscribe([shop_topic("demo")], announced)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", KILLED_INSTANCE, REDIS_URL, b.prefix,
        stdout=subprocess.PIPE, cwd=ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        async with asyncio.timeout(30):
            assert (await proc.stdout.readline()).strip() == b"ready"
        await on_b.enter(BEN, ["demo"])  # B keeps the shop's presence set alive
        assert [a.name for a in await on_b.online("demo")] == ["Ben", "Zoe"]
        proc.kill()  # no goodbye: only the TTL can take her out
        await proc.wait()
        while True:  # B's consoles are told once her keys have expired
            event = await announced.next("presence")
            if [a["name"] for a in event["agents"]] == ["Ben"]:
                break
        assert await on_b.online("demo") == [BEN]
        assert await b.client.smembers(b.key("presence", "demo")) == {b"B"}
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await on_b.close()


async def test_without_redis_local_delivery_goes_on_and_the_outage_is_logged_once(
    redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="assistant.live.redis_bus")
    lonely = bus(redis_prefix, "A", f"redis://127.0.0.1:{free_port()}/0", backoff=(0.01, 0.05))
    lonely.start()
    presence = RedisPresence(lonely)
    await presence.start()
    try:
        assert await lonely.connected() is False
        assert lonely.health() == "unreachable"
        inbox = Inbox()
        await lonely.subscribe([conversation_topic("c1")], inbox)
        for n in range(20):
            await lonely.publish(conversation_topic("c1"), {"kind": "message", "n": n})
        assert [e["n"] for e in inbox.now()] == list(range(20))
        await presence.enter(ANNA, ["demo"])
        assert await presence.online("demo") == [ANNA]  # its own agents, without Redis

        async def tried_again() -> bool:
            return sum("connection failed" in r.getMessage() for r in caplog.records) >= 3

        await eventually(tried_again)
    finally:
        await presence.close()
        await lonely.close()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "Redis unreachable" in warnings[0].getMessage()


async def test_after_a_redis_outage_delivery_and_presence_come_back(
    tmp_path: Path, redis_prefix: str
) -> None:
    server = RedisServer(tmp_path).start()
    a = bus(redis_prefix, "A", server.url, backoff=(0.02, 0.2), ping_every=0.5)
    b = bus(redis_prefix, "B", server.url, backoff=(0.02, 0.2), ping_every=0.5)
    on_a, on_b = RedisPresence(a, ttl=30), RedisPresence(b, ttl=30)
    links_a, links_b, got_a, got_b = Inbox(), Inbox(), Inbox(), Inbox()
    topic = conversation_topic("c1")
    try:
        for one, links, got in ((a, links_a, got_a), (b, links_b, got_b)):
            one.start()
            assert await one.connected()
            await one.subscribe([BUS_TOPIC], links)
            await one.subscribe([topic], got)
        await on_a.start()
        await on_b.start()
        await on_a.enter(ANNA, ["demo"])
        assert await on_b.online("demo") == [ANNA]

        server.kill()
        assert (await links_a.next())["state"] == "down"
        assert (await links_b.next())["state"] == "down"
        assert a.health() == "unreachable"
        # Each instance goes on serving its own: local delivery, its own agents.
        await a.publish(topic, {"kind": "message", "n": "during"})
        assert got_a.now() == [{"kind": "message", "n": "during"}]
        assert await on_a.online("demo") == [ANNA]
        assert await on_b.online("demo") == []

        server.start()  # an empty Redis: presence and subscriptions must be made anew
        assert (await links_a.next())["state"] == "up"
        assert (await links_b.next())["state"] == "up"
        assert a.health() == "ok"

        async def anna_back() -> bool:
            return await on_b.online("demo") == [ANNA]

        await eventually(anna_back)
        await a.publish(topic, {"kind": "message", "n": "after"})
        assert (await got_b.next())["n"] == "after"  # nothing from the outage came late
        await b.publish(topic, {"kind": "message", "n": "back"})
        assert [e["n"] for e in got_a.now()] == ["after"]
        assert (await got_a.next())["n"] == "back"
    finally:
        for presence in (on_a, on_b):
            await presence.close()
        for one in (a, b):
            await one.close()
        server.kill()

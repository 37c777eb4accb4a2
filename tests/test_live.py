"""The in-process live bus and presence."""

from __future__ import annotations

from typing import Any

from assistant.live.bus import (
    LocalBus,
    LocalPresence,
    OnlineAgent,
    conversation_topic,
    shop_topic,
)


async def test_publish_reaches_subscribers_of_the_topic_until_they_leave() -> None:
    bus = LocalBus()
    got: list[tuple[str, Any]] = []

    async def a(event: dict[str, Any]) -> None:
        got.append(("a", event["n"]))

    async def b(event: dict[str, Any]) -> None:
        got.append(("b", event["n"]))

    sub_a = await bus.subscribe([shop_topic("demo"), conversation_topic("c1")], a)
    sub_b = await bus.subscribe([conversation_topic("c1")], b)
    await bus.publish(conversation_topic("c1"), {"n": 1})
    await bus.publish(shop_topic("demo"), {"n": 2})
    await bus.publish(shop_topic("other"), {"n": 3})
    await sub_a.close()
    await bus.publish(conversation_topic("c1"), {"n": 4})
    await sub_b.close()
    await sub_b.close()  # closing twice is harmless
    assert got == [("a", 1), ("b", 1), ("a", 2), ("b", 4)]
    assert bus.subscribers(conversation_topic("c1")) == 0


async def test_a_failing_listener_does_not_stop_the_others() -> None:
    bus = LocalBus()
    got: list[int] = []

    async def broken(event: dict[str, Any]) -> None:
        raise RuntimeError("listener bug")

    async def fine(event: dict[str, Any]) -> None:
        got.append(event["n"])

    await bus.subscribe(["t"], broken)
    await bus.subscribe(["t"], fine)
    await bus.publish("t", {"n": 7})
    assert got == [7]


async def test_presence_counts_tabs_and_announces_changes() -> None:
    bus = LocalBus()
    announced: list[list[str]] = []

    async def watch(event: dict[str, Any]) -> None:
        announced.append([a["name"] for a in event["agents"]])

    await bus.subscribe([shop_topic("demo")], watch)
    presence = LocalPresence(bus)
    anna, ben = OnlineAgent("1", "Anna"), OnlineAgent("2", "Ben")
    await presence.enter(anna, ["demo"])
    await presence.enter(anna, ["demo"])  # a second tab
    await presence.enter(ben, ["demo", "other"])
    assert [a.name for a in await presence.online("demo")] == ["Anna", "Ben"]
    await presence.leave(anna, ["demo"])
    assert [a.name for a in await presence.online("demo")] == ["Anna", "Ben"]
    await presence.leave(anna, ["demo"])
    await presence.leave(ben, ["demo", "other"])
    assert await presence.online("demo") == [] and await presence.online("other") == []
    assert announced == [["Anna"], ["Anna", "Ben"], ["Ben"], []]

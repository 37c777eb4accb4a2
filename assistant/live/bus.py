"""Live events between the people in a conversation: a small publish/subscribe bus.

Everything that must reach someone *now* goes through here: a shopper's message to the
agents watching, an agent's reply and typing to the shopper's widget, inbox changes to every
console of the shop, a knowledge-base edit to every instance's index. Topics are
``shop:<id>`` (inbox and presence), ``conversation:<id>`` (its messages, typing, status and
notes), ``kb`` and ``shops`` (cached data changed; see :mod:`assistant.live.cache_sync`) and
``bus`` (this instance's own link to the others). Events are plain JSON-able dicts with a
``kind``.

:class:`LocalBus` delivers inside one process. :mod:`assistant.live.redis_bus` puts Redis pub/sub
behind the same two methods, so agent and shopper may sit on different instances. Presence
(which agents have a console open, per shop) is kept beside it for the same reason.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

log = logging.getLogger(__name__)

Event = dict[str, Any]
Listener = Callable[[Event], Awaitable[None]]


def shop_topic(shop_id: str) -> str:
    return f"shop:{shop_id}"


def conversation_topic(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


#: A shop's FAQ articles changed (:func:`kb_event`).
KB_TOPIC = "kb"
#: A shop's row (settings, origins) changed (:func:`shop_event`).
SHOPS_TOPIC = "shops"
#: Only ever published inside one instance: its link to the other instances came up
#: (:func:`bus_event`), so caches reload what they may have missed while it was down.
BUS_TOPIC = "bus"


class Subscription(Protocol):
    async def close(self) -> None: ...


class Publisher(Protocol):
    async def publish(self, topic: str, event: Event) -> None:
        """Deliver ``event`` to every current subscriber of ``topic``; never raises for a
        subscriber's failure."""
        ...


class LiveBus(Publisher, Protocol):
    async def subscribe(self, topics: Iterable[str], listener: Listener) -> Subscription:
        """Call ``listener`` for each event on any of ``topics`` until the subscription is
        closed. Each call returns a new subscription, so one listener may subscribe twice."""
        ...

    def health(self) -> str | None:
        """The link to the other instances for ``/healthz``: ``"ok"``, ``"connecting"``,
        ``"unreachable"``, or ``None`` when there is none (a single instance)."""
        ...


class _LocalSubscription:
    def __init__(self, bus: LocalBus, topics: tuple[str, ...], listener: Listener) -> None:
        self._bus = bus
        self.topics = topics
        self.listener = listener
        self.closed = False

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._bus._remove(self)


class LocalBus:
    """In-process delivery: ``publish`` awaits each listener in turn. Listeners must be quick
    (hand the event to a queue or write it to a socket); a failing listener is logged and the
    others still get the event."""

    def __init__(self) -> None:
        self._subs: dict[str, list[_LocalSubscription]] = defaultdict(list)

    async def publish(self, topic: str, event: Event) -> None:
        for sub in list(self._subs.get(topic, ())):
            if sub.closed:
                continue
            try:
                await sub.listener(event)
            except Exception:
                log.exception("live listener failed", extra={"topic": topic})

    async def subscribe(self, topics: Iterable[str], listener: Listener) -> _LocalSubscription:
        sub = _LocalSubscription(self, tuple(dict.fromkeys(topics)), listener)
        for topic in sub.topics:
            self._subs[topic].append(sub)
        return sub

    def subscribers(self, topic: str) -> int:
        return len(self._subs.get(topic, ()))

    def health(self) -> str | None:
        """``None``: nothing outside this process to be healthy or not."""
        return None

    def _remove(self, sub: _LocalSubscription) -> None:
        for topic in sub.topics:
            subs = self._subs.get(topic)
            if subs is None:
                continue
            if sub in subs:
                subs.remove(sub)
            if not subs:
                del self._subs[topic]


# -- presence ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OnlineAgent:
    id: str
    name: str


class Presence(Protocol):
    async def enter(self, agent: OnlineAgent, shops: Iterable[str]) -> None: ...

    async def leave(self, agent: OnlineAgent, shops: Iterable[str]) -> None: ...

    async def online(self, shop_id: str) -> list[OnlineAgent]: ...


class LocalPresence:
    """Agents with at least one console connection open, per shop. An agent with two tabs
    counts once and stays online until the last tab closes. Changes are announced on the
    shop's topic as ``{"kind": "presence", "agents": [...]}``."""

    def __init__(self, bus: LiveBus) -> None:
        self._bus = bus
        self._connections: dict[str, dict[OnlineAgent, int]] = {}

    async def enter(self, agent: OnlineAgent, shops: Iterable[str]) -> None:
        for shop_id in shops:
            if count_tab(self._connections, agent, shop_id):
                await self._announce(shop_id)

    async def leave(self, agent: OnlineAgent, shops: Iterable[str]) -> None:
        for shop_id in shops:
            if uncount_tab(self._connections, agent, shop_id):
                await self._announce(shop_id)

    async def online(self, shop_id: str) -> list[OnlineAgent]:
        return by_name(self._connections.get(shop_id, {}))

    async def _announce(self, shop_id: str) -> None:
        await self._bus.publish(
            shop_topic(shop_id), presence_event(shop_id, await self.online(shop_id))
        )


def count_tab(tabs: dict[str, dict[OnlineAgent, int]], agent: OnlineAgent, shop_id: str) -> bool:
    """One more console tab of ``agent`` for the shop; ``True`` when it is the first."""
    counts = tabs.setdefault(shop_id, {})
    counts[agent] = counts.get(agent, 0) + 1
    return counts[agent] == 1


def uncount_tab(tabs: dict[str, dict[OnlineAgent, int]], agent: OnlineAgent, shop_id: str) -> bool:
    """One tab fewer; ``True`` when it was the agent's last for the shop."""
    counts = tabs.get(shop_id, {})
    left = counts.get(agent, 0) - 1
    if left > 0:
        counts[agent] = left
        return False
    counts.pop(agent, None)
    if not counts:
        tabs.pop(shop_id, None)
    return True


def by_name(agents: Iterable[OnlineAgent]) -> list[OnlineAgent]:
    return sorted(agents, key=lambda a: (a.name.lower(), a.id))


# -- the events ---------------------------------------------------------------------------------
# One constructor per kind, so publishers and consumers (widget hub, console stream) agree.


def presence_event(shop_id: str, agents: Iterable[OnlineAgent]) -> Event:
    return {
        "kind": "presence",
        "shop": shop_id,
        "agents": [{"id": a.id, "name": a.name} for a in agents],
    }


def kb_event(
    shop_id: str, slug: str | None = None, lang: str | None = None, *, origin: str | None = None
) -> Event:
    """An article of the shop changed (or, without ``slug``, possibly all of them): indexes
    elsewhere read it again from the database. ``origin`` is the instance that made the change
    and has applied it already."""
    return {"kind": "kb", "shop": shop_id, "slug": slug, "lang": lang, "origin": origin}


def searches_erased_event(shop_id: str, *, origin: str | None = None) -> Event:
    """A customer of the shop was erased: remembered searches (shoppers' words) go
    everywhere."""
    return {"kind": "kb_forget", "shop": shop_id, "origin": origin}


def shop_event(shop_id: str, *, origin: str | None = None) -> Event:
    """The shop's row (settings, origins, secrets) changed: cached copies are dropped."""
    return {"kind": "shop_changed", "shop": shop_id, "origin": origin}


def bus_event(state: str) -> Event:
    return {"kind": "bus", "state": state}


def message_event(
    shop_id: str, conversation_id: str, message: dict[str, Any], origin: str | None = None
) -> Event:
    """A stored message (as :func:`assistant.conversation.engine.message_frame` shows it). ``origin``
    names the widget connection it came from, which already has it."""
    return {
        "kind": "message",
        "shop": shop_id,
        "conversation": conversation_id,
        "message": message,
        "origin": origin,
    }


def status_event(
    shop_id: str, conversation_id: str, status: str, agent_name: str | None = None
) -> Event:
    return {
        "kind": "status",
        "shop": shop_id,
        "conversation": conversation_id,
        "status": status,
        "agent": agent_name,
    }


#: A shopper or an agent says "typing" at most this often; more frequent signals are dropped.
TYPING_EVERY = timedelta(seconds=2)


def typing_event(
    shop_id: str,
    conversation_id: str,
    author: str,
    *,
    agent: OnlineAgent | None = None,
    origin: str | None = None,
) -> Event:
    return {
        "kind": "typing",
        "shop": shop_id,
        "conversation": conversation_id,
        "author": author,
        "agent": {"id": agent.id, "name": agent.name} if agent else None,
        "origin": origin,
    }


def note_event(shop_id: str, conversation_id: str, note_id: int) -> Event:
    """Private: only consoles react to it; the widget hub never forwards it."""
    return {"kind": "note", "shop": shop_id, "conversation": conversation_id, "note": note_id}


def inbox_event(shop_id: str, conversation_id: str, status: str) -> Event:
    """A conversation's inbox row changed (new message, status, owner)."""
    return {
        "kind": "conversation",
        "shop": shop_id,
        "conversation": conversation_id,
        "status": status,
    }


async def announce_message(
    bus: LiveBus,
    shop_id: str,
    conversation_id: str,
    messages: Iterable[dict[str, Any]],
    *,
    status: str,
    status_changed: bool = False,
    agent_name: str | None = None,
    origin: str | None = None,
) -> None:
    """What every change to a conversation tells the world: its new messages, its status
    when that changed, and the inbox row."""
    topic = conversation_topic(conversation_id)
    for message in messages:
        await bus.publish(topic, message_event(shop_id, conversation_id, message, origin))
    if status_changed:
        await bus.publish(topic, status_event(shop_id, conversation_id, status, agent_name))
    await bus.publish(shop_topic(shop_id), inbox_event(shop_id, conversation_id, status))

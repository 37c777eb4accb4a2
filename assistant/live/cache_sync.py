"""Keeps this instance's in-memory copies in step with changes made elsewhere.

Each instance holds a shop's knowledge-base index, its settings and its shop adapter in
memory. An edit on another instance (or by the CLI) is announced on the bus (``kb`` and
``shop_changed`` events); this reads the changed articles again from the database, so the
result does not depend on the order in which announcements arrive. When the link to the other instances comes back after an outage,
everything loaded is reloaded, as announcements may have been missed meanwhile.

The work runs in one background task, one event after the other: a listener on the bus must
return quickly, and an index rebuild does not.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import SQLAlchemyError

from assistant.errors import AssistantError
from assistant.faq.knowledge import KnowledgeService
from assistant.live.bus import BUS_TOPIC, KB_TOPIC, SHOPS_TOPIC, Event, LiveBus, Subscription
from assistant.shop.directory import ShopDirectory
from assistant.shop.registry import ShopAdapters
from assistant.tasks import cancel_and_wait

log = logging.getLogger(__name__)
QUEUE_SIZE = 10_000


class CacheSync:
    def __init__(
        self,
        bus: LiveBus,
        *,
        instance: str,
        knowledge: KnowledgeService,
        shops: ShopDirectory,
        adapters: ShopAdapters,
    ) -> None:
        self._bus = bus
        self._instance = instance
        self._knowledge = knowledge
        self._shops = shops
        self._adapters = adapters
        self._queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        self._overflow = False
        self._sub: Subscription | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._work(), name="cache-sync")
        self._sub = await self._bus.subscribe([KB_TOPIC, SHOPS_TOPIC, BUS_TOPIC], self._listen)

    async def close(self) -> None:
        if self._sub is not None:
            await self._sub.close()
        await cancel_and_wait(self._task)

    async def idle(self) -> None:
        """Wait until every event received so far is applied (for tests and the CLI)."""
        await self._queue.join()

    async def _listen(self, event: Event) -> None:
        if event.get("origin") == self._instance:
            return  # made here, and applied here already
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            # Far behind: reloading everything once is the same as applying them all.
            self._overflow = True

    async def _work(self) -> None:
        while True:
            event = await self._queue.get()
            try:
                if self._overflow:
                    self._overflow = False
                    event = {"kind": "bus", "state": "up"}
                await self.apply(event)
            except (AssistantError, SQLAlchemyError, OSError, TimeoutError) as exc:
                log.warning(
                    "could not apply a change made elsewhere (%s)",
                    type(exc).__name__,
                    extra={"kind": event.get("kind"), "shop_id": event.get("shop")},
                )
            finally:
                self._queue.task_done()

    async def apply(self, event: Event) -> None:
        kind, shop_id = event.get("kind"), event.get("shop")
        if kind == "kb" and isinstance(shop_id, str):
            slug, lang = event.get("slug"), event.get("lang")
            if isinstance(slug, str) and lang in ("de", "en"):
                await self._knowledge.refresh_article(shop_id, slug, lang)
            else:
                await self._knowledge.refresh(shop_id)
        elif kind == "kb_forget" and isinstance(shop_id, str):
            self._knowledge.forget_searches(shop_id)
        elif kind == "shop_changed" and isinstance(shop_id, str):
            # The shop directory follows these itself (ShopDirectory.follow); the adapter
            # made from the old settings goes here.
            self._adapters.forget(shop_id)
        elif kind == "bus" and event.get("state") == "up":
            self._shops.forget()
            await self._knowledge.refresh()

"""Feeds refreshed on a schedule. A shop whose settings name a feed,

    {"feed": {"url": "https://shop.example/feed.xml", "refresh_minutes": 360, "lang": "de"}}

gets its catalog imported again once ``refresh_minutes`` have passed since the last attempt
(successful or not, so a broken feed is not fetched in a loop). :meth:`FeedRefresher.run_once`
starts one task per due shop and keeps a reference to it; a shop whose refresh is still
running is not started twice. The app calls it every ``SHOPASSIST_FEED_CHECK`` seconds."""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from assistant.clock import Clock, utc_now
from assistant.products.entries import FeedError
from assistant.products.importer import ImportReport, import_catalog, last_import, record_failure
from assistant.products.source import read_source
from assistant.storage.engine import Sessions
from assistant.storage.models import Shop
from assistant.tasks import cancel_and_wait

log = logging.getLogger(__name__)
MIN_MINUTES = 5


@dataclass(frozen=True, slots=True)
class FeedSetting:
    shop_id: str
    url: str
    every: timedelta
    lang: str
    skip_bad_lines: bool


def feed_setting(shop_id: str, settings: dict[str, object]) -> FeedSetting | None:
    feed = settings.get("feed")
    if not isinstance(feed, dict) or not isinstance(feed.get("url"), str):
        return None
    minutes = feed.get("refresh_minutes", 360)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < MIN_MINUTES:
        log.warning(
            "shop %s: feed refresh_minutes must be a whole number from %d", shop_id, MIN_MINUTES
        )
        return None
    lang = feed.get("lang") if feed.get("lang") in ("de", "en") else "de"
    return FeedSetting(
        shop_id,
        feed["url"],
        timedelta(minutes=minutes),
        str(lang),
        feed.get("skip_bad_lines") is True,
    )


class FeedRefresher:
    def __init__(
        self,
        sessions: Sessions,
        *,
        max_bytes: int,
        timeout: float,
        clock: Clock = utc_now,
    ) -> None:
        self._sessions = sessions
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._clock = clock
        self._running: dict[str, asyncio.Task[ImportReport | None]] = {}

    async def due(self) -> list[FeedSetting]:
        async with self._sessions() as db:
            shops = (await db.exec(select(Shop))).all()
        now = self._clock()
        out = []
        for shop in shops:
            setting = feed_setting(shop.id, shop.settings or {})
            if setting is None or shop.id in self._running:
                continue
            last = await last_import(self._sessions, shop.id, setting.url)
            if last is None or now - last.finished_at >= setting.every:
                out.append(setting)
        return out

    async def run_once(self) -> list[asyncio.Task[ImportReport | None]]:
        """Start a refresh for every due shop; returns the started tasks."""
        started = []
        for setting in await self.due():
            task = asyncio.create_task(self.refresh(setting), name=f"feed-{setting.shop_id}")
            self._running[setting.shop_id] = task
            task.add_done_callback(functools.partial(self._done, setting.shop_id))
            started.append(task)
        return started

    def _done(self, shop_id: str, _task: asyncio.Task[ImportReport | None]) -> None:
        self._running.pop(shop_id, None)

    async def refresh(self, setting: FeedSetting) -> ImportReport | None:
        try:
            data = await read_source(setting.url, max_bytes=self._max_bytes, seconds=self._timeout)
        except FeedError as exc:
            log.warning(
                "feed refresh failed", extra={"shop_id": setting.shop_id, "reason": str(exc)}
            )
            await record_failure(
                self._sessions, setting.shop_id, setting.url, str(exc), clock=self._clock
            )
            return None
        try:
            report = await import_catalog(
                self._sessions,
                setting.shop_id,
                data,
                source=setting.url,
                lang=setting.lang,
                skip_bad_lines=setting.skip_bad_lines,
                clock=self._clock,
            )
        except (FeedError, SQLAlchemyError) as exc:  # the shop went away, the database is down
            log.warning(
                "feed import failed",
                extra={"shop_id": setting.shop_id, "reason": type(exc).__name__},
            )
            return None
        log.info(
            "feed refreshed",
            extra={
                "shop_id": setting.shop_id,
                "applied": report.applied,
                "products": report.products,
            },
        )
        return report

    async def close(self) -> None:
        tasks = list(self._running.values())
        await cancel_and_wait(*tasks)
        self._running.clear()

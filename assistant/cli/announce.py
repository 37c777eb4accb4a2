"""Telling running servers what a CLI command changed, through Redis when ``REDIS_URL`` is
set (each server then reloads the changed articles or shop settings). Without Redis there is
no one to tell: a server reads the change at its next start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import click

from assistant.clock import new_id
from assistant.config import Config, redis_display_url
from assistant.live.bus import SHOPS_TOPIC, Publisher, shop_event


@asynccontextmanager
async def announcer(config: Config) -> AsyncIterator[Publisher | None]:
    if config.redis_url is None:
        yield None
        return
    from assistant.live.redis_bus import RedisPublisher, connect  # only with Redis configured

    live = RedisPublisher(
        connect(config.redis_url, timeout=config.redis_timeout_s),
        instance=f"cli-{new_id()[:8]}",
        prefix=config.redis_prefix,
        timeout=config.redis_timeout_s,
    )
    try:
        yield live
    finally:
        await live.close()
        if live.failed:
            click.secho(
                f"Warning: Redis at {redis_display_url(config.redis_url)} did not answer, so "
                "running servers were not told; the change is stored and they see it after "
                "a restart.",
                fg="yellow",
                err=True,
            )


def told(live: Publisher | None) -> bool:
    """Did the running servers hear of it?"""
    return live is not None and not getattr(live, "failed", True)


async def announce_shop(config: Config, shop_id: str) -> None:
    """Running servers (through Redis) forget their copy of the shop."""
    async with announcer(config) as live:
        if live is not None:
            await live.publish(SHOPS_TOPIC, shop_event(shop_id))

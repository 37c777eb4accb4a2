"""``shopassist hooks list|add|remove|test|log SHOP``: a shop's outgoing webhook subscriptions
and their deliveries (docs/lifecycle.md#outgoing-webhooks). A new subscription's secret is
printed once; ``test`` queues a test event and sends what is due at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import click

from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.config import Config
from assistant.errors import AssistantError
from assistant.hooks.sender import HookSender
from assistant.hooks.subscriptions import HookAdmin, hook_box
from assistant.hooks.topics import TOPICS
from assistant.security.secret_key import installation_secret
from assistant.storage.writer import BatchWriter


@asynccontextmanager
async def _admin(config: Config) -> AsyncIterator[tuple[HookAdmin, HookSender]]:
    secret = await asyncio.to_thread(installation_secret, config.secret_key, config.secret_key_path)
    box = hook_box(secret)
    async with open_database(config) as sessions:
        writer = BatchWriter(sessions, timeout=config.db_timeout_s)
        writer.start()
        sender = HookSender(writer, box, timeout_s=config.hooks_timeout_s)
        try:
            yield HookAdmin(sessions, box, timeout=config.db_timeout_s), sender
        finally:
            await sender.close()
            await writer.close()


def _or_fail(exc: AssistantError) -> None:
    fail(exc.user_message("en"))


@click.group()
def hooks() -> None:
    """Outgoing webhooks: which systems of a shop get its events, and how delivery went."""


@hooks.command("list")
@click.argument("shop_id", metavar="SHOP")
@database_option
@async_command
async def list_cmd(shop_id: str, database: str | None) -> None:
    """SHOP's subscriptions: id, state, pending deliveries, topics, URL."""
    async with _admin(build_config(database=database)) as (admin, _):
        rows = await admin.subscriptions(shop_id)
    if not rows:
        click.echo(f"Shop {shop_id} has no webhook subscriptions.")
    for s in rows:
        state = "enabled" if s.enabled else "disabled"
        click.echo(f"{s.id}\t{state}\t{s.pending} pending\t{','.join(s.topics)}\t{s.url}")


@hooks.command("add")
@click.argument("shop_id", metavar="SHOP")
@click.argument("url")
@click.option(
    "--topic",
    "topics",
    multiple=True,
    type=click.Choice(TOPICS),
    help="A topic to subscribe to; repeat it (default: all).",
)
@database_option
@async_command
async def add_cmd(shop_id: str, url: str, topics: tuple[str, ...], database: str | None) -> None:
    """Subscribe URL (https://, or http:// to 127.0.0.1/localhost) to SHOP's events; prints
    the signing secret, the only time it is shown."""
    async with _admin(build_config(database=database)) as (admin, _):
        try:
            created = await admin.add(shop_id, url, topics or TOPICS)
        except AssistantError as exc:
            _or_fail(exc)
            return
    click.echo(f"Subscription {created.subscription.id} for {shop_id}: {created.subscription.url}")
    click.echo(f"Topics: {', '.join(created.subscription.topics)}")
    click.echo(f"Signing secret (shown only now): {created.secret}")


@hooks.command("remove")
@click.argument("shop_id", metavar="SHOP")
@click.argument("subscription")
@database_option
@async_command
async def remove_cmd(shop_id: str, subscription: str, database: str | None) -> None:
    """Remove a subscription of SHOP and its pending deliveries."""
    async with _admin(build_config(database=database)) as (admin, _):
        try:
            await admin.remove(shop_id, subscription)
        except AssistantError as exc:
            _or_fail(exc)
            return
    click.echo(f"Subscription {subscription} removed.")


@hooks.command("test")
@click.argument("shop_id", metavar="SHOP")
@click.argument("subscription")
@database_option
@async_command
async def test_cmd(shop_id: str, subscription: str, database: str | None) -> None:
    """Send a test event to one subscription of SHOP now and say how it went."""
    async with _admin(build_config(database=database)) as (admin, sender):
        try:
            delivery = await admin.test(shop_id, subscription)
        except AssistantError as exc:
            _or_fail(exc)
            return
        await sender.run_once()
        entry = next((e for e in await admin.log(shop_id) if e.id == delivery), None)
    if entry is None or entry.status != "delivered":
        error = entry.last_error if entry is not None else "not found"
        fail(f"Test delivery {delivery} not delivered: {error} (retried automatically).")
    click.echo(f"Test delivery {delivery}: HTTP {entry.last_status}.")


@hooks.command("log")
@click.argument("shop_id", metavar="SHOP")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@database_option
@async_command
async def log_cmd(shop_id: str, limit: int, database: str | None) -> None:
    """SHOP's latest deliveries: time, topic, status, HTTP status, attempts, next retry, error."""
    async with _admin(build_config(database=database)) as (admin, _):
        entries = await admin.log(shop_id, limit)
    if not entries:
        click.echo(f"Shop {shop_id} has no webhook deliveries.")
    for e in entries:
        code = str(e.last_status) if e.last_status is not None else "-"
        retry = e.next_attempt_at.isoformat() if e.next_attempt_at else "-"
        click.echo(
            f"{e.created_at.isoformat()}\t{e.topic}\t{e.status}\t{code}\t"
            f"{e.attempts} attempts\tnext {retry}\t{e.last_error or ''}\t{e.url}"
        )

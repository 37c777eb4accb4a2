"""``shopassist secrets``: which shops still accept the signing constructions from before the
purpose prefix (``legacy``), and switching that off once a shop has moved (docs/security.md)."""

from __future__ import annotations

import click
from sqlmodel import select

from assistant.cli.announce import announcer
from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.live.bus import SHOPS_TOPIC, shop_event
from assistant.shop.settings.keys import shop_keys, stored
from assistant.storage.models import Shop


@click.group()
def secrets() -> None:
    """Shops' signing secrets: old constructions, the move to the new ones."""


@secrets.command("status")
@database_option
@async_command
async def status(database: str | None) -> None:
    """Per shop: strict (only the purpose-prefixed MACs) or legacy, and whether the identity
    and webhook secrets are separate."""
    config = build_config(database=database)
    async with open_database(config) as sessions, sessions() as db:
        shops = (await db.exec(select(Shop).order_by(Shop.id))).all()
    for shop in shops:
        keys = shop_keys(shop.secret, shop.settings)
        mode = "legacy" if keys.legacy else "strict"
        split = "separate" if keys.identity.current != keys.webhook.current else "one secret"
        env = " (from the environment)" if config.shop_secrets_for(shop.id) else ""
        click.echo(f"{shop.id}\t{mode}\t{split}{env}")


@secrets.command("legacy")
@click.argument("shop_id", metavar="SHOP")
@click.argument("state", type=click.Choice(["off", "on"]))
@database_option
@async_command
async def legacy_cmd(shop_id: str, state: str, database: str | None) -> None:
    """off: SHOP accepts only the purpose-prefixed identify hashes and webhook signatures;
    on: the old ones count again (while the shop's systems are being moved)."""
    legacy = state == "on"
    config = build_config(database=database)
    async with open_database(config) as sessions, sessions() as db:
        shop = await db.get(Shop, shop_id)
        if shop is None:
            fail(f"There is no shop {shop_id!r}.")
            return
        column, kept = stored(shop_keys(shop.secret, shop.settings).with_legacy(legacy))
        settings = {k: v for k, v in shop.settings.items() if k != "secrets"}
        if kept:
            settings["secrets"] = kept
        shop.secret, shop.settings = column, settings
        db.add(shop)
        await db.commit()
    async with announcer(config) as live:
        if live is not None:
            await live.publish(SHOPS_TOPIC, shop_event(shop_id))
    if legacy:
        click.echo(f"Shop {shop_id} accepts the old hashes and signatures again.")
    else:
        click.echo(
            f"Shop {shop_id} now accepts only v2 identify hashes and v2= webhook signatures."
        )

"""``shopassist demo ...``: the built-in demo shop."""

from __future__ import annotations

import click

from assistant.cli.announce import announcer
from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.demo.history import simulate
from assistant.demo.loader import DEMO_SHOP_ID, DEMO_SHOP_NAME, demo_present, load_demo
from assistant.live.bus import KB_TOPIC, SHOPS_TOPIC, kb_event, shop_event


@click.group()
def demo() -> None:
    """The built-in demo shop (catalog and FAQ, German and English)."""


@demo.command("load")
@database_option
@click.option(
    "--replace", is_flag=True, help="Reload catalog and FAQ even if the demo shop exists."
)
@async_command
async def load(database: str | None, replace: bool) -> None:
    """Load the demo shop unless it is there already (conversations are always kept)."""
    config = build_config(database=database)
    async with open_database(config) as sessions, announcer(config) as live:
        report = await load_demo(sessions, replace=replace)
        if report.loaded and live is not None:
            await live.publish(SHOPS_TOPIC, shop_event(DEMO_SHOP_ID))
            await live.publish(KB_TOPIC, kb_event(DEMO_SHOP_ID))
    if report.loaded:
        click.echo(
            f"Loaded demo shop {DEMO_SHOP_NAME!r}: {report.products} products, {report.articles} FAQ articles."
        )
    else:
        click.echo(
            f"Demo shop {DEMO_SHOP_NAME!r} already loaded ({report.products} products, "
            f"{report.articles} FAQ articles); kept as it is. Use --replace to reload it."
        )


@demo.command("simulate")
@database_option
@click.option("--customers", type=click.IntRange(1, 100_000), default=400, show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=90, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@async_command
async def simulate_history(database: str | None, customers: int, days: int, seed: int) -> None:
    """Add simulated shoppers (browsing, chats, orders, ratings) so the metrics show something."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        if not await demo_present(sessions):
            fail("The demo shop is not loaded: run `shopassist demo load` first.")
        report = await simulate(sessions, customers=customers, days=days, seed=seed)
    click.echo(
        f"Simulated {report.customers} shoppers over {days} days: {report.events} events, "
        f"{report.orders} orders. Try `shopassist metrics --from ... --to ...`."
    )

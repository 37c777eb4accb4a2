"""``shopassist metrics``: the shop's lifecycle metrics, its API token and marketing spend."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import click

from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.clock import utc_now
from assistant.errors import AssistantError
from assistant.metrics.access import parse_day, period, rotate_token
from assistant.metrics.report import compute
from assistant.metrics.text import render
from assistant.storage.models import MarketingSpend, Shop

shop_option = click.option("--shop", default="demo", show_default=True, help="Shop id.")


@click.group(invoke_without_command=True)
@database_option
@shop_option
@click.option("--from", "start", metavar="DATE", help="First day (default: 30 days ago).")
@click.option("--to", "end", metavar="DATE", help="Last day, included (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
@click.pass_context
@async_command
async def metrics(
    ctx: click.Context,
    database: str | None,
    shop: str,
    start: str | None,
    end: str | None,
    as_json: bool,
) -> None:
    """Print the shop's metrics for a period (every metric, also as JSON)."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        begin, stop = period(start, end, utc_now())
    except AssistantError as exc:
        fail(exc.detail)
    config = build_config(database=database)
    async with open_database(config) as sessions, sessions() as db:
        if await db.get(Shop, shop) is None:
            fail(f"No shop {shop!r} in this database. Run `shopassist demo load` or pass --shop.")
        report = await compute(db, shop, begin, stop)
    click.echo(json.dumps(report.as_dict()) if as_json else render(report))


@metrics.command("token")
@database_option
@shop_option
@async_command
async def token(database: str | None, shop: str) -> None:
    """Create the shop's API token for GET /api/v1/metrics; an older one stops working."""
    config = build_config(database=database)
    async with open_database(config) as sessions, sessions() as db:
        if await db.get(Shop, shop) is None:
            fail(f"No shop {shop!r} in this database.")
        value = await rotate_token(db, shop, utc_now())
        await db.commit()
    click.echo(value)


@metrics.command("spend")
@database_option
@shop_option
@click.option("--day", required=True, metavar="DATE", help="The day the money was spent.")
@click.option("--amount", required=True, help="Amount in the shop's currency, e.g. 250.00.")
@async_command
async def spend(database: str | None, shop: str, day: str, amount: str) -> None:
    """Enter marketing spend for a day (replaces that day's amount); used for CAC."""
    try:
        value = Decimal(amount)
        when = datetime.combine(parse_day(day, "--day"), datetime.min.time(), UTC)
    except (InvalidOperation, AssistantError):
        fail("--amount must be a number like 250.00 and --day a date like 2026-01-31.")
    if not value.is_finite() or value < 0:
        fail("--amount must be zero or more.")
    config = build_config(database=database)
    async with open_database(config) as sessions, sessions() as db:
        if await db.get(Shop, shop) is None:
            fail(f"No shop {shop!r} in this database.")
        row = await db.get(MarketingSpend, (shop, when))
        if row is None:
            db.add(MarketingSpend(shop_id=shop, day=when, amount=value))
        else:
            row.amount = value
        await db.commit()
    click.echo(f"Marketing spend of {shop} on {when:%Y-%m-%d}: {value:.2f}")

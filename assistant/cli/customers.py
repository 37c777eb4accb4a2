"""``shopassist customers``: export everything stored about a customer (GDPR Art. 15/20) and
erase it (Art. 17)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.cli.announce import announcer
from assistant.cli.base import (
    async_command,
    build_config,
    database_option,
    fail,
    run_async,
    write_output,
)
from assistant.cli.db import open_database
from assistant.clock import utc_now
from assistant.errors import AssistantError
from assistant.gdpr.document import export_document
from assistant.gdpr.store import collect, erase, erasures
from assistant.live.bus import KB_TOPIC, searches_erased_event
from assistant.storage.models import Customer


@click.group()
def customers() -> None:
    """Customers' personal data: export it, erase it."""


async def _find(db: AsyncSession, key: str, shop: str | None) -> Customer:
    """Our customer id, or the shop's customer id (``--shop`` when several shops know it)."""
    found = await db.get(Customer, key[:32])
    if found is not None and (shop is None or found.shop_id == shop):
        return found
    query = select(Customer).where(Customer.external_id == key)
    if shop is not None:
        query = query.where(col(Customer.shop_id) == shop)
    matches = (await db.exec(query)).all()
    if len(matches) > 1:
        fail(f"{len(matches)} shops have a customer {key!r}; say which with --shop.")
    if not matches:
        where = f" in shop {shop!r}" if shop else ""
        fail(f"No customer {key!r}{where} (give our customer id or the shop's customer id).")
    return matches[0]


@customers.command("export")
@click.argument("customer_id", metavar="ID")
@click.option("--shop", default=None, help="The shop, when ID is the shop's customer id.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the JSON here (default: standard output).",
)
@database_option
def export_cmd(
    customer_id: str, shop: str | None, output: Path | None, database: str | None
) -> None:
    """Everything stored about customer ID, as one JSON document."""
    found, document = run_async(_export(customer_id, shop, database))
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if write_output(text, output):
        click.echo(f"Exported customer {found} to {output}.", err=True)


async def _export(
    customer_id: str, shop: str | None, database: str | None
) -> tuple[str, dict[str, Any]]:
    config = build_config(database=database)
    async with open_database(config) as sessions, sessions() as db:
        customer = await _find(db, customer_id, shop)
        return customer.id, export_document(await collect(db, customer), utc_now())


@customers.command("erase")
@click.argument("customer_id", metavar="ID")
@click.option("--shop", default=None, help="The shop, when ID is the shop's customer id.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@database_option
@async_command
async def erase_cmd(customer_id: str, shop: str | None, yes: bool, database: str | None) -> None:
    """Erase customer ID's personal data for good (anonymised rows stay for the metrics)."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        async with sessions() as db:
            customer = await _find(db, customer_id, shop)
            done = await erasures(db, [(customer.shop_id, customer.id)])
        if customer.id in done:
            fail(f"Customer {customer.id} was erased already ({done[customer.id].isoformat()}).")
        who = ", ".join(x for x in (customer.name, customer.email, customer.external_id) if x)
        if not yes:
            click.confirm(
                f"Erase everything about customer {customer.id} ({who or 'anonymous'}) "
                f"in shop {customer.shop_id}? This cannot be undone.",
                abort=True,
            )
        async with sessions() as db:
            try:
                result = await erase(db, customer.id, "cli", utc_now())
            except AssistantError as exc:
                fail(exc.user_message("en"))
            await db.commit()
    async with announcer(config) as live:
        if live is not None:  # running servers forget the searches they remember
            await live.publish(KB_TOPIC, searches_erased_event(customer.shop_id))
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
    click.echo(f"Erased customer {customer.id} in shop {customer.shop_id}: {counts}.")

"""``shopassist codes add|list``: the discount codes the demo shop takes in the chat checkout
(made by hand here; the lifecycle rules issue personal ones themselves)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

import click
from sqlmodel import col, select

from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.bundles import shop_option
from assistant.cli.db import open_database
from assistant.clock import utc_now
from assistant.shop.codes import CODE_PATTERN, normalize
from assistant.storage.engine import Sessions
from assistant.storage.models import DiscountCode, Shop


async def _require_shop(sessions: Sessions, shop_id: str) -> None:
    async with sessions() as db:
        if await db.get(Shop, shop_id) is None:
            fail(
                f"There is no shop {shop_id!r}. Use --shop, or load the demo: shopassist demo load."
            )


@click.group()
def codes() -> None:
    """Discount codes for the chat checkout (the demo shop; see docs/checkout.md)."""


def _amount(raw: str | None, what: str) -> Decimal | None:
    if raw is None:
        return None
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        fail(f"{what} must be a number such as 10 or 4.50, not {raw!r}.")
    if not value.is_finite() or value <= 0:
        fail(f"{what} must be more than 0.")
    return value


@codes.command("add")
@click.argument("code")
@click.option("--percent", help="Percent off the goods, e.g. 10.")
@click.option("--amount", help="Euros off the goods, e.g. 5.")
@click.option("--min-order", default="0", show_default=True, help="Minimum goods value in EUR.")
@click.option(
    "--days", type=click.IntRange(1, 3650), help="Valid for this many days (default: no end)."
)
@click.option(
    "--uses", type=click.IntRange(1), help="How often it may be used (default: no limit)."
)
@shop_option
@database_option
@async_command
async def add_code(
    code: str,
    percent: str | None,
    amount: str | None,
    min_order: str,
    days: int | None,
    uses: int | None,
    shop: str,
    database: str | None,
) -> None:
    """Add CODE (letters, digits and dashes, e.g. SOMMER10): --percent or --amount off."""
    wanted = normalize(code)
    if not CODE_PATTERN.match(wanted):
        fail(f"{code!r} is not a code: 3 to 32 letters, digits and dashes, e.g. SOMMER10.")
    if (percent is None) == (amount is None):
        fail("Give either --percent or --amount.")
    value = _amount(percent, "--percent") or _amount(amount, "--amount")
    assert value is not None
    if percent is not None and value > 100:
        fail("--percent must be at most 100.")
    minimum = Decimal("0") if min_order in ("0", "") else _amount(min_order, "--min-order")
    config = build_config(database=database)
    now = utc_now()
    async with open_database(config) as sessions:
        await _require_shop(sessions, shop)
        async with sessions() as db:
            if await db.get(DiscountCode, (shop, wanted)) is not None:
                fail(f"Shop {shop!r} has the code {wanted} already.")
            db.add(
                DiscountCode(
                    shop_id=shop,
                    code=wanted,
                    kind="percent" if percent is not None else "amount",
                    value=value,
                    min_order=minimum or Decimal("0"),
                    expires_at=now + timedelta(days=days) if days else None,
                    max_uses=uses,
                    uses=0,
                    created_at=now,
                )
            )
            await db.commit()
    click.echo(f"Added {wanted} to shop {shop!r}.")


@codes.command("list")
@shop_option
@database_option
@async_command
async def list_codes(shop: str, database: str | None) -> None:
    """The shop's codes: worth, minimum order, uses, expiry and the rule that issued it."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        await _require_shop(sessions, shop)
        async with sessions() as db:
            rows = (
                await db.exec(
                    select(DiscountCode)
                    .where(DiscountCode.shop_id == shop)
                    .order_by(col(DiscountCode.created_at), col(DiscountCode.code))
                )
            ).all()
    if not rows:
        click.echo(f"Shop {shop!r} has no discount codes. Add one with: shopassist codes add")
    for row in rows:
        worth = f"{row.value.normalize():f} %" if row.kind == "percent" else f"{row.value:.2f} EUR"
        limit = "no limit" if row.max_uses is None else f"{row.max_uses}"
        ends = row.expires_at.date().isoformat() if row.expires_at else "no end"
        source = f"; rule {row.rule}" if row.rule else ""
        minimum = f"; from {row.min_order:.2f} EUR" if row.min_order else ""
        click.echo(
            f"{row.code}: {worth} off{minimum}; used {row.uses} of {limit}; until {ends}{source}"
        )

"""``shopassist orders import``, ``shopassist bundles ...`` and ``shopassist experiments ...``:
order history for the mined pairs, what suggestions achieve, and the A/B tests."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from sqlmodel import col, select

from assistant.bundles.history import count_baskets, load_baskets, store_baskets
from assistant.bundles.metrics import Rate
from assistant.bundles.orders import OrderFileError, parse_orders_csv
from assistant.bundles.ranking import CoPurchases
from assistant.bundles.stats import Report, bundle_report
from assistant.cli.announce import announcer, told
from assistant.cli.base import (
    async_command,
    build_config,
    check_import_size,
    database_option,
    fail,
)
from assistant.cli.db import open_database
from assistant.clock import utc_now
from assistant.lifecycle.experiments import EXPERIMENTS, active, with_experiment
from assistant.live.bus import SHOPS_TOPIC, shop_event
from assistant.storage.engine import Sessions
from assistant.storage.models import Bundle, Product, Shop

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
shop_option = click.option("--shop", default="demo", show_default=True, help="The shop's id.")


async def _require_shop(sessions: Sessions, shop_id: str) -> Shop:
    async with sessions() as db:
        shop = await db.get(Shop, shop_id)
    if shop is None:
        fail(f"There is no shop {shop_id!r}. Use --shop, or load the demo: shopassist demo load.")
    assert shop is not None
    return shop


# -- orders ----------------------------------------------------------------------------------


@click.group()
def orders() -> None:
    """A shop's order history (what the cross-sell suggestions are mined from)."""


@orders.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@shop_option
@database_option
@async_command
async def import_orders(file: Path, shop: str, database: str | None) -> None:
    """Import past orders from a CSV file: one row per order line, header
    order_id,sku[,qty][,price][,ordered_at][,customer_id]. All or nothing; orders already
    imported (same order_id) are skipped, so a file can be imported again."""
    config = build_config(database=database)
    check_import_size(file, config)
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            parsed = parse_orders_csv(fh)
    except OSError as exc:
        fail(f"Cannot read {file}: {exc.strerror or exc}.")
    except UnicodeDecodeError:
        fail(f"{file} is not UTF-8 text. Save the CSV as UTF-8 and try again.")
    except OrderFileError as exc:
        fail(f"{file} was not imported (nothing stored): {exc}")
    async with open_database(config) as sessions:
        await _require_shop(sessions, shop)
        now = utc_now()
        with click.progressbar(length=len(parsed), label="Storing orders", file=sys.stderr) as bar:

            def advance(orders_done: int) -> None:
                bar.update(orders_done)

            async with sessions() as db:
                stored = await store_baskets(
                    db, shop, parsed, source="import", now=now, progress=advance
                )
                await db.commit()
        total = await count_baskets(sessions, shop)
    lines = sum(len(o.lines) for o in parsed)
    click.echo(
        f"Imported {stored:,} new orders ({lines:,} order lines; {len(parsed) - stored:,} orders "
        f"were there already) into shop {shop!r}; it has {total:,} orders for bundle mining now."
    )


# -- bundles ---------------------------------------------------------------------------------


@click.group()
def bundles() -> None:
    """Cross-sell bundles: mined pairs and how often suggestions are taken."""


@bundles.command("list")
@shop_option
@database_option
@async_command
async def list_bundles(shop: str, database: str | None) -> None:
    """The shop's curated bundles."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        await _require_shop(sessions, shop)
        async with sessions() as db:
            rows = (
                await db.exec(
                    select(Bundle)
                    .where(Bundle.shop_id == shop)
                    .order_by(col(Bundle.position), col(Bundle.slug))
                )
            ).all()
    if not rows:
        click.echo(f"Shop {shop!r} has no curated bundles. Add one with: shopassist bundles set")
    for row in rows:
        state = "" if row.active else " (inactive)"
        click.echo(
            f"{row.slug}{state}: {row.title_de} / {row.title_en}; {' + '.join(row.skus)}; "
            f"{Decimal(row.discount_pct).normalize():f} % off as a set"
        )


@bundles.command("set")
@click.argument("slug")
@click.option("--title-de", required=True, help="German title, e.g. 'Espresso-Starterset'.")
@click.option("--title-en", required=True, help="English title, e.g. 'Espresso starter set'.")
@click.option(
    "--sku", "skus", multiple=True, required=True, help="A product; repeat it, lead first."
)
@click.option("--discount", type=Decimal, default=Decimal("0"), help="Percent off the set.")
@click.option("--inactive", is_flag=True, help="Keep the set but do not offer it.")
@shop_option
@database_option
@async_command
async def set_bundle(
    slug: str,
    title_de: str,
    title_en: str,
    skus: tuple[str, ...],
    discount: Decimal,
    inactive: bool,
    shop: str,
    database: str | None,
) -> None:
    """Create or change a curated bundle: products bought as a set, optionally cheaper."""
    if not _SLUG.match(slug):
        fail(f"The slug {slug!r} must be 1-64 of a-z 0-9 and -, e.g. espresso-starter.")
    if len(set(skus)) < 2 or len(set(skus)) != len(skus):
        fail("A bundle needs at least two different products (--sku A --sku B).")
    if not Decimal("0") <= discount < Decimal("100"):
        fail(f"--discount must be a percentage from 0 to below 100, got {discount}.")
    titles = (title_de.strip(), title_en.strip())
    if not all(titles) or any(len(t) > 200 for t in titles):
        fail("Both titles are required, at most 200 characters each.")
    config = build_config(database=database)
    async with open_database(config) as sessions:
        await _require_shop(sessions, shop)
        async with sessions() as db:
            known = set(
                (
                    await db.exec(
                        select(Product.sku).where(
                            Product.shop_id == shop, col(Product.sku).in_(skus)
                        )
                    )
                ).all()
            )
            has_catalog = (
                await db.exec(select(Product.sku).where(Product.shop_id == shop).limit(1))
            ).first() is not None
            unknown = [s for s in skus if s not in known]
            if has_catalog and unknown:
                fail(f"Shop {shop!r} has no product {', '.join(unknown)}.")
            row = (
                await db.exec(select(Bundle).where(Bundle.shop_id == shop, Bundle.slug == slug))
            ).first() or Bundle(shop_id=shop, slug=slug, title_de="", title_en="")
            row.title_de, row.title_en = titles
            row.skus = list(skus)
            row.discount_pct = discount.quantize(Decimal("0.01"))
            row.active = not inactive
            row.updated_at = utc_now()
            db.add(row)
            await db.commit()
    click.echo(f"Saved bundle {slug!r} for shop {shop!r}: {' + '.join(skus)}, {discount}% off.")


@bundles.command("pairs")
@shop_option
@click.option("--limit", default=20, show_default=True, help="How many rules to show.")
@click.option("--min-support", default=2, show_default=True, help="Orders a pair needs.")
@database_option
@async_command
async def pairs(shop: str, limit: int, min_support: int, database: str | None) -> None:
    """The strongest mined rules (A -> B) with support, confidence and lift."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        await _require_shop(sessions, shop)
        baskets, _ = await load_baskets(sessions, shop)
    counts = CoPurchases()
    for basket in baskets:
        counts.add(basket)
    click.echo(f"{counts.baskets:,} orders, {len(counts.items):,} products")
    click.echo(f"{'A':<16} {'B':<16} {'orders':>7} {'support':>8} {'confidence':>10} {'lift':>7}")
    for a, b, stats in counts.top_pairs(min_support, limit):
        click.echo(
            f"{a:<16} {b:<16} {stats.count:>7} {stats.support:>8.4f} "
            f"{stats.confidence:>10.3f} {stats.lift:>7.2f}"
        )


@bundles.command("stats")
@shop_option
@click.option("--days", type=int, default=None, help="Only the last N days (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@database_option
@async_command
async def stats(shop: str, days: int | None, as_json: bool, database: str | None) -> None:
    """Attach rate per offer and overall, and the A/B tests: attach and conversion rate per
    variant with 95% intervals and a two-proportion z-test."""
    if days is not None and days < 1:
        fail("--days must be at least 1.")
    config = build_config(database=database)
    since = utc_now() - timedelta(days=days) if days else None
    async with open_database(config) as sessions:
        await _require_shop(sessions, shop)
        report = await bundle_report(sessions, shop, since=since)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(_tables(report))


def _pct(rate: Rate) -> str:
    interval = rate.interval()
    if rate.value is None or interval is None:
        return "–"
    return f"{rate.value:6.1%} [{interval[0]:.1%}, {interval[1]:.1%}]"


def _tables(report: Report) -> str:
    out = [
        f"Attach rate: {_pct(report.attach)} "
        f"({report.attach.successes} of {report.attach.trials} conversations shown an offer)",
        "",
        f"{'offer':<32} {'shown':>6} {'clicked':>7} {'accepted':>8} {'declined':>8}  attach [95% CI]",
    ]
    out += [
        f"{f.offer:<32} {f.shown:>6} {f.clicked:>7} {f.accepted:>8} {f.declined:>8}  {_pct(f.attach)}"
        for f in report.offers
    ] or ["(no offers shown yet)"]
    data: dict[str, Any] = report.as_dict()["experiments"]
    for name, stats_ in report.experiments.items():
        state = "running" if name in report.running else "not running"
        out += ["", f"Experiment {name} ({state}): variants {', '.join(EXPERIMENTS[name])}"]
        out.append(f"{'variant':<10} {'customers':>9}  {'attach [95% CI]':<26} conversion [95% CI]")
        for v in stats_:
            out.append(
                f"{v.variant:<10} {v.customers:>9}  {_pct(v.attach):<26} {_pct(v.conversion)}"
            )
        for label, key in (
            ("attach", "attach_difference"),
            ("conversion", "conversion_difference"),
        ):
            diff = data[name][key]
            if diff is None:
                out.append(f"  {label}: not enough data to compare")
                continue
            verdict = "significant" if diff["significant"] else "not significant"
            out.append(
                f"  {label}: {stats_[1].variant} - {stats_[0].variant} = {diff['difference']:+.1%} "
                f"[{diff['ci95'][0]:+.1%}, {diff['ci95'][1]:+.1%}], z = {diff['z']:.2f}, "
                f"p = {diff['p_value']:.3f} ({verdict} at 5%)"
            )
    return "\n".join(out)


# -- experiments -----------------------------------------------------------------------------


@click.group()
def experiments() -> None:
    """A/B tests: bundle_strategy (model | pairs) and greeting (standard | bundles)."""


@experiments.command("list")
@shop_option
@database_option
@async_command
async def list_experiments(shop: str, database: str | None) -> None:
    """Which experiments the shop runs."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        row = await _require_shop(sessions, shop)
    running = active(row.settings)
    for name, variants in EXPERIMENTS.items():
        state = "running" if name in running else "off"
        click.echo(f"{name:<16} {state:<8} variants: {', '.join(variants)}")


def _switch(on: bool) -> Any:
    @click.argument("name", type=click.Choice(sorted(EXPERIMENTS)))
    @shop_option
    @database_option
    @async_command
    async def command(name: str, shop: str, database: str | None) -> None:
        config = build_config(database=database)
        async with open_database(config) as sessions, announcer(config) as live:
            await _require_shop(sessions, shop)
            async with sessions() as db:
                row = await db.get(Shop, shop)
                assert row is not None
                row.settings = with_experiment(row.settings, name, on)
                db.add(row)
                await db.commit()
            if live is not None:
                await live.publish(SHOPS_TOPIC, shop_event(shop))
        verb = "Started" if on else "Stopped"
        when = "at once" if told(live) else "on their next start"
        click.echo(
            f"{verb} {name} for shop {shop!r} at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
            f"Running servers pick it up {when}."
        )

    return command


experiments.command("start", help="Start an experiment: visitors split 50/50 by id.")(_switch(True))
experiments.command("stop", help="Stop an experiment: everyone gets the first variant.")(
    _switch(False)
)

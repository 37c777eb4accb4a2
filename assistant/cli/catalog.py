"""``shopassist catalog ...``: a shop's product catalog from its feed or a catalog file."""

from __future__ import annotations

import asyncio
from typing import Any

import click

from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.products.entries import FeedError
from assistant.products.importer import (
    ImportReport,
    apply_catalog,
    last_import,
    parse_catalog,
    record_failure,
)
from assistant.products.source import is_url, read_source

#: Below this many bytes a download or a write is quick: no progress bar.
PROGRESS_FROM = 2 * 1024 * 1024
PROGRESS_PRODUCTS = 5000


@click.group()
def catalog() -> None:
    """The product catalog: import a Google Merchant Center feed or a catalog file."""


@catalog.command("import")
@click.argument("source", metavar="FILE|URL")
@click.option("--shop", required=True, metavar="ID", help="The shop whose catalog it becomes.")
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="The feed's language (a bilingual catalog file carries both).",
)
@click.option("--dry-run", is_flag=True, help="Read and check everything, change nothing.")
@click.option(
    "--skip-bad-lines",
    is_flag=True,
    help="Import the readable products even when some lines have errors (default: nothing).",
)
@database_option
@async_command
async def import_(
    source: str, shop: str, lang: str, dry_run: bool, skip_bad_lines: bool, database: str | None
) -> None:
    """Replace the shop's catalog with FILE or URL, all or nothing.

    Formats: Google Merchant Center feeds as RSS 2.0 / Atom XML (g: namespace) or TSV/CSV, and
    the bilingual catalog JSON ("format": "shopassist-catalog/1"). See docs/catalog.md.
    """
    config = build_config(database=database)
    data = await _read(source, config.max_import_bytes, config.feed_timeout_s)
    async with open_database(config) as sessions:
        try:
            parsed = await asyncio.to_thread(parse_catalog, data, lang=lang)
        except FeedError as exc:
            if not dry_run:
                await record_failure(sessions, shop, source, str(exc))
            fail(f"{source}: {exc} (nothing was imported)")
        long = len(parsed.products) >= PROGRESS_PRODUCTS and not dry_run
        try:
            with click.progressbar(
                length=len(parsed.products), label="Importing", hidden=not long
            ) as bar:
                report = await apply_catalog(
                    sessions,
                    shop,
                    parsed,
                    source=source,
                    dry_run=dry_run,
                    skip_bad_lines=skip_bad_lines,
                    progress=bar.update if long else None,
                )
        except FeedError as exc:
            fail(f"{exc} (nothing was imported)")
    _print(report)


async def _read(source: str, max_bytes: int, seconds: float) -> bytes:
    """The bytes, with a progress bar for a long download."""
    bar: Any = None
    shown = 0

    def progress(read: int, total: int | None) -> None:
        nonlocal bar, shown
        if bar is None and (total or read) >= PROGRESS_FROM:
            bar = click.progressbar(length=total or 0, label="Downloading", file=None)
            bar.__enter__()
        if bar is not None:
            bar.update(read - shown)
            shown = read

    try:
        return await read_source(
            source,
            max_bytes=max_bytes,
            seconds=seconds,
            progress=progress if is_url(source) else None,
        )
    except FeedError as exc:
        fail(f"{exc} (nothing was imported)")
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    return b""  # unreachable: fail() exits


def _print(report: ImportReport) -> None:
    for error in report.errors:
        click.echo(f"  {error}", err=True)
    if report.refused is not None:
        fail(f"{report.source}: {report.refused}.")
    counts = f"{report.products} products in {report.categories} categories ({report.format})"
    n = len(report.errors)
    skipped = f", {n} product{'s' if n != 1 else ''} skipped" if n else ""
    if report.dry_run:
        click.echo(f"Dry run: {counts}{skipped} would replace the catalog of {report.shop_id!r}.")
    else:
        click.echo(f"Imported {counts}{skipped} into shop {report.shop_id!r}.")


@catalog.command("status")
@click.option("--shop", required=True, metavar="ID", help="The shop's id.")
@database_option
@async_command
async def status(shop: str, database: str | None) -> None:
    """When the catalog was last imported, from where, and how it went."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        row = await last_import(sessions, shop)
    if row is None:
        click.echo(f"Shop {shop!r} has no catalog import yet.")
        return
    click.echo(
        f"{row.finished_at:%Y-%m-%d %H:%M} UTC  {row.status}  {row.products} products  "
        f"from {row.source} ({row.format})"
    )
    for error in row.errors[:20]:
        click.echo(f"  {error}")

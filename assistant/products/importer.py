"""Replacing a shop's catalog with an imported one: all or nothing.

The whole catalog (categories, products, and the finders a bilingual file carries) is
written in one transaction. A file with unreadable lines changes nothing unless the caller
accepts skipping them, and a file with no products at all never empties a catalog. Every
attempt, applied or not, is logged as a :class:`~assistant.storage.models.CatalogImport`
with its errors, for ``shopassist catalog`` and the shop's dashboard.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select

from assistant.clock import Clock, utc_now
from assistant.products.bilingual import looks_bilingual, parse_bilingual
from assistant.products.entries import Catalog, CatalogEntry, FeedError, LineError
from assistant.products.feed import parse_feed
from assistant.storage.bulk import insert_values
from assistant.storage.engine import Sessions
from assistant.storage.models import CatalogImport, Category, Product, Shop

log = logging.getLogger(__name__)
#: Rows per INSERT; the progress callback hears of each batch.
BATCH = 1000
#: Errors kept in the import log (the CLI prints them all).
LOGGED_ERRORS = 200
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ImportReport:
    shop_id: str
    source: str
    format: str
    products: int
    categories: int
    errors: tuple[LineError, ...]
    #: The catalog was replaced (``False``: nothing changed).
    applied: bool
    dry_run: bool = False
    #: Why nothing changed, when it did not.
    refused: str | None = None


def parse_catalog(data: bytes, *, lang: str = "de") -> Catalog:
    """Any supported format: the bilingual JSON catalog, a Google feed as XML or TSV/CSV."""
    if looks_bilingual(data):
        return parse_bilingual(data)
    return parse_feed(data, lang=lang)


async def import_catalog(
    sessions: Sessions,
    shop_id: str,
    data: bytes,
    *,
    source: str,
    lang: str = "de",
    dry_run: bool = False,
    skip_bad_lines: bool = False,
    clock: Clock = utc_now,
    progress: Progress | None = None,
) -> ImportReport:
    """Parse ``data`` (off the event loop) and, unless it has errors or this is a dry run,
    make it the shop's catalog."""
    started = clock()
    try:
        catalog = await asyncio.to_thread(parse_catalog, data, lang=lang)
    except FeedError as exc:
        report = ImportReport(shop_id, source, "unknown", 0, 0, (), False, dry_run, str(exc))
        if not dry_run:
            await _log(sessions, report, started, clock())
        return report
    return await apply_catalog(
        sessions,
        shop_id,
        catalog,
        source=source,
        dry_run=dry_run,
        skip_bad_lines=skip_bad_lines,
        clock=clock,
        progress=progress,
        started=started,
    )


async def apply_catalog(
    sessions: Sessions,
    shop_id: str,
    catalog: Catalog,
    *,
    source: str,
    dry_run: bool = False,
    skip_bad_lines: bool = False,
    clock: Clock = utc_now,
    progress: Progress | None = None,
    started: datetime | None = None,
) -> ImportReport:
    started = started or clock()
    refused = _refusal(catalog, skip_bad_lines)
    report = ImportReport(
        shop_id,
        source,
        catalog.format,
        len(catalog.products),
        len(catalog.categories),
        catalog.errors,
        applied=refused is None and not dry_run,
        dry_run=dry_run,
        refused=refused,
    )
    if dry_run:
        return report
    if refused is not None:
        await _log(sessions, report, started, clock())
        return report
    now = clock()
    async with sessions() as db:
        shop = await db.get(Shop, shop_id)
        if shop is None:
            raise FeedError(f"there is no shop {shop_id!r}")
        await db.exec(delete(Product).where(col(Product.shop_id) == shop_id))
        await db.exec(delete(Category).where(col(Category.shop_id) == shop_id))
        await insert_values(
            db,
            Category.__table__,  # type: ignore[attr-defined]
            [
                {
                    "shop_id": shop_id,
                    "slug": c.slug,
                    "name_de": c.name_de,
                    "name_en": c.name_en,
                    "position": i,
                }
                for i, c in enumerate(catalog.categories)
            ],
        )
        done = 0
        for start in range(0, len(catalog.products), BATCH):
            batch = catalog.products[start : start + BATCH]
            await insert_values(
                db,
                Product.__table__,  # type: ignore[attr-defined]
                [_row(shop_id, p, now) for p in batch],
            )
            done += len(batch)
            if progress is not None:
                progress(len(batch))
        if catalog.finders:
            shop.settings = {**(shop.settings or {}), "finders": list(catalog.finders)}
            db.add(shop)
        db.add(_log_row(report, started, clock()))
        await db.commit()
    log.info(
        "catalog imported",
        extra={"shop_id": shop_id, "products": done, "errors": len(catalog.errors)},
    )
    return report


def _refusal(catalog: Catalog, skip_bad_lines: bool) -> str | None:
    if catalog.errors and not skip_bad_lines:
        n = len(catalog.errors)
        return f"{n} product{'s' if n != 1 else ''} could not be read; nothing was changed"
    if not catalog.products:
        return "the file has no products; the catalog was left as it is"
    return None


def _row(shop_id: str, p: CatalogEntry, now: datetime) -> dict[str, Any]:
    return {
        "shop_id": shop_id,
        "sku": p.sku,
        "category": p.category,
        "name_de": p.name_de,
        "name_en": p.name_en,
        "description_de": p.description_de,
        "description_en": p.description_en,
        "price": p.price,
        "stock": p.stock,
        "swatch": p.swatch,
        "image_url": p.image_url,
        "tags": list(p.tags),
        "tier": p.tier,
        "family": p.family,
        "link": p.link,
        "brand": p.brand,
        "gtin": p.gtin,
        "availability": p.availability,
        "sale_price": p.sale_price,
        "item_group_id": p.item_group_id,
        "product_type": p.product_type,
        "google_category": p.google_category,
        "color": p.color,
        "size": p.size,
        "material": p.material,
        "rating": p.rating,
        "rating_count": p.rating_count,
        "attributes": dict(p.attributes),
        "updated_at": now,
    }


def _log_row(report: ImportReport, started: datetime, finished: datetime) -> CatalogImport:
    return CatalogImport(
        shop_id=report.shop_id,
        source=report.source[:1000],
        format=report.format,
        started_at=started,
        finished_at=finished,
        status="ok" if report.applied else "failed",
        products=report.products if report.applied else 0,
        errors=[
            *([{"message": report.refused}] if report.refused else []),
            *(e.as_dict() for e in report.errors[:LOGGED_ERRORS]),
        ],
    )


async def _log(
    sessions: Sessions, report: ImportReport, started: datetime, finished: datetime
) -> None:
    async with sessions() as db:
        if await db.get(Shop, report.shop_id) is None:
            return
        db.add(_log_row(report, started, finished))
        await db.commit()


async def last_import(
    sessions: Sessions, shop_id: str, source: str | None = None
) -> CatalogImport | None:
    async with sessions() as db:
        query = select(CatalogImport).where(CatalogImport.shop_id == shop_id)
        if source is not None:
            query = query.where(CatalogImport.source == source)
        return (await db.exec(query.order_by(col(CatalogImport.id).desc()).limit(1))).first()


async def record_failure(
    sessions: Sessions, shop_id: str, source: str, reason: str, *, clock: Clock = utc_now
) -> None:
    """Log an import that failed before a catalog was read (unreadable file, bad URL)."""
    now = clock()
    report = ImportReport(shop_id, source, "unknown", 0, 0, (), False, refused=reason)
    await _log(sessions, report, now, now)

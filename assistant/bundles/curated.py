"""The shop's curated bundles in the database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import col, select

from assistant.bundles.ranking import CuratedBundle
from assistant.i18n import L10n
from assistant.storage.engine import Sessions
from assistant.storage.models import Bundle


@dataclass(frozen=True, slots=True)
class ShopBundle:
    """A curated bundle with what the ranking needs and the titles the cards show."""

    bundle: CuratedBundle
    title: L10n


async def active_bundles(sessions: Sessions, shop_id: str) -> list[ShopBundle]:
    async with sessions() as db:
        rows = (
            await db.exec(
                select(Bundle)
                .where(Bundle.shop_id == shop_id, col(Bundle.active).is_(True))
                .order_by(col(Bundle.position), col(Bundle.slug))
            )
        ).all()
    return [
        ShopBundle(
            CuratedBundle(row.slug, tuple(row.skus), Decimal(row.discount_pct)),
            L10n(de=row.title_de, en=row.title_en),
        )
        for row in rows
        if row.skus
    ]

"""Reading a shop's catalog for pages and answers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import col, select

from assistant.storage.engine import Sessions
from assistant.storage.models import Category, Product


@dataclass(frozen=True, slots=True)
class CategoryView:
    slug: str
    name: str
    products: list[Product]


async def catalog_by_category(sessions: Sessions, shop_id: str, lang: str) -> list[CategoryView]:
    async with sessions() as db:
        categories = (
            await db.exec(
                select(Category).where(Category.shop_id == shop_id).order_by(col(Category.position))
            )
        ).all()
        products = (
            await db.exec(
                select(Product).where(Product.shop_id == shop_id).order_by(col(Product.sku))
            )
        ).all()
    by_cat: dict[str, list[Product]] = {}
    for p in products:
        by_cat.setdefault(p.category, []).append(p)
    return [
        CategoryView(c.slug, c.name_en if lang == "en" else c.name_de, by_cat.get(c.slug, []))
        for c in categories
    ]


async def product_by_sku(sessions: Sessions, shop_id: str, sku: str) -> Product | None:
    async with sessions() as db:
        return (
            await db.exec(select(Product).where(Product.shop_id == shop_id, Product.sku == sku))
        ).first()


def format_price(amount: Decimal, lang: str) -> str:
    """12.9 -> "12,90 €" (de) or "€12.90" (en)."""
    text = f"{amount.quantize(Decimal('0.01')):,.2f}"
    if lang == "en":
        return f"€{text}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") + " €"

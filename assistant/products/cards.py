"""Product cards as the widget shows them (the card format is in docs/products.md): picture,
name, price (with the regular price struck through on sale), availability, a link to the
product's page, and "In den Warenkorb". Where the shop's cart lives on its page (the feed-only
tier) the button asks the page to add it (``"add": "page"``); otherwise the assistant adds it
through the shop adapter (``"add": "shop"``)."""

from __future__ import annotations

from typing import Any

from assistant.i18n import L10n
from assistant.shop.adapter import ProductInfo
from assistant.shop.catalog import format_price
from assistant.shop.directory import ShopInfo
from knowledge_base.product_query import colour_of

ADD = L10n(de="In den Warenkorb", en="Add to cart")
AVAILABILITY = {
    "in_stock": L10n(de="Auf Lager", en="In stock"),
    "out_of_stock": L10n(de="Ausverkauft", en="Sold out"),
    "preorder": L10n(de="Vorbestellbar", en="Available to pre-order"),
    "backorder": L10n(de="Lieferbar mit Wartezeit", en="On back order"),
}
COLOUR = L10n(de="Farbe: {value}", en="Colour: {value}")
MATERIAL = L10n(de="Material: {value}", en="Material: {value}")
SIZE = L10n(de="Größe: {value}", en="Size: {value}")
RATING = L10n(de="{value} von 5 Sternen", en="{value} out of 5 stars")


def cart_on_page(shop: ShopInfo) -> bool:
    """The feed-only tier: the assistant has the catalog, the shop's page has the cart."""
    settings = shop.settings or {}
    return settings.get("adapter") == "feed" or settings.get("cart") == "page"


def product_card(p: ProductInfo, lang: str, *, on_page: bool) -> dict[str, Any]:
    state = p.availability if p.in_stock or p.availability != "in_stock" else "out_of_stock"
    card: dict[str, Any] = {
        "type": "product",
        "sku": p.sku,
        "title": p.name(lang),
        "image": p.image_url,
        "price": format_price(p.current_price, lang),
        "amount": str(p.current_price),
        "currency": "EUR",
        "availability": state,
        "availability_label": AVAILABILITY[state].get(lang),
        "add": "page" if on_page else "shop",
        "actions": [{"name": "product_add", "label": ADD.get(lang)}] if p.in_stock else [],
    }
    if p.current_price < p.price:
        card["regular_price"] = format_price(p.price, lang)
    if p.link and p.link.startswith(("https://", "http://", "/")):
        card["url"] = p.link
    if p.brand:
        card["brand"] = p.brand
    facts = [
        template.get(lang, value=value)
        for template, value in (
            (COLOUR, colour_name(p.color, lang)),
            (MATERIAL, p.material),
            (SIZE, p.size),
        )
        if value
    ]
    if p.rating is not None:
        card["rating"] = str(p.rating)
        facts.append(RATING.get(lang, value=_number(p.rating, lang)))
    if facts:
        card["facts"] = facts
    return card


COLOUR_NAMES = {
    "red": L10n(de="rot", en="red"),
    "black": L10n(de="schwarz", en="black"),
    "white": L10n(de="weiß", en="white"),
    "blue": L10n(de="blau", en="blue"),
    "green": L10n(de="grün", en="green"),
    "grey": L10n(de="grau", en="grey"),
    "silver": L10n(de="silber", en="silver"),
    "brown": L10n(de="braun", en="brown"),
    "yellow": L10n(de="gelb", en="yellow"),
    "pink": L10n(de="rosa", en="pink"),
    "orange": L10n(de="orange", en="orange"),
    "beige": L10n(de="beige", en="beige"),
    "copper": L10n(de="kupfer", en="copper"),
    "gold": L10n(de="gold", en="gold"),
    "purple": L10n(de="lila", en="purple"),
    "transparent": L10n(de="transparent", en="clear"),
}


def colour_name(value: str, lang: str) -> str:
    """The shop's colour name in the shopper's language where it is a known colour."""
    known = colour_of(value)
    return COLOUR_NAMES[known].get(lang) if known in COLOUR_NAMES else value


def _number(value: object, lang: str) -> str:
    text = f"{value}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value}"
    return text.replace(".", ",") if lang == "de" else text

"""The built-in demo shop page (``/demo``, ``/demo/en``) with the widget embedded exactly as a
real shop would embed it, its generated product pictures, and the widget script itself."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from assistant.demo.images import product_svg
from assistant.demo.loader import DEMO_SHOP_ID, DEMO_SHOP_NAME
from assistant.i18n import L10n
from assistant.shop.catalog import catalog_by_category, format_price, product_by_sku
from web.keys import adapters_key, sessions_key, shops_key

routes = web.RouteTableDef()
STATIC = Path(__file__).parent / "static"
_SKU = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

TEXT = {
    "tagline": L10n(
        de="Kaffee, Tee und alles, was dazugehört – frisch geröstet aus Hamburg.",
        en="Coffee, tea and everything that goes with it – freshly roasted in Hamburg.",
    ),
    "cart": L10n(de="Warenkorb", en="Cart"),
    "add": L10n(de="In den Warenkorb", en="Add to cart"),
    "sold_out": L10n(de="Ausverkauft", en="Sold out"),
    "empty_cart": L10n(de="Ihr Warenkorb ist leer.", en="Your cart is empty."),
    "total": L10n(de="Summe", en="Total"),
    "close": L10n(de="Schließen", en="Close"),
    "remove": L10n(de="Entfernen", en="Remove"),
    "set_discount": L10n(de="Set-Rabatt", en="Set discount"),
    "checkout": L10n(de="Zur Kasse", en="Checkout"),
    "other_lang": L10n(de="English", en="Deutsch"),
    "categories": L10n(de="Kategorien", en="Categories"),
    "demo_note": L10n(
        de="Dies ist ein Demo-Shop. Unten rechts hilft Ihnen unser digitaler Assistent.",
        en="This is a demo shop. Our digital assistant helps you at the bottom right.",
    ),
    "vat_note": L10n(de="inkl. MwSt., zzgl. Versand", en="incl. VAT, plus shipping"),
}


def _page(request: web.Request, lang: str) -> dict[str, object]:
    return {"lang": lang, "t": {k: v.get(lang) for k, v in TEXT.items()}}


async def _render(request: web.Request, lang: str) -> web.Response:
    categories = await catalog_by_category(request.app[sessions_key], DEMO_SHOP_ID, lang)
    if not categories:
        raise web.HTTPNotFound(text="The demo shop is not loaded: run `shopassist demo load`.")
    context = _page(request, lang)
    context.update(
        shop_id=DEMO_SHOP_ID,
        shop_name=DEMO_SHOP_NAME,
        categories=categories,
        price=lambda amount: format_price(amount, lang),
        other_href="/demo" if lang == "en" else "/demo/en",
    )
    return aiohttp_jinja2.render_template("demo.html", request, context)


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    raise web.HTTPFound("/demo")


@routes.get("/demo")
async def demo_de(request: web.Request) -> web.Response:
    return await _render(request, "de")


@routes.get("/demo/en")
async def demo_en(request: web.Request) -> web.Response:
    return await _render(request, "en")


@routes.get("/demo/img/{sku}.svg")
async def product_image(request: web.Request) -> web.Response:
    sku = request.match_info["sku"]
    if not _SKU.match(sku):
        raise web.HTTPNotFound()
    product = await product_by_sku(request.app[sessions_key], DEMO_SHOP_ID, sku)
    if product is None:
        raise web.HTTPNotFound()
    return web.Response(
        text=product_svg(product.name_de, product.category, product.swatch),
        content_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )


PAY_TEXT = {
    "title": L10n(de="Demo-Zahlung", en="Demo payment"),
    "order": L10n(de="Bestellung", en="Order"),
    "explain": L10n(
        de=(
            "Dies ist ein Demo-Shop: Hier würde Sie der Zahlungsanbieter (PayPal oder Ihre "
            "Kartenzahlung) empfangen. Der Assistent sieht und speichert keine Kartendaten."
        ),
        en=(
            "This is a demo shop: this is where the payment provider (PayPal or your card "
            "payment) would take over. The assistant never sees or stores card details."
        ),
    ),
    "back": L10n(de="Zurück zum Shop", en="Back to the shop"),
}
_ORDER_ID = re.compile(r"^[A-Z0-9-]{3,32}$")


@routes.get("/demo/pay/{order_id}")
async def demo_payment(request: web.Request) -> web.Response:
    """Where the demo shop's redirect payment methods lead (a real shop: its PSP's page)."""
    order_id = request.match_info["order_id"]
    lang = "en" if request.query.get("lang") == "en" else "de"
    if not _ORDER_ID.match(order_id):
        raise web.HTTPNotFound()
    shop = await request.app[shops_key].get(DEMO_SHOP_ID)
    order = await request.app[adapters_key].get(shop).order_status(order_id)
    if order is None:
        raise web.HTTPNotFound()
    context = {
        "lang": lang,
        "t": {k: v.get(lang) for k, v in PAY_TEXT.items()},
        "order": order,
        "total": format_price(order.total, lang),
        "shop_name": DEMO_SHOP_NAME,
    }
    return aiohttp_jinja2.render_template("pay.html", request, context)


routes.static("/static", STATIC, append_version=True)

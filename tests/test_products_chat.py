"""Products in the chat, through the real server: a product question gets cards that meet
what the shopper said (or an honest "none, but these come closest"), "more" and refine
buttons, FAQ questions stay with the FAQ, and "In den Warenkorb" fills the shop's cart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from assistant.products import catalog as catalog_module
from assistant.products.importer import import_catalog
from assistant.storage.models import Event, Product, Shop
from tests.chat import Shopper
from web.keys import adapters_key, sessions_key, shops_key

ROOT = Path(__file__).resolve().parent.parent


def _skus(reply: dict[str, Any]) -> list[str]:
    return [c["sku"] for c in reply["cards"] if c.get("type") == "product"]


async def test_a_red_grinder_under_100_euros_shows_only_red_grinders_under_100(
    demo_client: Any,
) -> None:
    shopper = await Shopper(demo_client, "v-red").connect()
    reply = await shopper.say("Habt ihr eine rote Kaffeemühle unter 100 €?")
    assert _skus(reply) == ["GRND-008"]
    card = reply["cards"][0]
    assert card["price"] == "35,00 €"
    assert "Farbe: rot" in card["facts"]
    assert card["availability_label"] == "Auf Lager"
    assert card["actions"][0]["label"] == "In den Warenkorb"
    assert "rot, unter 100,00 €" in reply["text"]


async def test_the_same_in_english(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "v-red-en", locale="en").connect()
    reply = await shopper.say("Do you have a red coffee grinder under €100?")
    assert _skus(reply) == ["GRND-008"]
    assert reply["cards"][0]["actions"][0]["label"] == "Add to cart"
    assert "Colour: red" in reply["cards"][0]["facts"]


async def test_no_exact_match_says_so_and_shows_the_closest(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "v-close").connect()
    reply = await shopper.say("Habt ihr eine rote Kaffeemühle unter 20 €?")
    assert reply["text"].startswith("Genau das habe ich leider nicht")
    skus = _skus(reply)
    assert skus and all(s.startswith("GRND-") or s == "MACH-008" for s in skus)


async def test_more_and_refine_buttons_page_and_narrow_the_results(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "v-more").connect()
    first = await shopper.say("Zeig mir eure Kaffeemühlen")
    assert len(_skus(first)) == 3
    assert "Mehr zeigen" in shopper.buttons()
    second = await shopper.press("Mehr zeigen")
    assert len(_skus(second)) == 3 and not set(_skus(second)) & set(_skus(first))
    await shopper.say("Zeig mir eure Kaffeemühlen")
    brand = next(b for b in shopper.buttons() if b.startswith("von "))
    narrowed = await shopper.press(brand)
    assert _skus(narrowed)
    assert all(c["brand"] == brand.removeprefix("von ") for c in narrowed["cards"])


async def test_price_sort_and_availability_from_words(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "v-sort").connect()
    reply = await shopper.say("die günstigste Handmühle bitte")
    prices = [Decimal(c["amount"]) for c in reply["cards"]]
    assert prices == sorted(prices) and _skus(reply)[0] == "GRND-008"
    stocked = await shopper.say("Welcher Tee ist sofort lieferbar?")
    assert "TEA-006" not in _skus(stocked)  # Gyokuro is sold out


async def test_faq_questions_stay_with_the_faq(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "v-faq").connect()
    reply = await shopper.say("Wie lange dauert der Versand?")
    assert not _skus(reply)
    assert "Werktage" in reply["text"]


async def test_add_to_cart_puts_the_product_in_the_shops_cart_and_is_measured(
    demo_client: Any,
) -> None:
    shopper = await Shopper(demo_client, "v-add").connect()
    await shopper.say("Habt ihr eine rote Kaffeemühle unter 100 €?")
    await shopper.ws.send_json({"type": "product", "name": "add", "sku": "GRND-008"})
    cart = await shopper.cart_frame()
    assert [(i["sku"], i["qty"]) for i in cart["items"]] == [("GRND-008", 1)]
    note = await shopper.ws.receive_json(timeout=10)
    assert note["type"] == "reply" and "im Warenkorb" in note["text"]
    async with demo_client.app[sessions_key]() as db:
        kinds = (await db.exec(select(Event.type))).all()
    assert {"product_search", "product_shown", "product_added", "cart_updated"} <= set(kinds)


async def test_a_product_not_shown_cannot_be_added(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "v-sneaky").connect()
    await shopper.say("Habt ihr eine rote Kaffeemühle unter 100 €?")
    await shopper.ws.send_json({"type": "product", "name": "add", "sku": "MACH-003"})
    error = await shopper.ws.receive_json(timeout=10)
    assert (error["type"], error["code"]) == ("error", "unknown_offer")


async def test_a_feed_only_shop_shows_its_feed_and_lets_the_page_add_to_its_cart(
    demo_client: Any,
) -> None:
    """The no-code tier: the catalog from the feed, the cart on the shop's page."""
    app = demo_client.app
    async with app[sessions_key]() as db:
        db.add(
            Shop(
                id="kl", name="Küchenliebe", allowed_origins=["self"], settings={"adapter": "feed"}
            )
        )
        await db.commit()
    feed = (ROOT / "docs" / "examples" / "products-feed.xml").read_bytes()
    report = await import_catalog(app[sessions_key], "kl", feed, source="products-feed.xml")
    assert report.applied and report.products == 300
    shopper = await Shopper(demo_client, "v-feed", shop="kl").connect()
    reply = await shopper.say("Habt ihr einen roten Wasserkocher unter 80 €?")
    cards = [c for c in reply["cards"] if c.get("type") == "product"]
    assert cards
    for card in cards:
        assert "Farbe: rot" in card["facts"] and Decimal(card["amount"]) < 80
        assert card["add"] == "page" and card["url"].startswith("https://kuechenliebe.example/p/")
        assert "Wasserkocher" in card["title"]
    await shopper.ws.send_json({"type": "product", "name": "add", "sku": cards[0]["sku"]})
    await shopper.say("Danke")  # frames are handled in order: the add is stored by now
    async with app[sessions_key]() as db:
        added = (await db.exec(select(Event).where(Event.type == "product_added"))).all()
    assert [e.properties["sku"] for e in added] == [cards[0]["sku"]]
    assert (
        await demo_client.app[adapters_key].get(await _shop(app, "kl")).get_cart("x")
    ).is_empty()


async def _shop(app: Any, shop_id: str) -> Any:
    return await app[shops_key].get(shop_id)


async def test_results_from_several_categories_can_be_narrowed_to_one(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "v-cats", locale="en").connect()
    await shopper.say("Do you have anything with espresso?")
    assert {"Coffee beans", "Care & cleaning"} <= set(shopper.buttons())
    narrowed = await shopper.press("Coffee beans")
    assert narrowed["cards"] and all(c["sku"].startswith("BEAN-") for c in narrowed["cards"])


async def test_a_product_sold_out_meanwhile_drops_out_soon_without_a_query_per_message(
    demo_client: Any, monkeypatch: Any
) -> None:
    """The catalog's version is read at most once per VERSION_CHECK_S, not on every message
    (that query cost more CPU than the answer); a stock change still shows right after."""
    monkeypatch.setattr(catalog_module, "VERSION_CHECK_S", 3600.0)  # however slow the machine
    reads = 0
    version = catalog_module.ProductCatalogs._version

    async def counted(self: Any, shop: Any) -> tuple[object, ...]:
        nonlocal reads
        reads += 1
        return await version(self, shop)

    monkeypatch.setattr(catalog_module.ProductCatalogs, "_version", counted)
    shopper = await Shopper(demo_client, "v-stock").connect()
    first = await shopper.say("Welcher Tee ist sofort lieferbar?")
    tea = next(sku for sku in _skus(first) if sku != "TEA-006")
    await shopper.say("Welcher Tee ist sofort lieferbar?")
    await shopper.say("Welcher Tee ist sofort lieferbar?")
    assert reads == 1  # three searches within the window: the database was asked once
    async with demo_client.app[sessions_key]() as db:
        await db.exec(update(Product).where(col(Product.sku) == tea).values(stock=0))
        await db.commit()
    monkeypatch.setattr(catalog_module, "VERSION_CHECK_S", 0.0)  # the window has passed
    later = await shopper.say("Welcher Tee ist sofort lieferbar?")
    assert tea not in _skus(later) and _skus(later)
    assert reads == 2

"""Issue 17's Done-when 1 and 2 in a real Chromium on the demo shop: a product question shows
only the products that fit as cards, and "In den Warenkorb" on a card changes the page's
cart; the product finder ends in a recommendation with its reason, and can be left (reload,
server restart), resumed and restarted; both in German and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer

pytestmark = pytest.mark.browser


def _ask(page: Page, text: str) -> None:
    page.locator("textarea").fill(text)
    page.locator("button.send").click()


def _press(page: Page, label: str) -> None:
    page.locator(".quick button", has_text=label).last.click()


def _last_bot(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".msg.out").last


@pytest.mark.parametrize(
    ("path", "question", "add", "facts"),
    [
        ("/demo", "Habt ihr eine rote Kaffeemühle unter 100 €?", "In den Warenkorb", "Farbe: rot"),
        ("/demo/en", "Do you have a red coffee grinder under €100?", "Add to cart", "Colour: red"),
    ],
)
def test_a_red_grinder_under_100_euros_goes_from_the_chat_into_the_cart(
    server: LiveServer, page: Page, path: str, question: str, add: str, facts: str
) -> None:
    page.goto(server.url + path)
    page.wait_for_function("() => window.ShopAssistant && window.ShopAssistant.version")
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    page.locator(".launcher").click()
    _ask(page, question)
    cards = page.locator(".card.product")
    expect(cards).to_have_count(1)  # only the red grinder under 100 €
    card = cards.first
    expect(card).to_have_attribute("data-sku", "GRND-008")
    expect(card).to_contain_text("35,00 €" if path == "/demo" else "€35.00")
    expect(card).to_contain_text(facts)
    expect(card.locator("img")).to_be_visible()
    screenshot(page, f"products-search-{'de' if path == '/demo' else 'en'}")
    card.get_by_role("button", name=add).click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")  # the page's own cart
    skus = page.evaluate("() => window.DemoShop.cart().map(i => i.sku)")
    assert skus == ["GRND-008"]
    expect(_last_bot(page)).to_contain_text("im Warenkorb" if path == "/demo" else "in your cart")


def test_the_finder_in_german_is_left_resumed_restarted_and_recommends_with_a_reason(
    server: LiveServer, page: Page
) -> None:
    page.goto(server.url + "/demo")
    page.locator(".launcher").click()
    _ask(page, "Welche Mühle passt zu meiner Siebträgermaschine?")
    expect(_last_bot(page)).to_contain_text("Von Hand oder elektrisch?")
    _press(page, "Von Hand")
    expect(_last_bot(page)).to_contain_text("Wie viel möchten Sie höchstens ausgeben?")
    server.restart()  # left in the middle: the server restarts, the page reloads
    page.reload()
    expect(_last_bot(page)).to_contain_text("Wie viel möchten Sie höchstens ausgeben?")
    _press(page, "bis 300 €")
    expect(_last_bot(page)).to_contain_text("Meine Empfehlung für Sie:")
    cards = page.locator(".card.product")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Handmühle Titan Precision")
    expect(cards.nth(1).locator(".why")).to_contain_text(
        "Warum: passt zu Siebträgern, Handmühle, im Budget bis 300 €: stufenlose Mahlgradeinstellung"
    )
    screenshot(page, "products-finder-de")
    _press(page, "Neu starten")
    expect(_last_bot(page)).to_contain_text("Wofür mahlen Sie hauptsächlich?")


def test_the_finder_in_english(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo/en")
    page.locator(".launcher").click()
    _ask(page, "Which grinder should I get for filter coffee?")
    expect(_last_bot(page)).to_contain_text("By hand or electric?")
    _press(page, "Back")
    expect(_last_bot(page)).to_contain_text("What do you mostly grind for?")
    _press(page, "Filter coffee")
    _press(page, "Electric")
    _press(page, "up to €300")
    expect(_last_bot(page)).to_contain_text("My recommendation for you:")
    card = page.locator(".card.product").first
    expect(card.locator(".why")).to_contain_text(
        "Why: made for filter coffee, electric, within €300"
    )
    card.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    screenshot(page, "products-finder-en")

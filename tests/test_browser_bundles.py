"""Bundles in a real Chromium on the demo shop: the shop's cart, the widget's cards, and the
shop's cart again after an offer is accepted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer

pytestmark = pytest.mark.browser


def test_added_machine_gets_the_starter_set_and_accepting_fills_the_shop_cart(
    server: LiveServer, page: Page
) -> None:
    page.goto(server.url + "/demo")
    page.locator("button.add[data-sku='MACH-001']").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    # The offer arrives while the panel is closed: the launcher shows it as unread.
    expect(page.locator(".badge")).to_have_text("1")
    page.locator(".launcher").click()
    card = page.locator(".card.offer[data-offer='bundle:espresso-starter']")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Espresso-Starterset")
    expect(card).to_contain_text("Passt zu Siebträgermaschine Piccola – als Set 10 % günstiger")
    expect(card.locator(".bp")).to_contain_text("Im Set")
    expect(card.locator(".old")).to_be_visible()
    screenshot(page, "bundle-offer-de")
    card.get_by_role("button", name="In den Warenkorb").click()
    expect(card.locator(".cs")).to_have_text("Im Warenkorb ✓")
    expect(page.get_by_test_id("cart-count")).to_have_text("4")
    skus = page.evaluate("() => window.DemoShop.cart().map(i => i.sku)")
    assert sorted(skus) == ["ACC-001", "ACC-004", "BEAN-001", "MACH-001"]
    expect(page.locator(".msg.out").last).to_contain_text("im Warenkorb")
    screenshot(page, "bundle-accepted-de")
    # After a reload the card is shown as it was left: in the cart, nothing to press again.
    page.reload()
    expect(card).to_be_visible()
    expect(card.locator(".cs")).to_have_text("Im Warenkorb ✓")
    expect(card.get_by_role("button", name="In den Warenkorb")).to_be_disabled()


def test_declined_offer_stays_away_when_the_shopper_asks_in_english(
    server: LiveServer, page: Page
) -> None:
    page.goto(server.url + "/demo/en")
    page.locator("button.add[data-sku='FILT-002']").click()
    page.locator(".launcher").click()
    card = page.locator(".card.offer[data-offer='bundle:pour-over-set']")
    expect(card).to_contain_text("Pour-over starter set")
    card.get_by_role("button", name="No, thanks").click()
    expect(card).to_have_count(0)
    page.locator("textarea").fill("What goes with this?")
    page.keyboard.press("Enter")
    answer = page.locator(".msg.out").last
    expect(answer).to_contain_text("These go well with it")
    expect(page.locator(".card.offer").first).to_be_visible()
    expect(page.locator(".card.offer[data-offer='bundle:pour-over-set']")).to_have_count(0)
    expect(
        page.locator(".card.offer").filter(has_text="Often bought together with")
    ).not_to_have_count(0)
    screenshot(page, "bundle-asked-en")
    # A reload does not bring the declined card back.
    page.reload()
    expect(page.locator(".msg.out").filter(has_text="These go well with it")).to_have_count(1)
    expect(page.locator(".card.offer[data-offer='bundle:pour-over-set']")).to_have_count(0)

"""The widget in a real Chromium on the demo shop page, against a real server process."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer

pytestmark = pytest.mark.browser


def _chat(page: Page) -> None:
    page.locator(".launcher").click()
    expect(page.locator("textarea")).to_be_focused()


def _say(page: Page, text: str) -> None:
    page.locator("textarea").fill(text)
    page.keyboard.press("Enter")


def test_shopper_asks_about_shipping(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    expect(page.locator(".product")).to_have_count(80)
    _chat(page)
    expect(page.locator(".msg.out").first).to_contain_text("Bohne & Becher")
    _say(page, "Wie lange dauert der Versand?")
    answer = page.locator(".msg.out").nth(1)
    expect(answer).to_contain_text("1-3 Werktage")
    expect(page.locator(".typing")).to_be_hidden()
    path = screenshot(page, "widget-shipping-de")
    assert path.stat().st_size > 10_000


def test_conversation_survives_a_server_restart(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    _chat(page)
    _say(page, "Wie lange dauert der Versand?")
    expect(page.locator(".msg.out")).to_have_count(2)
    _say(page, "Kann ich auf Rechnung zahlen?")
    expect(page.locator(".msg.out")).to_have_count(3)
    server.restart()
    page.reload()
    # The panel was open before the reload, so it opens again with the whole conversation.
    expect(page.locator(".msg.in")).to_have_count(2)
    expect(page.locator(".msg.in").nth(0)).to_contain_text("Wie lange dauert der Versand?")
    expect(page.locator(".msg.in").nth(1)).to_contain_text("Kann ich auf Rechnung zahlen?")
    expect(page.locator(".msg.out").filter(has_text="1-3 Werktage")).to_have_count(1)
    screenshot(page, "widget-after-restart")


def test_message_typed_while_offline_is_sent_once_after_reconnect(
    server: LiveServer, page: Page
) -> None:
    page.goto(server.url + "/demo")
    _chat(page)
    _say(page, "Hallo")
    expect(page.locator(".msg.out")).to_have_count(2)
    server.stop()
    expect(page.locator(".status")).not_to_be_empty()
    _say(page, "Wie lange dauert der Versand?")
    expect(page.locator(".msg.in.pending")).to_have_count(1)
    server.start()
    expect(page.locator(".msg.out").filter(has_text="1-3 Werktage")).to_have_count(
        1, timeout=20_000
    )
    expect(page.locator(".msg.in")).to_have_count(2)
    expect(page.locator(".msg.in.pending")).to_have_count(0)
    page.wait_for_timeout(500)  # nothing arrives twice a moment later either
    expect(page.locator(".msg.out")).to_have_count(3)


def test_english_page_speaks_english(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo/en")
    _chat(page)
    expect(page.locator(".msg.out").first).to_contain_text("digital assistant")
    _say(page, "How long does shipping take?")
    expect(page.locator(".msg.out").nth(1)).to_contain_text("1-3 working days")
    expect(page.locator("textarea")).to_have_attribute("placeholder", "Ask a question …")


def test_phone_screen_and_keyboard(server: LiveServer, browser: object) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(server.url + "/demo")
        launcher = page.locator(".launcher")
        expect(launcher).to_have_attribute("aria-expanded", "false")
        launcher.focus()
        page.keyboard.press("Enter")
        expect(launcher).to_have_attribute("aria-expanded", "true")
        expect(page.locator("textarea")).to_be_focused()
        box = page.locator(".panel").bounding_box()
        assert box is not None and box["width"] <= 360 and box["x"] >= 0
        expect(page.get_by_role("dialog", name="Shop-Assistent")).to_be_visible()
        expect(page.locator("[role=log]")).to_be_visible()
        page.keyboard.type("Welche Zahlungsarten gibt es?")
        page.keyboard.press("Enter")
        expect(page.locator(".msg.out")).to_have_count(2)
        screenshot(page, "widget-phone-360")
        page.keyboard.press("Escape")
        expect(page.locator(".panel")).to_be_hidden()
        expect(launcher).to_be_focused()
    finally:
        context.close()


def test_shopper_text_is_shown_as_text(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    _chat(page)
    payload = '<img src=x onerror="window.pwned=1"><b>fett</b>'
    _say(page, payload)
    expect(page.locator(".msg.in")).to_contain_text(payload)
    expect(page.locator(".msg.out")).to_have_count(2)
    assert page.locator(".msg img, .msg b").count() == 0
    assert page.evaluate("window.pwned") is None


def test_quick_reply_buttons_send_the_question(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    _chat(page)
    page.get_by_role("button", name="Welche Zahlungsarten gibt es?").click()
    expect(page.locator(".msg.in")).to_contain_text("Welche Zahlungsarten gibt es?")
    expect(page.locator(".msg.out").nth(1)).to_contain_text("PayPal")


def test_shop_cart_reaches_the_assistant(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    page.evaluate(
        """() => window.addEventListener("shopassistant:cart", e => { window.lastCart = e.detail; })"""
    )
    page.locator("button.add[data-sku='BEAN-001']").click()
    page.locator("button.add[data-sku='BEAN-001']").click()
    page.wait_for_function(
        "() => window.lastCart && window.lastCart.items.length && window.lastCart.items[0].qty === 2"
    )
    detail = page.evaluate("() => window.lastCart")
    assert [(i["sku"], i["qty"]) for i in detail["items"]] == [("BEAN-001", 2)]
    expect(page.get_by_test_id("cart-count")).to_have_text("2")

"""Done-when 1 and 2 of the checkout: a real Chromium on /demo against a real server, from
two products in the shop's cart to an order with the exact total in the demo shop."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer

pytestmark = pytest.mark.browser


def _db_file(server: LiveServer) -> Path:
    return Path(server.database_url.split("///", 1)[1])


def _order(server: LiveServer, order_id: str) -> tuple[Decimal, str, str, str]:
    with sqlite3.connect(_db_file(server)) as db:
        row = db.execute(
            "SELECT total, email, country, payment_id FROM demo_order WHERE id = ?", (order_id,)
        ).fetchone()
    assert row is not None, f"order {order_id} is not in the demo shop"
    return Decimal(str(row[0])).quantize(Decimal("0.01")), row[1], row[2], row[3]


def _money(server: LiveServer, order_id: str, column: str) -> Decimal:
    with sqlite3.connect(_db_file(server)) as db:
        row = db.execute(f"SELECT {column} FROM demo_order WHERE id = ?", (order_id,)).fetchone()
    return Decimal(str(row[0])).quantize(Decimal("0.01"))


def _last_bot(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".msg.out").last


def _press(page: Page, label: str) -> None:
    page.locator(".quick button", has_text=label).first.click()


def _type(page: Page, text: str) -> None:
    page.locator("textarea").fill(text)
    page.locator("button.send").click()


def _add(page: Page, sku: str) -> None:
    page.locator(f"button.add[data-sku='{sku}']").click()


def test_german_guest_checkout_with_invoice(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    page.wait_for_function("() => window.ShopAssistant && window.ShopAssistant.checkout")
    _add(page, "BEAN-001")
    _add(page, "FILT-001")
    expect(page.get_by_test_id("cart-count")).to_have_text("2")
    page.locator("#cart-button").click()
    page.locator("#cart-checkout").click()  # the shop's "Zur Kasse" calls ShopAssistant.checkout()

    expect(_last_bot(page)).to_contain_text("Zwischensumme: 20,80 €")
    screenshot(page, "checkout-de-1-cart")
    _press(page, "Weiter")
    expect(_last_bot(page)).to_contain_text("Möchten Sie das dazunehmen?")  # the offer
    _press(page, "Nein")
    # The demo shop has no sign-in page: straight on to the e-mail, no "Anmelden" to press.
    expect(_last_bot(page)).to_contain_text("An welche E-Mail-Adresse")
    expect(page.locator(".quick button", has_text="Anmelden")).to_have_count(0)
    expect(page.locator("textarea")).to_have_attribute("inputmode", "email")
    _type(page, "erika@beispiel")
    expect(_last_bot(page)).to_contain_text("Nach dem @ fehlt eine gültige Domain")
    _type(page, "erika@beispiel.de")
    expect(page.locator("textarea")).to_have_attribute("data-kind", "address")
    page.locator("textarea").fill("Erika Mustermann")
    page.locator("textarea").press("Enter")  # a new line, not "send", in the address step
    page.keyboard.type("Heidestraße 17\n51147 Köln\nDeutschland")
    screenshot(page, "checkout-de-2-address")
    page.locator("button.send").click()
    expect(page.locator(".quick button").first).to_have_text("Standard (DHL), 1–3 Werktage: 4,90 €")
    _press(page, "Standard (DHL)")
    _press(page, "Rechnung")
    summary = _last_bot(page)
    expect(summary).to_contain_text("Gesamt: 25,70 €")
    expect(summary).to_contain_text("darin 19 % MwSt.: 1,76 €")
    expect(summary).to_contain_text("darin 7 % MwSt.: 0,96 €")
    expect(summary).to_contain_text("Lieferadresse: Erika Mustermann, Heidestraße 17, 51147 Köln")
    screenshot(page, "checkout-de-3-summary")
    _press(page, "Zahlungspflichtig bestellen")
    confirmation = _last_bot(page)
    expect(confirmation).to_contain_text("Ihre Bestellnummer: BB-")
    expect(page.get_by_test_id("cart-count")).to_have_text("0")  # the shop's cart was emptied
    screenshot(page, "checkout-de-4-confirmation")

    order_id = confirmation.inner_text().split("Bestellnummer: ")[1].split(".")[0]
    assert _order(server, order_id) == (Decimal("25.70"), "erika@beispiel.de", "DE", "invoice")


def test_english_checkout_resumes_after_a_server_restart(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo/en")
    page.wait_for_function("() => window.ShopAssistant && window.ShopAssistant.checkout")
    _add(page, "TEA-004")
    _add(page, "CUP-001")
    expect(page.get_by_test_id("cart-count")).to_have_text("2")
    page.locator(".launcher").click()
    page.get_by_role("button", name="Cart: go to checkout").click()  # the widget's cart button
    expect(_last_bot(page)).to_contain_text("Subtotal: €32.80")
    _press(page, "Continue")
    expect(_last_bot(page)).to_contain_text("Would you like to add this?")  # the offer
    _press(page, "No")
    expect(_last_bot(page)).to_contain_text("Which email address")
    _type(page, "anna@example.at")
    expect(_last_bot(page)).to_contain_text("Where should we deliver?")

    server.restart()  # in the middle of the checkout
    page.reload()
    expect(_last_bot(page)).to_contain_text("Where should we deliver?")
    expect(page.locator("textarea")).to_have_attribute("data-kind", "address")
    screenshot(page, "checkout-en-1-after-restart")
    _type(page, "Anna Gruber\nMariahilfer Straße 12/3/4\n1060 Wien\nAustria")
    expect(page.locator(".quick button").first).to_have_text(
        "Standard (DHL), 3–5 working days: €6.90"
    )
    _press(page, "Standard (DHL)")
    _press(page, "Invoice")
    summary = _last_bot(page)
    # 12.90 (10 %) + 19.90 (20 %) + 6.90 shipping, split 4.19 / 2.71: 24.09 and 15.61 gross.
    expect(summary).to_contain_text("Total: €39.70")
    expect(summary).to_contain_text("incl. 20% VAT: €4.02")
    expect(summary).to_contain_text("incl. 10% VAT: €1.42")
    expect(summary).to_contain_text("1060 Wien, Austria")
    screenshot(page, "checkout-en-2-summary")
    _press(page, "Buy now")
    confirmation = _last_bot(page)
    expect(confirmation).to_contain_text("Your order number: BB-")
    screenshot(page, "checkout-en-3-confirmation")
    order_id = confirmation.inner_text().split("order number: ")[1].split(".")[0]
    assert _order(server, order_id) == (Decimal("39.70"), "anna@example.at", "AT", "invoice")


def test_the_set_offered_in_checkout_is_ordered_at_its_set_price(
    server: LiveServer, page: Page
) -> None:
    page.goto(server.url + "/demo")
    page.wait_for_function("() => window.ShopAssistant && window.ShopAssistant.checkout")
    _add(page, "MACH-001")
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    expect(page.locator(".badge")).to_have_text("1")  # the set's card, left alone for now
    page.locator("#cart-button").click()
    page.locator("#cart-checkout").click()
    expect(_last_bot(page)).to_contain_text("Zwischensumme: 249,00 €")
    _press(page, "Weiter")
    offer = _last_bot(page)
    expect(offer).to_contain_text("Bevor Sie bestellen – das passt noch dazu:")
    expect(offer).to_contain_text("als Set 259,83 € statt 288,70 €")
    card = page.locator(".card.offer[data-offer='bundle:espresso-starter']").last
    expect(card.locator(".bp")).to_have_text("Im Set 259,83 €")
    expect(card.get_by_role("button", name="In den Warenkorb")).to_have_count(0)
    screenshot(page, "checkout-set-1-offer")
    _press(page, "Ja")
    expect(_last_bot(page)).to_contain_text("Als Set zahlen Sie 28,87 € weniger.")
    # The shop's cart took the set and its price; the widget shows it, too.
    expect(page.get_by_test_id("cart-count")).to_have_text("4")
    expect(page.get_by_test_id("cart-set")).to_have_text("Set-Rabatt Espresso-Starterset−28,87 €")
    expect(page.get_by_test_id("cart-total")).to_have_text("259,83 €")
    expect(page.locator(".cartbar")).to_have_text(
        "Set-Rabatt Espresso-Starterset: −28,87 € · Warenkorb: 259,83 €"
    )
    expect(_last_bot(page)).to_contain_text("An welche E-Mail-Adresse")
    _type(page, "erika@beispiel.de")
    _type(page, "Erika Mustermann\nHeidestraße 17\n51147 Köln\nDeutschland")
    expect(page.locator(".quick button").first).to_have_text("Standard (DHL), 1–3 Werktage: 0,00 €")
    _press(page, "Standard (DHL)")
    _press(page, "Rechnung")
    summary = _last_bot(page)
    # 288.70 less 10 % = 259.83: 27.68 off the 19 % goods, 1.19 off the beans (7 %).
    expect(summary).to_contain_text("Set-Rabatt Espresso-Starterset: −28,87 €")
    expect(summary).to_contain_text("Gesamt: 259,83 €")
    expect(summary).to_contain_text("darin 19 % MwSt.: 39,78 €")
    expect(summary).to_contain_text("darin 7 % MwSt.: 0,70 €")
    screenshot(page, "checkout-set-2-summary")
    _press(page, "Zahlungspflichtig bestellen")
    confirmation = _last_bot(page)
    expect(confirmation).to_contain_text("Gesamtbetrag: 259,83 €")
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    expect(page.locator(".cartbar")).to_be_hidden()
    order_id = confirmation.inner_text().split("Bestellnummer: ")[1].split(".")[0]
    assert _order(server, order_id) == (Decimal("259.83"), "erika@beispiel.de", "DE", "invoice")
    assert _money(server, order_id, "discount") == Decimal("28.87")

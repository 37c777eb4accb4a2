"""Issue 18, Done-when 1 in a real Chromium: an at-risk customer comes back to /demo, gets
the win-back teaser with a code of her own, redeems it in the chat checkout, the order's
total shows the discount, and ``shopassist metrics`` counts the redemption for the rule."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser


def _db(server: LiveServer) -> sqlite3.Connection:
    return sqlite3.connect(Path(server.database_url.split("///", 1)[1]))


def _sqlite_time(at: datetime) -> str:
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _first_visit_stored(server: LiveServer) -> str:
    """The customer the first page view made, once its events are written."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with _db(server) as db:
            row = db.execute(
                "SELECT customer_id FROM customer_lifecycle WHERE seen_until IS NOT NULL"
            ).fetchone()
        if row is not None:
            return str(row[0])
        time.sleep(0.1)
    raise AssertionError("the first page view was not stored")


def _made_at_risk(server: LiveServer, customer_id: str) -> None:
    """Her history as the lifecycle would have it: two orders, the last 100 days ago (the
    demo shop's at-risk threshold is 90 days without an order)."""
    now = datetime.now(UTC)
    with _db(server) as db:
        db.execute(
            "UPDATE customer_lifecycle SET orders = 2, first_order_at = ?, last_order_at = ?,"
            " stage_since = ?, seen_until = ?, next_due_at = ? WHERE customer_id = ?",
            (
                _sqlite_time(now - timedelta(days=200)),
                _sqlite_time(now - timedelta(days=100)),
                _sqlite_time(now - timedelta(days=100)),
                _sqlite_time(now - timedelta(days=100)),
                _sqlite_time(now - timedelta(days=10)),
                customer_id,
            ),
        )
        db.execute("UPDATE customer SET stage = 'retention' WHERE id = ?", (customer_id,))


def _last_bot(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".msg.out").last


def _press(page: Page, label: str) -> None:
    page.locator(".quick button", has_text=label).first.click()


def _type(page: Page, text: str) -> None:
    page.locator("textarea").fill(text)
    page.locator("button.send").click()


def test_an_at_risk_customer_redeems_her_win_back_code(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    page.wait_for_function("() => window.ShopAssistant && window.ShopAssistant.checkout")
    customer_id = _first_visit_stored(server)
    _made_at_risk(server, customer_id)

    page.reload()  # she comes back
    teaser = page.locator(".teaser")
    expect(teaser).to_contain_text("Mit Ihrem persönlichen Code WIEDERDA-", timeout=15_000)
    screenshot(page, "codes-1-win-back-teaser")
    found = re.search(r"WIEDERDA-[A-Z0-9]{6}", teaser.inner_text())
    assert found is not None
    code = found.group(0)
    with _db(server) as db:
        issued = db.execute(
            "SELECT rule, customer_id, kind, value, expires_at, uses FROM discount_code"
            " WHERE code = ?",
            (code,),
        ).fetchone()
    assert issued is not None, "the code in the teaser is not stored"
    rule, owner, kind, value, expires_at, uses = issued
    assert (rule, owner, kind, Decimal(str(value)), uses) == (
        "win_back",
        customer_id,
        "percent",
        Decimal("10"),
        0,
    )
    days_left = datetime.fromisoformat(expires_at).replace(tzinfo=UTC) - datetime.now(UTC)
    assert timedelta(days=29) < days_left <= timedelta(days=30)
    teaser.click()
    expect(page.locator(".msg.proactive")).to_contain_text(code)
    cta = page.locator(".msg.proactive + .quick button")
    expect(cta).to_have_text(f"Code {code} einlösen")
    cta.click()  # the teaser's button, before anything is in her cart: the code is kept
    expect(_last_bot(page)).to_contain_text(f"Ihr Gutschein {code} ist für Ihren Warenkorb")

    page.locator("button.add[data-sku='BEAN-001']").click()
    page.locator("button.add[data-sku='FILT-001']").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("2")
    page.locator("#cart-button").click()
    page.locator("#cart-checkout").click()
    reply = _last_bot(page)
    expect(reply).to_contain_text(f"Gutschein {code}: −2,08 €")  # came along with the cart
    expect(reply).to_contain_text("Zwischensumme: 18,72 €")
    expect(page.locator(".cartbar")).to_have_text(f"Gutschein {code}: −2,08 € · Warenkorb: 18,72 €")
    screenshot(page, "codes-2-code-redeemed")
    # Said again in a later step, the code is checked again: still hers, still unused.
    _press(page, "Weiter")
    expect(_last_bot(page)).to_contain_text("Möchten Sie das dazunehmen?")
    _type(page, "Ich habe einen Gutschein")
    expect(_last_bot(page)).to_contain_text("Bitte geben Sie Ihren Gutscheincode ein.")
    expect(page.locator("textarea")).to_have_attribute("data-kind", "code")
    _type(page, code.lower())  # typed as it comes
    expect(_last_bot(page)).to_contain_text(f"Gutschein {code} eingelöst: Sie sparen 2,08 €.")
    expect(_last_bot(page)).to_contain_text("Möchten Sie das dazunehmen?")  # back where she was
    _press(page, "Nein")
    expect(_last_bot(page)).to_contain_text("An welche E-Mail-Adresse")
    _type(page, "lena@beispiel.de")
    expect(page.locator("textarea")).to_have_attribute("data-kind", "address")
    _type(page, "Lena Berg\nHeidestraße 17\n51147 Köln\nDeutschland")
    expect(page.locator(".quick button").first).to_have_text("Standard (DHL), 1–3 Werktage: 4,90 €")
    _press(page, "Standard (DHL)")
    _press(page, "Rechnung")
    summary = _last_bot(page)
    expect(summary).to_contain_text(f"Gutschein {code}: −2,08 €")
    expect(summary).to_contain_text("Gesamt: 23,62 €")
    screenshot(page, "codes-3-summary")
    _press(page, "Zahlungspflichtig bestellen")
    confirmation = _last_bot(page)
    expect(confirmation).to_contain_text("Gesamtbetrag: 23,62 €")
    expect(confirmation).to_contain_text(f"Mit Ihrem Gutschein {code} haben Sie 2,08 € gespart.")
    expect(page.get_by_test_id("cart-count")).to_have_text("0")

    order_id = confirmation.inner_text().split("Bestellnummer: ")[1].split(".")[0]
    with _db(server) as db:
        total, discount, subtotal = db.execute(
            "SELECT total, discount, subtotal FROM demo_order WHERE id = ?", (order_id,)
        ).fetchone()
        (uses,) = db.execute("SELECT uses FROM discount_code WHERE code = ?", (code,)).fetchone()
    assert [Decimal(str(x)).quantize(Decimal("0.01")) for x in (subtotal, discount, total)] == [
        Decimal("20.80"),
        Decimal("2.08"),
        Decimal("23.62"),
    ]
    assert uses == 1
    done = shopassist("metrics", "--json", "--database", server.database_url)
    assert done.returncode == 0, done.stderr
    win_back = json.loads(done.stdout)["actions"]["win_back/widget"]
    assert (win_back["shown"], win_back["redeemed"], win_back["code_discount"]) == (1, 1, "2.08")

"""A browser without WebSocket (a proxy that blocks the upgrade): the widget does everything over
HTTP. Greeting, cart and offer cards, FAQ answer with "helpful?" buttons, identify and track, a
hand-off whose agent answers arrive by long poll, and after a reload the conversation is there.
A real Chromium and a real server; the page has no ``WebSocket`` at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from assistant.security.signing import identity_hash
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
NO_WEBSOCKET = "delete window.WebSocket;"


@pytest.fixture
def contexts(browser: Browser) -> Iterator[tuple[BrowserContext, BrowserContext]]:
    errors: list[str] = []
    agent = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    shopper = browser.new_context(viewport={"width": 1100, "height": 860}, locale="de-DE")
    shopper.add_init_script(NO_WEBSOCKET)
    for context in (agent, shopper):
        context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        yield agent, shopper
    finally:
        agent.close()
        shopper.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _db(server: LiveServer) -> Path:
    return Path(server.database_url.split("///", 1)[1])


def _sign_in_agent(page: Page, server: LiveServer) -> None:
    added = shopassist(
        "agents", "add", "anna@example.com", "--name", "Anna", "--password-stdin",
        "--database", server.database_url, input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    page.goto(server.url + "/console/")
    page.get_by_label("E-Mail-Adresse").fill("anna@example.com")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("body[data-live-ready]")).to_have_count(1)


def _say(page: Page, text: str) -> None:
    page.locator("#sa-input").fill(text)
    page.keyboard.press("Enter")


def test_everything_works_without_websocket(server: LiveServer, contexts: tuple) -> None:
    agent_ctx, shopper_ctx = contexts
    agent = agent_ctx.new_page()
    _sign_in_agent(agent, server)
    shopper = shopper_ctx.new_page()
    sockets: list[str] = []
    shopper.on("websocket", lambda ws: sockets.append(ws.url))
    shopper.goto(server.url + "/demo")
    assert shopper.evaluate("() => 'WebSocket' in window") is False
    shopper.locator(".launcher").click()
    # The greeting, with its quick replies.
    expect(shopper.locator(".msg.out").first).to_contain_text("Bohne & Becher")
    expect(shopper.locator(".quick button").first).to_be_visible()

    # identify and track reach the server.
    with sqlite3.connect(_db(server)) as db:
        (secret,) = db.execute("SELECT secret FROM shop WHERE id = 'demo'").fetchone()
    shopper.evaluate(
        "([id, hash]) => { ShopAssistant.track('newsletter_seen', {place: 'footer'});"
        " ShopAssistant.identify({id: id, hash: hash}); }",
        ["c-http", identity_hash(secret, "c-http")],
    )
    # The shop's cart: the assistant hears of it and offers the starter set, as a card.
    shopper.locator("button.add[data-sku='MACH-001']").click()
    card = shopper.locator(".card.offer[data-offer='bundle:espresso-starter']")
    expect(card).to_be_visible()
    card.get_by_role("button", name="In den Warenkorb").click()
    expect(card.locator(".cs")).to_have_text("Im Warenkorb ✓")
    expect(shopper.get_by_test_id("cart-count")).to_have_text("4")

    # An FAQ answer with its "helpful?" buttons, and a vote.
    _say(shopper, "Wie lange dauert der Versand?")
    expect(shopper.locator(".msg.out").filter(has_text="1-3 Werktage")).to_have_count(1)
    rating = shopper.locator(".rate").last
    expect(rating).to_contain_text("War das hilfreich?")
    rating.get_by_role("button", name="Ja").click()
    expect(rating).to_have_text("Danke für Ihre Rückmeldung!")

    # A hand-off: the agent's words arrive without a WebSocket (long poll).
    _say(shopper, "Ich möchte mit einem Mitarbeiter sprechen")
    expect(shopper.locator(".msg.out").last).to_contain_text("gleich ist jemand persönlich")
    row = agent.locator("#rows tr.s-waiting")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    agent.get_by_role("button", name="Übernehmen").click()
    expect(shopper.locator(".msg.sys").last).to_contain_text("Sie chatten jetzt mit Anna.")
    expect(shopper.locator(".sub")).to_have_text("Sie chatten mit Anna")
    agent.locator("#reply-text").fill("Hallo, ich bin Anna vom Shop.")
    agent.get_by_role("button", name="Senden").click()
    expect(shopper.locator(".msg.agent").last).to_contain_text("ich bin Anna vom Shop")
    _say(shopper, "Danke, Anna!")
    expect(agent.locator("#transcript .a-shopper").last).to_contain_text("Danke, Anna!")

    # A reload shows the conversation again, loaded from /api/v1/history.
    shopper.reload()
    expect(
        shopper.locator(".msg.in").filter(has_text="Wie lange dauert der Versand?")
    ).to_have_count(1)
    expect(shopper.locator(".msg.agent").filter(has_text="ich bin Anna vom Shop")).to_have_count(1)
    expect(shopper.locator(".sub")).to_have_text("Sie chatten mit Anna")
    agent.locator("#reply-text").fill("Noch eine Frage?")
    agent.get_by_role("button", name="Senden").click()
    expect(shopper.locator(".msg.agent").last).to_contain_text("Noch eine Frage?")

    assert sockets == []
    with sqlite3.connect(_db(server)) as db:
        customers = db.execute("SELECT external_id FROM customer").fetchall()
        kinds = {k for (k,) in db.execute("SELECT DISTINCT type FROM event").fetchall()}
    assert customers == [("c-http",)]
    assert {"track", "identify", "page_view", "cart_updated", "bundle_accepted"} <= kinds

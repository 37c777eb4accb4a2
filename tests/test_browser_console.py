"""Done when: a shopper on /demo asks for a human, an agent in the console sees it appear live,
reads transcript and customer card, takes over, they write both ways, the agent hands back and
the bot answers again. Two browser contexts against a real ``shopassist serve``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def contexts(browser: Browser) -> Iterator[tuple[BrowserContext, BrowserContext, list[str]]]:
    errors: list[str] = []
    agent = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    shopper = browser.new_context(viewport={"width": 1100, "height": 860}, locale="de-DE")
    for context in (agent, shopper):
        context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        yield agent, shopper, errors
    finally:
        agent.close()
        shopper.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _add_agent(server: LiveServer, email: str, name: str) -> None:
    result = shopassist(
        "agents", "add", email, "--name", name, "--password-stdin",
        "--database", server.database_url, input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _sign_in(page: Page, server: LiveServer, email: str) -> None:
    page.goto(server.url + "/console/")
    expect(page).to_have_url(server.url + "/console/login?next=/console/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Posteingang")).to_be_visible()
    expect(page.locator("body[data-live-ready]")).to_have_count(1)  # the live channel is open


def _open_chat(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/demo")
    page.locator(".launcher").click()
    expect(page.locator("textarea")).to_be_focused()


def _say(page: Page, text: str) -> None:
    page.locator("#sa-input").fill(text)
    page.keyboard.press("Enter")


def test_warm_hand_off_between_shopper_and_agent(server: LiveServer, contexts: tuple) -> None:
    agent_ctx, shopper_ctx, _ = contexts
    _add_agent(server, "anna@example.com", "Anna")
    agent = agent_ctx.new_page()
    _sign_in(agent, server, "anna@example.com")
    expect(agent.locator("#online")).to_have_text("Anna")
    expect(agent.locator("#rows tr")).to_have_count(0)

    shopper = shopper_ctx.new_page()
    _open_chat(shopper, server)
    _say(shopper, "Wie lange dauert der Versand?")
    expect(shopper.locator(".msg.out").filter(has_text="1-3 Werktage")).to_have_count(1)
    _say(shopper, "Ich möchte mit einem Mitarbeiter sprechen")
    expect(shopper.locator(".msg.out").last).to_contain_text("gleich ist jemand persönlich")

    # The conversation appears in the inbox without a reload, with a cue.
    row = agent.locator("#rows tr.s-waiting")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ich möchte mit einem Mitarbeiter sprechen")
    expect(agent.locator("#waiting-count")).to_have_text("1")
    expect(agent.locator("body[data-cue='1']")).to_have_count(1)
    screenshot(agent, "console-inbox")

    # Transcript and customer card before taking over.
    row.get_by_role("link").click()
    expect(agent.locator("#transcript")).to_contain_text("Wie lange dauert der Versand?")
    expect(agent.locator("#transcript")).to_contain_text("FAQ-Antwort · shipping-time")
    expect(agent.locator("#transcript")).to_contain_text("handoff_requested")
    card = agent.locator("section.card")
    expect(card).to_contain_text("Kundenprofil")
    expect(card).to_contain_text("Interesse")  # asked a question: engaged
    expect(card).to_contain_text("/demo")

    agent.get_by_role("button", name="Übernehmen").click()
    expect(shopper.locator(".msg.sys").last).to_contain_text("Sie chatten jetzt mit Anna.")
    expect(shopper.locator(".sub")).to_have_text("Sie chatten mit Anna")
    expect(agent.locator("#reply-text")).to_be_visible()
    expect(agent.locator("#status-pill")).to_have_text("Bei Anna")

    # Typing, both ways.
    shopper.locator("#sa-input").fill("Meine Bestellung")
    expect(agent.locator("#typing")).to_have_text("Kunde schreibt …")
    agent.locator("#reply-text").fill("Einen Moment")
    expect(shopper.locator(".typing")).to_have_text("Anna schreibt …")

    # Messages, both ways; the bot stays silent meanwhile.
    shopper.locator("#sa-input").fill("")
    _say(shopper, "Wo ist meine Bestellung 4711?")
    expect(agent.locator("#transcript .a-shopper").last).to_contain_text("Bestellung 4711")
    agent.locator("#reply-text").fill("Ich schaue sofort nach – sie ist heute rausgegangen.")
    agent.get_by_role("button", name="Senden").click()
    answer = shopper.locator(".msg.agent").last
    expect(answer).to_contain_text("sie ist heute rausgegangen")
    expect(answer.locator(".who")).to_have_text("Anna")
    expect(agent.locator("#reply-text")).to_have_value("")
    # greeting, FAQ answer, hand-off notice: no bot reply since Anna took over
    expect(shopper.locator(".msg.out:not(.agent)")).to_have_count(3)
    screenshot(agent, "console-conversation")
    screenshot(shopper, "widget-with-agent")

    agent.get_by_role("button", name="An den Bot zurückgeben").click()
    expect(shopper.locator(".msg.sys").last).to_contain_text("an den digitalen Assistenten")
    expect(shopper.locator(".sub")).to_have_text("")
    _say(shopper, "Welche Zahlungsarten gibt es?")
    expect(shopper.locator(".msg.out").last).to_contain_text("PayPal")
    expect(agent.locator("#transcript .a-bot").last).to_contain_text("PayPal")


def test_nobody_online_offline_form_and_xss_as_text(server: LiveServer, contexts: tuple) -> None:
    agent_ctx, shopper_ctx, _ = contexts
    _add_agent(server, "anna@example.com", "Anna")
    shopper = shopper_ctx.new_page()
    _open_chat(shopper, server)
    _say(shopper, "Kann ich mit einem Menschen sprechen?")
    expect(shopper.locator(".msg.out").last).to_contain_text("niemand aus unserem Team online")
    payload = '<img src=x onerror="window.pwned=1"><b>fett</b>'
    shopper.get_by_label("Ihre E-Mail-Adresse").fill("kim@example.com")
    shopper.get_by_label("Ihre Nachricht an unser Team").fill(payload)
    shopper.get_by_role("button", name="Nachricht senden").click()
    expect(shopper.locator(".msg.out").last).to_contain_text("kim@example.com")
    expect(shopper.locator(".msg.in").last).to_have_text("Sie: " + payload)
    assert shopper.locator(".msg img, .msg b").count() == 0
    assert shopper.evaluate("window.pwned") is None

    agent = agent_ctx.new_page()
    _sign_in(agent, server, "anna@example.com")
    agent.get_by_role("link", name="Wartet auf Mensch").click()
    row = agent.locator("#rows tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Offline-Nachricht von kim@example.com")
    expect(row.locator(".preview")).to_contain_text(payload)
    row.get_by_role("link").click()
    expect(agent.locator("#transcript .a-shopper").last).to_contain_text(payload)
    assert agent.locator("#transcript img, #transcript b").count() == 0
    assert agent.evaluate("window.pwned") is None

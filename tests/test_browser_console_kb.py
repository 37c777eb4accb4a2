"""Done when: a shopper on /demo asks what the demo FAQ cannot answer, an agent finds the
question among the unanswered ones in the console's knowledge base, writes an article from it,
and the shopper, asking again, gets the new answer; no restart in between. Two browser
contexts against a real ``shopassist serve``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
QUESTION = "Gibt es bei euch Barista-Kurse?"
ALSO = "Wann gibt es Barista Kurse"
ANSWER = "Ja: jeden Samstag um 10 Uhr in unserem Laden in Hamburg, 49 € pro Person."


@pytest.fixture
def contexts(browser: Browser) -> Iterator[tuple[BrowserContext, BrowserContext]]:
    errors: list[str] = []
    agent = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    shopper = browser.new_context(viewport={"width": 1100, "height": 860}, locale="de-DE")
    for context in (agent, shopper):
        context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        yield agent, shopper
    finally:
        agent.close()
        shopper.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _sign_in(page: Page, server: LiveServer, email: str) -> None:
    result = shopassist(
        "agents", "add", email, "--name", "Anna", "--password-stdin",
        "--database", server.database_url, input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page.goto(server.url + "/console/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Posteingang")).to_be_visible()


def _say(page: Page, text: str) -> None:
    page.locator("#sa-input").fill(text)
    page.keyboard.press("Enter")


def test_an_unanswered_question_becomes_an_article_the_widget_answers(
    server: LiveServer, contexts: tuple[BrowserContext, BrowserContext]
) -> None:
    agent_ctx, shopper_ctx = contexts
    shopper = shopper_ctx.new_page()
    shopper.goto(server.url + "/demo")
    shopper.locator(".launcher").click()
    for text in (QUESTION, ALSO):
        _say(shopper, text)
        expect(shopper.locator(".msg.in").last).to_contain_text(text)
        expect(shopper.locator(".msg.out").last).to_contain_text("keine passende Antwort")
    expect(shopper.locator(".msg.out")).to_have_count(3)  # greeting and two fallbacks

    agent = agent_ctx.new_page()
    _sign_in(agent, server, "anna@example.com")
    agent.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Wissensdatenbank"
    ).click()
    expect(agent.get_by_role("heading", name="Wissensdatenbank")).to_be_visible()

    # The live test box: typing shows the decision without a reload.
    agent.get_by_label("Kundenfrage").fill(QUESTION)
    outcome = agent.locator("#kb-test-outcome")
    expect(outcome).to_have_attribute("data-decision", "fallback")
    expect(outcome).to_contain_text("Keine Antwort")

    cluster = agent.locator("#clusters .cluster").filter(has_text=QUESTION)
    expect(cluster).to_have_count(1)
    expect(cluster).to_contain_text("2× gefragt")
    expect(cluster.locator(".wordings")).to_have_text(ALSO)
    cluster.get_by_role("link", name="Artikel daraus erstellen").click()
    expect(agent.get_by_role("heading", name="Neuer Artikel")).to_be_visible()
    expect(agent.get_by_label("Frage", exact=True)).to_have_value(QUESTION)
    expect(agent.get_by_label("Andere Formulierungen")).to_have_value(ALSO)
    expect(agent.get_by_label("Sprache")).to_have_value("de")
    agent.get_by_label("Antwort", exact=True).fill(ANSWER)
    agent.get_by_label("Schlagwörter").fill("Kurs, Barista")
    screenshot(agent, "console-kb")
    agent.get_by_role("button", name="Speichern").click()

    expect(agent.locator(".notice")).to_contain_text("Artikel angelegt")
    expect(agent.locator("#topic-gibt-es-bei-euch-barista-kurse")).to_contain_text(QUESTION)
    expect(agent.locator("#clusters .cluster").filter(has_text=QUESTION)).to_have_count(0)
    expect(agent.locator("#handled")).to_contain_text(QUESTION)
    agent.get_by_label("Kundenfrage").fill(QUESTION)
    expect(outcome).to_have_attribute("data-decision", "answer")
    expect(outcome.locator(".kb-matches li").first).to_contain_text(QUESTION)

    # The shopper asks again, in the same open chat: the new answer, without a restart.
    for count, text in ((4, QUESTION), (5, ALSO)):
        _say(shopper, text)
        expect(shopper.locator(".msg.out")).to_have_count(count)
        expect(shopper.locator(".msg.out").last).to_contain_text(ANSWER)

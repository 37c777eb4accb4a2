"""Done when (issue 16, 2): a shopper's question falls to "did you mean", the shopper picks the
right article, an agent accepts the candidate wording in the console, and the same question
from another shopper is then answered directly. Real ``shopassist serve``, real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
QUESTION = "wo krieg ich den beleg her"
ARTICLE = "Wo finde ich meine Rechnung?"
ANSWER = "Kundenkonto"  # a word of the invoice article's answer


@pytest.fixture
def contexts(browser: Browser) -> Iterator[tuple[BrowserContext, ...]]:
    errors: list[str] = []
    made = [
        browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE"),
        browser.new_context(viewport={"width": 1100, "height": 860}, locale="de-DE"),
        browser.new_context(viewport={"width": 1100, "height": 860}, locale="de-DE"),
    ]
    for context in made:
        context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        yield tuple(made)
    finally:
        for context in made:
            context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _chat(context: BrowserContext, server: LiveServer) -> Page:
    page = context.new_page()
    page.goto(server.url + "/demo")
    page.locator(".launcher").click()
    return page


def _say(page: Page, text: str) -> None:
    page.locator("#sa-input").fill(text)
    page.keyboard.press("Enter")


def test_a_picked_suggestion_accepted_by_an_agent_answers_the_next_shopper_directly(
    server: LiveServer, contexts: tuple[BrowserContext, ...]
) -> None:
    agent_ctx, first_ctx, second_ctx = contexts
    first = _chat(first_ctx, server)
    _say(first, QUESTION)
    expect(first.locator(".msg.out").last).to_contain_text("Meinten Sie")
    first.locator(".quick button").filter(has_text=ARTICLE).click()
    expect(first.locator(".msg.out").last).to_contain_text(ANSWER)

    result = shopassist(
        "agents", "add", "anna@example.com", "--name", "Anna", "--password-stdin",
        "--database", server.database_url, input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    agent = agent_ctx.new_page()
    agent.goto(server.url + "/console/")
    agent.get_by_label("E-Mail-Adresse").fill("anna@example.com")
    agent.get_by_label("Passwort").fill(PASSWORD)
    agent.get_by_role("button", name="Anmelden").click()
    agent.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Wissensdatenbank"
    ).click()
    learned = agent.locator("#candidates .candidate").filter(has_text=QUESTION)
    expect(learned).to_have_count(1)
    expect(learned).to_contain_text(ARTICLE)
    expect(learned).to_contain_text("1× bestätigt")
    screenshot(agent, "console-kb-learned")
    learned.get_by_role("button", name="Übernehmen").click()
    expect(agent.locator(".notice")).to_contain_text("Formulierung übernommen")
    expect(agent.locator("#no-candidates")).to_be_visible()

    second = _chat(second_ctx, server)
    _say(second, QUESTION)
    expect(second.locator(".msg.out").last).to_contain_text(ANSWER)
    expect(second.locator(".msg.out").last).not_to_contain_text("Meinten Sie")
    expect(second.locator(".quick button").filter(has_text=ARTICLE)).to_have_count(0)

"""FAQ answering in a real Chromium on the demo page: a confident answer with helpful buttons,
"did you mean" quick replies, and the fallback with the offer of a human; the unanswered
question then shows up in ``shopassist kb unanswered``."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser


def _say(page: Page, text: str) -> None:
    page.locator("textarea").fill(text)
    page.keyboard.press("Enter")


def test_answer_did_you_mean_and_fallback_with_a_human(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    page.locator(".launcher").click()
    expect(page.locator(".msg.out").first).to_contain_text("Bohne & Becher")

    # A confident answer, rated helpful.
    _say(page, "wie lange dauert versand nach östereich")
    answer = page.locator(".msg.out").nth(1)
    expect(answer).to_contain_text("nach Österreich")
    rating = page.locator(".rate")
    expect(rating).to_contain_text("War das hilfreich?")
    rating.get_by_role("button", name="Ja").click()
    expect(rating).to_have_text("Danke für Ihre Rückmeldung!")

    # An answer with a link: a real <a>, opened safely.
    _say(page, "Wie kann ich meine Sendung verfolgen?")
    link = page.locator(".msg.out a", has_text="Sendungsverfolgung")
    expect(link).to_have_attribute(
        "href", "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html"
    )
    expect(link).to_have_attribute("rel", "noopener noreferrer")

    # Unsure: "did you mean" with three questions; picking one answers it.
    _say(page, "Rechnung")
    expect(page.locator(".msg.out").last).to_have_text("Assistent: Meinten Sie eine dieser Fragen?")
    options = page.locator(".quick button")
    expect(options).to_have_count(3)
    screenshot(page, "faq-did-you-mean")
    options.filter(has_text="Rechnung").first.click()
    expect(page.locator(".msg.out").last).to_contain_text("Rechnung")
    expect(page.locator(".rate").last).to_be_visible()

    # Nothing fits: an honest fallback that offers a person, and the hand-off.
    _say(page, "Wie wird das Wetter morgen in Hamburg?")
    expect(page.locator(".msg.out").last).to_contain_text("keine passende Antwort")
    human = page.locator(".quick button", has_text="Mit einem Menschen sprechen")
    expect(human).to_be_visible()
    screenshot(page, "faq-fallback-human")
    human.click()
    # Nobody is signed in to the console: the honest answer, and the offline form.
    expect(page.locator(".msg.out").last).to_contain_text("niemand aus unserem Team online")

    result = shopassist("kb", "unanswered", "--database", server.database_url)
    assert result.returncode == 0, result.stderr
    assert "Wie wird das Wetter morgen in Hamburg?" in result.stdout


def test_english_answers_ask_was_this_helpful_in_english(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo/en")
    page.locator(".launcher").click()
    _say(page, "How long does shipping take?")
    expect(page.locator(".msg.out").nth(1)).to_contain_text("1-3 working days")
    rating = page.locator(".rate")
    expect(rating).to_have_attribute("aria-label", "Was this helpful?")
    expect(rating).to_contain_text("Was this helpful?")
    expect(rating.get_by_role("button")).to_have_text(["Yes", "No"])
    rating.get_by_role("button", name="Yes").click()
    expect(rating).to_have_text("Thank you for your feedback!")

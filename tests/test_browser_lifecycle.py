"""The lifecycle parts of the widget in a real Chromium: the page view, the end-of-chat
survey and a proactive message with its teaser, checked through ``shopassist metrics``."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser


def _metrics(server: LiveServer) -> dict[str, Any]:
    done = shopassist("metrics", "--json", "--database", server.database_url)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _set_shop_settings(server: LiveServer, settings: dict[str, Any]) -> None:
    path = server.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:
        db.execute("UPDATE shop SET settings = ? WHERE id = 'demo'", (json.dumps(settings),))


def test_survey_at_the_end_of_a_chat(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/demo")
    page.locator(".launcher").click()
    page.locator("textarea").fill("Wie lange dauert der Versand?")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.out").nth(1)).to_contain_text("1-3 Werktage")
    expect(page.locator(".survey")).to_have_count(0)  # not while the chat goes on
    page.locator(".launcher").click()  # the shopper closes the chat: its end
    page.locator(".launcher").click()
    survey = page.locator(".survey")
    expect(survey).to_contain_text("Wie zufrieden sind Sie mit diesem Chat?")
    screenshot(page, "widget-survey-de")
    survey.get_by_role("button", name="Bewertung 5").click()
    expect(survey).to_contain_text("Danke für Ihre Bewertung!")
    page.evaluate("ShopAssistant.track('newsletter_signup', {source: 'footer'})")
    page.wait_for_timeout(300)
    metrics = _metrics(server)
    assert metrics["visitors"] == 1 and metrics["conversations"] == 1
    assert (metrics["csat"], metrics["csat_responses"]) == (100.0, 1)
    assert metrics["engaged_visitors"] == 1


def test_proactive_message_with_teaser(server: LiveServer, page: Page) -> None:
    _set_shop_settings(
        server,
        {
            "actions": [
                {
                    "id": "hello",
                    "trigger": "visit",
                    "page": "/demo",
                    "delay_s": 1,
                    "message": {
                        "de": "Suchen Sie die passende Bohne? <b>Ich helfe gern.</b>",
                        "en": "Looking for the right bean? <b>Happy to help.</b>",
                    },
                    "cta": {"de": "Wie lange dauert der Versand?", "en": "Shipping time?"},
                }
            ]
        },
    )
    server.restart()  # the running server caches shop settings
    page.goto(server.url + "/demo")
    teaser = page.locator(".teaser")
    expect(teaser).to_contain_text("Suchen Sie die passende Bohne?", timeout=10_000)
    # Text, never markup: the tags show as typed.
    expect(teaser).to_contain_text("<b>Ich helfe gern.</b>")
    expect(page.locator(".panel")).to_be_hidden()  # never opens by itself
    screenshot(page, "widget-proactive-teaser")
    teaser.click()
    expect(page.locator(".msg.proactive")).to_have_count(1)
    page.locator(".msg.proactive + .quick button").click()
    expect(page.locator(".msg.out").filter(has_text="1-3 Werktage")).to_have_count(1)
    actions = _metrics(server)["actions"]["hello/widget"]
    assert (actions["shown"], actions["clicked"]) == (1, 1)

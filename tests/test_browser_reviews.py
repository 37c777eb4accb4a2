"""The review request in a real Chromium: the shop reports a delivered order, the signed-in
shopper's next page load shows the request, its button brings the star buttons, and five
stars and a skip end with the referral invitation (the rule's delay set to none here)."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from assistant.security.signing import identity_hash, webhook_signature
from tests.browser import screenshot
from tests.servers import LiveServer

pytestmark = pytest.mark.browser

ASK_NOW = {
    "id": "ask_review",
    "trigger": "event",
    "event": "order_delivered",
    "asks_review": True,
    "cooldown_days": 0,
    "message": {"de": "Ist Ihre Bestellung gut angekommen?", "en": "Did your order arrive?"},
    "cta": {"de": "Bestellung bewerten", "en": "Rate my order"},
}


def _shop(server: LiveServer) -> tuple[str, str]:
    """The identity and webhook secrets; the shop's rules set to ask at once."""
    path = server.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:
        secret, raw = db.execute("SELECT secret, settings FROM shop WHERE id = 'demo'").fetchone()
        settings = json.loads(raw)
        db.execute(
            "UPDATE shop SET settings = ? WHERE id = 'demo'",
            (json.dumps({**settings, "actions": [ASK_NOW]}),),
        )
    hook = settings.get("secrets", {}).get("webhook", {}).get("current") or secret
    return secret, hook


def _delivered(server: LiveServer, hook_secret: str) -> None:
    body = json.dumps(
        {"id": "d-1", "type": "order_delivered",
         "data": {"order_id": "B-77", "customer": {"id": "c-kim"}}}
    ).encode()  # fmt: skip
    ts = str(int(time.time()))
    request = urllib.request.Request(
        server.url + "/api/v1/webhooks/demo",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-ShopAssistant-Timestamp": ts,
            "X-ShopAssistant-Signature": webhook_signature(hook_secret, ts, body),
        },
    )
    with urllib.request.urlopen(request, timeout=5) as resp:
        assert resp.status == 200


def test_a_delivered_order_is_rated_with_the_star_buttons(server: LiveServer, page: Page) -> None:
    secret, hook_secret = _shop(server)
    server.restart()  # the running server caches shop settings
    _delivered(server, hook_secret)
    page.goto(server.url + "/demo")
    hash_ = identity_hash(secret, "c-kim")
    page.evaluate(f"ShopAssistant.identify({{id: 'c-kim', hash: '{hash_}'}})")
    page.wait_for_timeout(500)
    page.reload()  # the next page load of the signed-in shopper brings the request
    teaser = page.locator(".teaser")
    expect(teaser).to_contain_text("Ist Ihre Bestellung gut angekommen?", timeout=10_000)
    teaser.click()
    page.locator(".msg.proactive + .quick button").click()
    expect(page.locator(".msg.out").last).to_contain_text("B-77")
    expect(page.get_by_role("button", name="★", exact=True)).to_be_visible()
    screenshot(page, "widget-review-stars")
    page.get_by_role("button", name="★★★★★", exact=True).click()
    expect(page.locator(".msg.out").last).to_contain_text("5 Sterne")
    page.get_by_role("button", name="Überspringen").click()
    expect(page.locator(".msg.out").last).to_contain_text("Vielen Dank für Ihre Bewertung")
    expect(page.get_by_role("button", name="Freunde einladen")).to_be_visible()
    path = server.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT order_id, rating, text, channel FROM review").fetchall()
    assert rows == [("B-77", 5, "", "chat")]

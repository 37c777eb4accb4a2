"""The widget when the server fails on one message: a few tries, then the shopper is told in
their language, and the message is not sent again and again (a real Chromium and server; the
failure is made by answering that one message with the server's ``internal`` error frame)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.servers import LiveServer

pytestmark = pytest.mark.browser

BROKEN = "Diese Nachricht bringt den Server aus dem Tritt"
INTERNAL = {
    "type": "error",
    "code": "internal",
    "message": "Da ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.",
}


def _fail_one_message(page: Page, tries: list[str]) -> None:
    """Every frame goes to the real server, except the message ``BROKEN``: it gets the error
    frame the server sends when handling a message raised."""

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def from_page(message: str | bytes) -> None:
            frame: Any = json.loads(message)
            if frame.get("type") == "message" and frame.get("text") == BROKEN:
                tries.append(frame["client_id"])
                ws.send(json.dumps({**INTERNAL, "client_id": frame["client_id"]}))
            else:
                server.send(message)

        ws.on_message(from_page)

    page.route_web_socket(re.compile(r"/ws\?shop=demo$"), route)


def test_a_message_the_server_fails_on_is_given_up_after_three_tries(
    server: LiveServer, page: Page
) -> None:
    tries: list[str] = []
    _fail_one_message(page, tries)
    page.goto(server.url + "/demo")
    page.locator(".launcher").click()
    page.locator("textarea").fill(BROKEN)
    page.keyboard.press("Enter")
    failed = page.locator(".msg.in.failed")
    expect(failed).to_have_count(1, timeout=30_000)
    expect(failed).to_contain_text(
        "Nicht gesendet – Das hat auch nach mehreren Versuchen nicht geklappt."
    )
    assert len(tries) == 3 and len(set(tries)) == 1  # the same message, three times
    expect(page.locator(".status")).to_be_empty()
    # Nothing of it is left to send: after a reload nothing is resent or shown as pending,
    # and the next message goes through as usual.
    page.reload()
    page.locator("textarea").fill("Wie lange dauert der Versand?")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.out").filter(has_text="1-3 Werktage")).to_have_count(1)
    expect(page.locator(".msg.in.pending")).to_have_count(0)
    assert len(tries) == 3

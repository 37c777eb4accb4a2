"""The widget embedded as every real shop embeds it (issue 15): a page served by the shop's own
server on another origin (another port) with the documented one ``<script>`` tag, set up
without code (``shops add``, ``kb import --starter``), chats with the assistant in Chromium;
a page from an origin the shop did not allow gets the clear refusal and no chat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist
from tests.shop_pages import ShopPage

pytestmark = pytest.mark.browser

PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Schuhhaus Sohle</title></head>
<body><h1>Schuhhaus Sohle</h1><p>Wanderschuhe seit 1952.</p>
<script src="{assistant}/widget.js" data-shop="sohle" async></script>
</body></html>
"""


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[LiveServer, ShopPage, ShopPage]]:
    """The assistant with the shop ``sohle`` allowing one page server's origin and not the
    other's, set up the no-code way."""
    db = f"sqlite+aiosqlite:///{tmp_path / 'sohle.db'}"
    live = LiveServer(db, tmp_path)
    page = PAGE.format(assistant=live.url)
    with ShopPage(page) as allowed, ShopPage(page) as foreign:
        added = shopassist(
            "shops", "add", "sohle", "--name", "Schuhhaus Sohle", "--lang", "de",
            "--lang", "en", "--origin", allowed.url, "--database", db,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        faq = shopassist("kb", "import", "--starter", "--shop", "sohle", "--database", db)
        assert faq.returncode == 0, faq.stderr
        live.start()
        try:
            yield live, allowed, foreign
        finally:
            live.stop()


def test_the_widget_chats_on_an_allowed_page_of_another_origin(
    embedded: tuple[LiveServer, ShopPage, ShopPage], page: Page
) -> None:
    live, allowed, _ = embedded
    assert allowed.url != live.url
    page.goto(allowed.url + "/")
    assert allowed.requests == ["/"]
    page.locator(".launcher").click()
    expect(page.locator("textarea")).to_be_focused()
    expect(page.locator(".msg.out").first).to_contain_text("Schuhhaus Sohle")
    page.locator("textarea").fill("Was kostet der Versand?")
    page.keyboard.press("Enter")
    answer = page.locator(".msg.out").nth(1)
    expect(answer).to_contain_text("4,90 €")  # the starter FAQ's answer, placeholder and all
    expect(page.locator(".msg.in.pending")).to_have_count(0)
    page.locator("textarea").fill("Which payment methods do you accept?")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.out").nth(2)).to_contain_text("PayPal")
    screenshot(page, "widget-embedded-other-origin")


def test_a_page_of_an_origin_not_allowed_is_refused(
    embedded: tuple[LiveServer, ShopPage, ShopPage], page: Page
) -> None:
    _, _, foreign = embedded
    page.goto(foreign.url + "/")
    page.locator(".launcher").click()
    expect(page.locator(".status")).to_contain_text(
        "Diese Website darf den Assistenten dieses Shops nicht einbinden."
    )
    page.locator("textarea").fill("Was kostet der Versand?")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)  # a reply would have come by now; none may
    expect(page.locator(".msg.out").filter(has_text="4,90 €")).to_have_count(0)
    screenshot(page, "widget-embedded-refused")

"""Playwright with Debian's Chromium (no browser download possible here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.paths import OUTPUT
from tests.servers import LiveServer, shopassist

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = OUTPUT / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module: playwright's sync API holds an event loop while it runs,
    which must be gone before the next module's asyncio tests start."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """``shopassist serve`` on a free port with a fresh SQLite file holding the demo shop."""
    db = f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}"
    loaded = shopassist("demo", "load", "--database", db)
    assert loaded.returncode == 0, loaded.stderr
    live = LiveServer(db, tmp_path).start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path

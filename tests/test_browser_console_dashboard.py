"""Done when: with the demo shop's simulated history loaded, an agent opens the dashboard and
sees every chart drawn (real bars, not empty frames), in a real Chromium against a real
``shopassist serve``; the screenshot goes into the README."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
CHARTS = ("conversations", "service", "answers", "stages", "flows", "bundles", "nps", "csat")


@pytest.fixture
def tall_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, locale="de-DE")
    errors: list[str] = []
    context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        yield context.new_page()
    finally:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _run(*args: str) -> None:
    result = shopassist(*args, input=PASSWORD + "\n", timeout=120)
    assert result.returncode == 0, result.stderr


def test_dashboard_draws_every_chart_for_the_demo_history(
    server: LiveServer, tall_page: Page
) -> None:
    _run(
        "demo", "simulate", "--customers", "300", "--days", "60", "--database", server.database_url
    )
    _run(
        "agents", "add", "anna@example.com", "--name", "Anna", "--password-stdin",
        "--database", server.database_url,
    )  # fmt: skip
    page = tall_page
    page.goto(server.url + "/console/dashboard")
    page.get_by_label("E-Mail-Adresse").fill("anna@example.com")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Übersicht", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Übersicht")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Letzte 30 Tage")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator(".tile")).to_have_count(12)  # with the referrals tile
    expect(page.locator("[data-kpi='aov'] .tile-value")).to_contain_text(" €")
    expect(page.locator("[data-kpi='cac'] .tile-label")).to_have_text("Kosten pro Neukunde (CAC)")
    for key in CHARTS:
        chart = page.locator(f"#{key} svg[role='img']")
        expect(chart).to_be_visible()
        heights = chart.locator("rect.bar, circle.dot").evaluate_all(
            "els => els.map(e => e.getBBox().height)"
        )
        assert heights and max(heights) > 0, f"{key}: nothing drawn"
    expect(page.locator("#unanswered table tbody tr").first).to_be_visible()
    screenshot(page, "console-dashboard")
    # A preset is a plain link: the last 7 days.
    page.get_by_role("link", name="Letzte 7 Tage").click()
    expect(page.locator("#period-shown")).to_contain_text("(7 Tage, UTC)")

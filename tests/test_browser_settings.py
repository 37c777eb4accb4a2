"""An admin sets business hours in the settings page of a real ``shopassist serve``; a shopper
on the demo page who asks for a human outside them is told when the team is back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
DAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        yield context
    finally:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_admin_sets_business_hours_and_the_shopper_hears_when_the_team_is_back(
    server: LiveServer, context: BrowserContext
) -> None:
    added = shopassist(
        "agents", "add", "ada@example.com", "--admin", "--name", "Ada", "--password-stdin",
        "--database", server.database_url, input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    admin = context.new_page()
    admin.goto(server.url + "/console/login")
    admin.get_by_label("E-Mail-Adresse").fill("ada@example.com")
    admin.get_by_label("Passwort").fill(PASSWORD)
    admin.get_by_role("button", name="Anmelden").click()
    admin.get_by_role("link", name="Einstellungen").click()
    expect(admin.get_by_role("heading", name="Einstellungen", level=1)).to_be_visible()

    snippet = admin.locator("#embed-snippet")
    expect(snippet).to_have_value(
        f'<script src="{server.url}/widget.js" data-shop="demo" async></script>'
    )
    copy = admin.locator('[data-copy="embed-snippet"]')
    expect(copy).to_be_visible()  # console.js shows the copy buttons
    copy.click()
    expect(copy).to_have_text("Kopiert.")

    # Open only on a day at least two days away: closed now, back "am <Tag>".
    day = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=3)).weekday()
    hours = admin.locator("#hours form")
    hours.get_by_label("Servicezeiten verwenden").check()
    hours.get_by_label("Zeitzone").fill("Europe/Berlin")
    hours.get_by_label(f"{DAYS_DE[day]} von").fill("09:00")
    hours.get_by_label(f"{DAYS_DE[day]} bis").fill("17:00")
    hours.get_by_role("button", name="Speichern").click()
    expect(admin.get_by_role("status")).to_have_text("Servicezeiten gespeichert.")
    expect(admin.locator("#hours-now")).to_contain_text(f"am {DAYS_DE[day]} ab 09:00 Uhr")
    assert admin.locator(f'input[name="{KEYS[day]}_opens"]').input_value() == "09:00"
    screenshot(admin, "console-settings-hours")
    admin.evaluate("window.scrollTo(0, 0)")
    screenshot(admin, "console-settings")

    shopper = context.new_page()
    shopper.goto(server.url + "/demo")
    shopper.locator(".launcher").click()
    shopper.locator("#sa-input").fill("Ich möchte mit einem Mitarbeiter sprechen")
    shopper.keyboard.press("Enter")
    answer = shopper.locator(".msg.out").last
    expect(answer).to_contain_text("Unser Team ist gerade nicht im Dienst")
    expect(answer).to_contain_text(f"am {DAYS_DE[day]} ab 09:00 Uhr (Zeitzone Europe/Berlin)")
    expect(shopper.get_by_label("Ihre E-Mail-Adresse")).to_be_visible()  # the offline form

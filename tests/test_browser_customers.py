"""An admin finds a customer in the console, reads the profile, downloads the export and
erases the customer, in a real browser against ``shopassist serve`` (strict CSP, no
console errors)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_find_read_export_and_erase_a_customer(page: Page, server: LiveServer) -> None:
    db = ["--database", server.database_url]
    simulated = shopassist("demo", "simulate", "--customers", "80", "--days", "60", *db)
    assert simulated.returncode == 0, simulated.stderr
    added = shopassist("agents", "add", "root@example.com", "--name", "Root", "--admin",
                       "--password-stdin", *db, input=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.goto(server.url + "/console/")
    page.get_by_label("E-Mail-Adresse").fill("root@example.com")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Kunden").click()
    expect(page.get_by_role("heading", name="Kunden")).to_be_visible()
    page.get_by_label("Phase").select_option("conversion")
    page.get_by_label("Sortierung").select_option("score")
    page.get_by_role("button", name="Anwenden").click()
    expect(page).to_have_url(re.compile(r"/console/customers\?.*stage=conversion.*sort=score"))
    rows = page.locator("#customers tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 1
    for stage in rows.locator("td:nth-child(2)").all_inner_texts():
        assert stage == "Kauf"
    scores = [float(s.replace(",", ".")) for s in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    screenshot(page, "console-customers")

    rows.first.locator("a").first.click()
    expect(page.get_by_role("heading", name="Phasenverlauf")).to_be_visible()
    expect(page.locator("#stage-history")).to_contain_text("Erste Bestellung")
    expect(page.locator("#orders")).to_be_visible()
    screenshot(page, "console-customer-profile")
    with page.expect_download() as download:
        page.get_by_role("link", name="Alle Daten exportieren (JSON)").click()
    assert download.value.suggested_filename.startswith("customer-")
    document = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert document["purchases"] and document["erased"] is None

    page.get_by_role("link", name="Alle Daten löschen …").click()
    page.get_by_label("Geben Sie zur Bestätigung LÖSCHEN ein").fill("LÖSCHEN")
    page.get_by_role("button", name="Endgültig löschen").click()
    expect(page.locator("#erased-note")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gelöschter Kunde")
    screenshot(page, "console-customer-erased")
    assert problems == [], problems

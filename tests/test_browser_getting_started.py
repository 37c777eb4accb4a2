"""docs/getting-started.md, step by step, from an empty database (issue 15, done when 1).

The commands are the ones the doc shows, run as the CLI; the shop's page is served from
another origin with the doc's one tag, the identify hash computed on that page's server with
the Python of docs/security.md (the identity secret read in the console, as the doc says), the
cart kept by the page as docs/catalog.md shows. A shopper gets an FAQ answer and product cards,
adds a product to the page's cart and asks for a human; an agent of that shop sees and takes
the conversation, an agent of a second shop on the same server does not, and the second
shop's widget finds none of the first shop's products or FAQ."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import screenshot
from tests.paths import ROOT
from tests.servers import LiveServer, shopassist
from tests.shop_pages import ShopPage

pytestmark = pytest.mark.browser

DOC = ROOT / "docs" / "getting-started.md"
FEED = ROOT / "docs" / "examples" / "products-feed.xml"
PASSWORD = "correct horse battery"
#: The doc's hours make the test depend on the weekday; the same flag, open round the clock.
ALWAYS = "mon-sun 00:00-00:00"

SHOP_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{name}</title></head>
<body><h1>{name}</h1>
<p id="who">{who}</p>
<p>Warenkorb: <output id="cart">leer</output></p>
<script>
  // The shop's own cart (docs/catalog.md, "The page side of the feed-only tier").
  var myShop = {{ cart: {{ lines: {{}},
    add: function (sku, qty) {{ this.lines[sku] = (this.lines[sku] || 0) + qty;
      document.getElementById("cart").textContent = JSON.stringify(this.items()); }},
    items: function () {{ var l = this.lines;
      return Object.keys(l).map(function (s) {{ return {{ sku: s, qty: l[s] }}; }}); }} }} }};
  window.addEventListener("shopassistant:add-to-cart", function (e) {{
    myShop.cart.add(e.detail.sku, e.detail.qty);
    ShopAssistant.setCart(myShop.cart.items());
  }});
  {identify}
</script>
<script src="{assistant}/widget.js" data-shop="{shop}" async></script>
</body></html>
"""


def _doc_commands() -> list[list[str]]:
    """The ``shopassist`` commands of the doc's sh blocks, as argument lists."""
    text = DOC.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for command in block.replace("\\\n", " ").splitlines():
            if command.strip():
                commands.append(shlex.split(command))
    return commands


def _security_python() -> dict[str, Any]:
    scope: dict[str, Any] = {}
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for block in re.findall(r"```python\n(.*?)```", doc, re.S):
        exec(block, scope)
    return scope


class Shop:
    """One shop's page on its own origin; knows the identity secret once the owner has it."""

    def __init__(self, shop: str, name: str, assistant: str) -> None:
        self.shop, self.name, self.assistant = shop, name, assistant
        self.identity_secret: str | None = None
        self.customer = ("c-1001", "kim@example.de", "Kim Berger")
        self.page = ShopPage(self.render)
        self.url = self.page.url

    def render(self, request: web.Request) -> str:
        identify, who = "", "Nicht angemeldet"
        if self.identity_secret is not None:  # the page's server signs, never the browser
            cid, email, name = self.customer
            digest = _security_python()["identify_hash"](self.identity_secret, cid, email, name)
            identify = (
                "window.ShopAssistant = window.ShopAssistant || [];\n"
                f'  ShopAssistant.push(["identify", {{id: "{cid}", email: "{email}", '
                f'name: "{name}", hash: "{digest}"}}]);'
            )
            who = f"Angemeldet als {name}"
        return SHOP_PAGE.format(
            name=self.name, who=who, identify=identify, assistant=self.assistant, shop=self.shop
        )


def _run(*args: str, db: str, stdin: str | None = None) -> str:
    result = shopassist(*args, "--database", db, input=stdin)
    assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    errors: list[str] = []
    made = [
        browser.new_context(viewport={"width": 1280, "height": 860}, locale="de-DE")
        for _ in range(4)
    ]
    for context in made:
        context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        yield made
    finally:
        for context in made:
            context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _sign_in(page: Page, live: LiveServer, email: str) -> None:
    page.goto(live.url + "/console/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Posteingang")).to_be_visible()
    expect(page.locator("body[data-live-ready]")).to_have_count(1)


def _say(page: Page, text: str) -> None:
    page.locator("#sa-input").fill(text)
    page.keyboard.press("Enter")


def test_the_getting_started_walkthrough_from_an_empty_database(
    tmp_path: Path, contexts: list[BrowserContext]
) -> None:
    db_file = tmp_path / "live.db"
    db = f"sqlite+aiosqlite:///{db_file}"
    live = LiveServer(db, tmp_path)
    kaffee = Shop("kaffee", "Kaffee & Co", live.url)
    tee = Shop("tee", "Teehaus Blatt", live.url)
    assert not db_file.exists()

    # Steps 1-4 and 6 as the doc writes them, with this test's origins, hours and database.
    mine = {
        "https://www.kaffee-und-co.de": kaffee.url,
        "https://www.kaffee-und-co.de/checkout/cart": kaffee.url + "/checkout/cart",
    }
    commands = _doc_commands()
    assert [c[:3] for c in commands] == [
        ["shopassist", "shops", "add"],
        ["shopassist", "catalog", "import"],
        ["shopassist", "kb", "import"],
        ["shopassist", "agents", "add"],
        ["shopassist", "check"],
    ], commands
    for command in commands:
        args = [mine.get(a, a) for a in command[1:]]
        if args[:2] == ["catalog", "import"]:
            args[2] = str(FEED)  # the doc's URL is the shop's; its sample file is this one
        if "--hours" in args:
            args[args.index("--hours") + 1] = ALWAYS
        if args[:2] == ["agents", "add"]:
            args += ["--password-stdin"]
        out = _run(*args, db=db, stdin=PASSWORD + "\n" if args[0] == "agents" else None)
        if args[0] == "check":
            assert out.rstrip().endswith("Ready."), out
    assert "300 products" in _run("shops", "show", "kaffee", db=db)

    # A second shop on the same server, with an FAQ and a catalog of its own.
    faq = tmp_path / "tee-faq.csv"
    faq.write_text(
        "id,lang,question,answer\n"
        'shipping,de,Was kostet der Versand?,"Tee verschicken wir für 2,50 € pro Paket."\n'
        "shipping,en,How much is shipping?,We ship tea for 2.50 € a parcel.\n",
        encoding="utf-8",
    )
    feed = tmp_path / "tee-feed.csv"
    feed.write_text(
        "id\ttitle\tdescription\tlink\tprice\tavailability\tproduct_type\n"
        "TB-1\tDarjeeling First Flush\tSchwarzer Tee aus Indien\thttps://tee.example/p/1"
        "\t12.90 EUR\tin_stock\tTee > Schwarztee\n"
        "TB-2\tSencha Kagoshima\tGrüner Tee aus Japan\thttps://tee.example/p/2"
        "\t9.50 EUR\tin_stock\tTee > Grüntee\n",
        encoding="utf-8",
    )
    _run("shops", "add", "tee", "--name", tee.name, "--lang", "de", "--origin", tee.url,
         "--hours", ALWAYS, db=db)  # fmt: skip
    _run("kb", "import", str(faq), "--shop", "tee", db=db)
    _run("catalog", "import", str(feed), "--shop", "tee", db=db)
    _run("agents", "add", "tom@teehaus.example", "--shop", "tee", "--password-stdin",
         db=db, stdin=PASSWORD + "\n")  # fmt: skip

    live.start()
    agent_ctx, other_agent_ctx, shopper_ctx, tee_shopper_ctx = contexts
    try:
        with kaffee.page, tee.page:
            # Step 5: the identity secret, where the doc says it is (the console's settings).
            anna = agent_ctx.new_page()
            _sign_in(anna, live, "anna@kaffee-und-co.de")
            anna.get_by_role("link", name="Einstellungen").click()
            anna.get_by_role("button", name="Geheimnisse anzeigen").click()
            kaffee.identity_secret = anna.locator("#secret-value-identity").input_value()
            assert len(kaffee.identity_secret) >= 32
            anna.goto(live.url + "/console/")
            expect(anna.locator("body[data-live-ready]")).to_have_count(1)
            expect(anna.locator("#rows tr")).to_have_count(0)

            tom = other_agent_ctx.new_page()
            _sign_in(tom, live, "tom@teehaus.example")

            shopper = shopper_ctx.new_page()
            shopper.goto(kaffee.url + "/")
            expect(shopper.locator("#who")).to_have_text("Angemeldet als Kim Berger")
            shopper.locator(".launcher").click()
            expect(shopper.locator(".msg.out").first).to_contain_text("Kaffee & Co")
            _say(shopper, "Was kostet der Versand?")
            expect(shopper.locator(".msg.out").nth(1)).to_contain_text("4,90 €")  # starter FAQ

            _say(shopper, "Ich suche eine Kaffeemühle")
            cards = shopper.locator(".card.product")
            expect(cards.first).to_be_visible()
            expect(cards.first).to_contain_text("Kaffeemühle")
            sku = cards.first.get_attribute("data-sku")
            assert sku is not None and sku.startswith("KL-")
            assert cards.first.locator("a.pl").get_attribute("href", timeout=1000) == (
                f"https://kuechenliebe.example/p/{sku.lower()}"
            )
            cards.first.get_by_role("button", name="In den Warenkorb").click()
            expect(shopper.locator("#cart")).to_have_text(f'[{{"sku":"{sku}","qty":1}}]')
            expect(shopper.locator(".cart-go")).to_be_visible()  # the assistant has the cart
            screenshot(shopper, "getting-started-shop-page")

            _say(shopper, "Ich möchte mit einem Mitarbeiter sprechen")
            expect(shopper.locator(".msg.out").last).to_contain_text("gleich ist jemand")

            row = anna.locator("#rows tr.s-waiting")
            expect(row).to_have_count(1)
            expect(row).to_contain_text("Ich möchte mit einem Mitarbeiter sprechen")
            row.get_by_role("link").click()
            conversation = anna.url
            card = anna.locator("section.card")
            expect(card).to_contain_text("Kim Berger")  # identify was signed and accepted
            expect(card).to_contain_text("kim@example.de")
            expect(anna.locator("#transcript")).to_contain_text("Kaffeemühle")
            anna.get_by_role("button", name="Übernehmen").click()
            expect(shopper.locator(".msg.sys").last).to_contain_text("Sie chatten jetzt mit")
            anna.locator("#reply-text").fill("Die Mühle ist morgen bei Ihnen.")
            anna.get_by_role("button", name="Senden").click()
            expect(shopper.locator(".msg.agent").last).to_contain_text("morgen bei Ihnen")
            screenshot(anna, "getting-started-console")

            # The other shop's agent: nothing in the inbox, the conversation itself refused.
            tom.reload()
            expect(tom.locator("body[data-live-ready]")).to_have_count(1)
            expect(tom.locator("#rows tr")).to_have_count(0)
            tom.get_by_role("link", name="Wartet auf Mensch").click()
            expect(tom.locator("#rows tr")).to_have_count(0)
            refused = tom.request.get(conversation)
            assert refused.status in (403, 404), refused.status
            assert "Kaffeemühle" not in refused.text()

            # The other shop's widget: its own FAQ and catalog, none of the first shop's.
            tea = tee_shopper_ctx.new_page()
            tea.goto(tee.url + "/")
            tea.locator(".launcher").click()
            expect(tea.locator(".msg.out").first).to_contain_text("Teehaus Blatt")
            _say(tea, "Was kostet der Versand?")
            expect(tea.locator(".msg.out").nth(1)).to_contain_text("2,50 €")
            _say(tea, "Ich suche einen grünen Tee")
            expect(tea.locator(".card.product").first).to_contain_text("Sencha")
            count = tea.locator(".msg.out").count()
            _say(tea, "Ich suche eine Kaffeemühle")
            expect(tea.locator(".msg.out")).to_have_count(count + 1)
            expect(tea.locator(".msg.in.pending")).to_have_count(0)
            assert "Kaffeemühle" not in tea.locator(".msg.out").last.inner_text()
            assert tea.locator(".card.product[data-sku^='KL-']").count() == 0
            assert "4,90" not in tea.locator(".log").inner_text()
    finally:
        live.stop()

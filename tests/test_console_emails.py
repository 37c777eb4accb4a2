"""E-mail templates edited in the console: a preview with sample values, templates that do
not render (or try to leave the sandbox) refused, and the saved version in the next real
e-mail (aiosmtpd), until the built-in one is restored."""

from __future__ import annotations

from typing import Any

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Shop
from tests.clock import FakeClock
from tests.consoles import add_agent, mailing_admin, sign_in
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from tests.mail import Inbox, text_of
from web.app import create_app
from web.keys import actions_key, mailer_key, sessions_key
from web.lifecycle_services import sweep_once

OWN = "Moin!\n{{ message }}\nTschüss, {{ shop_name }}\nAbmelden: {{ unsubscribe_url }}\n"


async def test_an_admin_edits_previews_and_restores_an_email_template(
    aiohttp_client: Any,
    sqlite_url: str,
    smtp: tuple[Inbox, int],
) -> None:
    inbox, smtp_port = smtp
    clock = FakeClock()
    app, client, token = await mailing_admin(aiohttp_client, sqlite_url, smtp_port, clock)
    base = "/console/emails/demo"

    page = await client.get("/console/emails?shop=demo&name=abandoned_cart.de.txt")
    assert page.status == 200
    body = await page.text()
    assert "E-Mail-Vorlagen – Bohne &amp; Becher" in body
    assert "Ihr Warenkorb:" in body and "abandoned_cart.en.html" in body

    # The preview renders the unsaved text with sample values, as a page of its own.
    cart = "Hallo {{ shop_name }}!\n{% for i in items %}{{ i.qty }} × {{ i.name }}: {{ i.total }}\n{% endfor %}"
    name = "abandoned_cart.de.txt"
    preview = await client.post(
        f"{base}/preview", data={"_csrf": token, "name": name, "source": cart}
    )
    assert preview.status == 200 and preview.content_type == "text/plain"
    text = await preview.text()
    assert "Hallo Bohne & Becher!" in text and "1 × Espresso Hafenblick, 500 g: 11,90 €" in text
    assert "default-src 'none'" in preview.headers["Content-Security-Policy"]
    html = await client.post(
        f"{base}/preview",
        data={"_csrf": token, "name": "lifecycle.en.html", "source": "<p>{{ shop_name }}</p>"},
    )
    assert await html.text() == "<p>Bohne &amp; Becher</p>"  # HTML templates escape values

    # Broken, unknown values, or reaching out of the sandbox: not saved, and said why.
    for bad in ("{% for x in %}", "{{ nope }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}"):
        resp = await client.post(
            f"{base}/save", data={"_csrf": token, "name": "lifecycle.de.txt", "source": bad}
        )
        assert resp.status == 400
        assert "Die Vorlage lässt sich nicht verwenden" in await resp.text()
    async with app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
    assert shop is not None and "email" not in shop.settings

    saved = await client.post(
        f"{base}/save",
        data={"_csrf": token, "name": "lifecycle.de.txt", "source": OWN},
        allow_redirects=False,
    )
    assert saved.status == 303
    page = await client.get(saved.headers["Location"])
    assert "Gespeichert." in await page.text()

    # The next feedback e-mail uses it (the HTML part stays the built-in one).
    secret = await webhook_secret(client)
    who = {"id": "c-yes", "email": "ja@example.de"}
    created = {
        "id": "w0",
        "type": "customer_created",
        "data": {"customer": who, "email_consent": True},
    }
    assert (await post_webhook(client, secret, created, now=clock.now)).status == 200
    order = order_event("w1", "O-1", "20.00", customer=who, occurred_at=clock.now)
    assert (await post_webhook(client, secret, order, now=clock.now)).status == 200
    clock.advance(days=8)
    assert (await sweep_once(app[actions_key], app[mailer_key]))[1] == 1
    text = text_of(inbox.messages[-1], "plain").replace("\r\n", "\n")
    assert text.startswith("Moin!\nWie zufrieden sind Sie mit Ihrer Bestellung?")
    assert "Tschüss, Bohne & Becher\nAbmelden: http://localhost:8080/email/unsubscribe?t=" in text
    assert "Guten Tag," in text_of(inbox.messages[-1], "html")

    token = await sign_in(client, "admin@example.com")  # a week later: signed out meanwhile
    reset = await client.post(
        f"{base}/save",
        data={"_csrf": token, "name": "lifecycle.de.txt", "reset": "1", "source": ""},
        allow_redirects=False,
    )
    assert reset.status == 303
    async with app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
    assert shop is not None and shop.settings["email"]["templates"] == {}


async def test_agents_who_are_not_admins_cannot_edit_templates(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    config = Config(database_url=sqlite_url, password_cost_log2=10).validated()
    app = create_app(config)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    await add_agent(app, "agent@example.com")
    token = await sign_in(client, "agent@example.com")
    assert (await client.get("/console/emails?shop=demo")).status == 403
    resp = await client.post(
        "/console/emails/demo/save",
        data={"_csrf": token, "name": "lifecycle.de.txt", "source": "x"},
    )
    assert resp.status == 403

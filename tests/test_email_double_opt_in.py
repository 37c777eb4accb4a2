"""Marketing e-mail as a German shop may send it, against a real SMTP server (aiosmtpd) and
the app on a real port: a guest's chat checkout with consent, the confirmation e-mail, its
signed link, the abandoned-cart e-mail with the items, a link back and a working one-click
unsubscribe (RFC 8058), and no marketing e-mail after unsubscribing."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import col, select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Customer, EmailConsent, Event, LifecycleAction, Shop
from tests.chat import Shopper
from tests.clock import CHAT_MORNING, FakeClock
from tests.lifecycle_helpers import (
    identify_frame,
    order_event,
    post_webhook,
    shop_secret,
    webhook_secret,
)
from tests.mail import Inbox, text_of
from tests.servers import free_port
from web.app import create_app
from web.keys import actions_key, mailer_key, sessions_key, shops_key, sweeper_key
from web.lifecycle_services import sweep_once

SHOP_URL = "https://bohne-becher.example/"
EMAIL_SETTINGS = {
    "sender_name": "Bohne & Becher Kaffeerösterei",
    "sender_address": "hallo@bohne-becher.example",
    "shop_url": SHOP_URL,
    "subjects": {
        "abandoned_cart": {
            "de": "Noch da? Ihr Warenkorb bei {shop}",
            "en": "Still there? Your cart at {shop}",
        }
    },
}


def path_of(url: str) -> str:
    split = urlsplit(url)
    return f"{split.path}?{split.query}"


async def test_guest_consent_confirm_cart_reminder_and_one_click_unsubscribe(
    aiohttp_client: Any, database_url: str, smtp: tuple[Inbox, int]
) -> None:
    inbox, smtp_port = smtp
    clock = FakeClock(CHAT_MORNING)
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    config = Config(
        database_url=database_url,
        lifecycle_sweep_s=0,
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        public_url=public,
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app, server_kwargs={"port": port})
    sessions = app[sessions_key]
    await load_demo(sessions)
    async with sessions() as db:
        shop = await db.get(Shop, "demo")
        assert shop is not None
        shop.settings = {**shop.settings, "email": EMAIL_SETTINGS}
        db.add(shop)
        await db.commit()
    app[shops_key].forget("demo")
    actions, mailer = app[actions_key], app[mailer_key]
    assert mailer is not None

    # The guest's chat checkout: the address, then an unticked choice about e-mails.
    shopper = await Shopper(client, "guest-with-consent").connect()
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    await shopper.say("Zur Kasse")
    await shopper.press("Weiter")
    reply = await shopper.press("Nein")  # no offer; the demo has no sign-in
    assert reply["input"]["step"] == "email"
    reply = await shopper.say("erika@beispiel.de")
    assert reply["input"]["step"] == "marketing"
    assert "Möchten Sie gelegentlich E-Mails von uns erhalten" in reply["text"]
    assert shopper.buttons()[:2] == ["Ja, E-Mails erhalten", "Nein, danke"]
    reply = await shopper.press("Ja, E-Mails erhalten")
    assert reply["input"]["step"] == "address"
    assert "Sie erhalten gleich eine E-Mail an erika@beispiel.de" in reply["text"]
    customer_id = reply_customer = None
    async with sessions() as db:
        consent = (await db.exec(select(EmailConsent))).one()
        customer = await db.get(Customer, consent.customer_id)
    assert customer is not None
    customer_id = reply_customer = customer.id
    # Typed in a chat, the address proves nothing: kept apart from the verified one.
    assert (customer.email, customer.email_unverified) == (None, "erika@beispiel.de")
    assert customer.unverified_source == "checkout"
    assert (consent.status, consent.source, consent.email) == (
        "pending",
        "chat_checkout",
        "erika@beispiel.de",
    )
    await shopper.close()

    # The guest leaves; half an hour later the checkout counts as abandoned.
    clock.advance(minutes=31)
    assert await app[sweeper_key].run_once() == 1

    # The confirmation e-mail (transactional: no unsubscribe headers), with a signed link.
    _, sent = await sweep_once(actions, mailer)
    assert sent == 1
    [confirmation] = inbox.messages
    assert confirmation["To"] == "erika@beispiel.de"
    assert confirmation["From"] == "Bohne & Becher Kaffeerösterei <hallo@bohne-becher.example>"
    assert confirmation["Subject"] == (
        "Bitte bestätigen Sie Ihre E-Mail-Adresse für Bohne & Becher"
    )
    assert confirmation["List-Unsubscribe"] is None
    text = text_of(confirmation, "plain")
    match = re.search(re.escape(public) + r"/email/confirm\?t=\S+", text)
    assert match is not None, text
    link = match.group(0)
    assert link in text_of(confirmation, "html").replace("&amp;", "&")
    assert "Der Link gilt 7 Tage" in text
    assert (await sweep_once(actions, mailer))[1] == 0  # sent once

    # A tampered link, or the link used to unsubscribe, does nothing.
    tampered = path_of(link)[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    response = await client.get(tampered)
    assert response.status == 400
    assert "ungültig oder abgelaufen" in await response.text()
    wrong_use = path_of(link).replace("/email/confirm", "/email/unsubscribe")
    assert (await client.post(wrong_use)).status == 400

    # The link confirms the address, with time and source.
    response = await client.get(path_of(link))
    assert response.status == 200
    assert "Danke! Ihre E-Mail-Adresse ist bestätigt." in await response.text()
    response = await client.get(path_of(link))
    assert "Ihre E-Mail-Adresse war schon bestätigt." in await response.text()
    async with sessions() as db:
        consent = (await db.exec(select(EmailConsent))).one()
        customer = await db.get(Customer, customer_id)
    assert consent.status == "confirmed" and consent.confirmed_at == clock.now
    assert customer is not None and customer.email is None  # identity is still unverified

    # A day after the cart was filled: the abandoned-cart e-mail, with the items.
    clock.advance(hours=24)
    _, sent = await sweep_once(actions, mailer)
    assert sent == 1
    reminder = inbox.messages[-1]
    assert reminder["To"] == "erika@beispiel.de"
    assert reminder["Subject"] == "Noch da? Ihr Warenkorb bei Bohne & Becher"
    text, html = text_of(reminder, "plain"), text_of(reminder, "html")
    assert "Ihr Warenkorb wartet noch auf Sie." in text
    assert "- 1 × Espresso Hafenblick, 500 g: 11,90 €" in text
    assert "- 1 × Handfilter 02 Kunststoff: 8,90 €" in text
    assert "Summe: 20,80 €" in text
    assert f"Zurück zum Shop: {SHOP_URL}" in text
    assert f'<a href="{SHOP_URL}"' in html and "Espresso Hafenblick, 500 g" in html
    assert "20,80 €" in html
    # One-click unsubscribe: the headers, the footer link and its page.
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = reminder["List-Unsubscribe"]
    assert header.startswith(f"<{public}/email/unsubscribe?t=") and header.endswith(">")
    unsubscribe_url = header[1:-1]
    assert f"Abmelden: {unsubscribe_url}" in text
    assert unsubscribe_url.replace("&", "&amp;") in html

    # The footer's link shows a button; opening it changes nothing.
    page = await client.get(path_of(unsubscribe_url))
    assert page.status == 200
    body = await page.text()
    assert "Möchten Sie keine E-Mails mehr von Bohne &amp; Becher erhalten" in body
    assert '<form method="post"' in body and ">Abmelden</button>" in body
    async with sessions() as db:
        assert (await db.exec(select(EmailConsent.status))).one() == "confirmed"

    # What a mail program sends for "unsubscribe" (RFC 8058): a POST, no cookie, no session.
    response = await client.post(
        path_of(unsubscribe_url),
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert "Sie sind abgemeldet" in await response.text()
    async with sessions() as db:
        consent = (await db.exec(select(EmailConsent))).one()
        events = (
            await db.exec(
                select(Event.type)
                .where(col(Event.type).in_(("email_confirmed", "email_unsubscribed")))
                .order_by(col(Event.id))
            )
        ).all()
    assert consent.status == "unsubscribed" and consent.unsubscribed_at == clock.now
    assert events == ["email_confirmed", "email_unsubscribed"]

    # A week later the guest fills the cart again: the reminder is due, but never mailed.
    clock.advance(days=8)
    back = await Shopper(client, "guest-with-consent").connect()
    await back.set_cart(("BEAN-001", 2))
    await back.close()
    clock.advance(hours=25)
    before = len(inbox.messages)
    assert (await sweep_once(actions, mailer))[1] == 0
    assert len(inbox.messages) == before
    async with sessions() as db:
        statuses = (
            await db.exec(
                select(LifecycleAction.status)
                .where(
                    LifecycleAction.channel == "email",
                    LifecycleAction.customer_id == reply_customer,
                )
                .order_by(col(LifecycleAction.id))
            )
        ).all()
    assert statuses == ["sent", "skipped"]


async def test_no_consent_question_without_email_and_no_consent_without_the_tick(
    aiohttp_client: Any, sqlite_url: str, smtp: tuple[Inbox, int]
) -> None:
    """A guest who says no gets no e-mail at all; the address is still kept (unverified)."""
    inbox, smtp_port = smtp
    clock = FakeClock(CHAT_MORNING)
    config = Config(
        database_url=sqlite_url, lifecycle_sweep_s=0, smtp_host="127.0.0.1", smtp_port=smtp_port
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    shopper = await Shopper(client, "guest-without-consent", locale="en").connect()
    await shopper.set_cart(("BEAN-001", 1))
    await shopper.say("checkout")
    reply = await shopper.press("Continue")
    if reply["input"]["step"] == "offer":
        reply = await shopper.press("No")
    assert reply["input"]["step"] == "email"
    reply = await shopper.say("max@example.com")
    assert reply["input"]["step"] == "marketing"
    assert shopper.buttons()[:2] == ["Yes, send me emails", "No, thanks"]
    assert "Would you like occasional emails from us" in reply["text"]
    reply = await shopper.press("No, thanks")
    assert reply["input"]["step"] == "address"
    await shopper.close()
    clock.advance(hours=25)
    assert (await sweep_once(app[actions_key], app[mailer_key]))[1] == 0
    assert inbox.messages == []
    async with app[sessions_key]() as db:
        assert (await db.exec(select(EmailConsent))).all() == []
        customer = (
            await db.exec(select(Customer).where(Customer.email_unverified == "max@example.com"))
        ).one()
        statuses = (await db.exec(select(LifecycleAction.status))).all()
    assert customer.email is None
    assert "skipped" in statuses  # the cart reminder had nowhere to go


async def _consent_as(client: Any, visitor: str, email: str) -> None:
    shopper = await Shopper(client, visitor).connect()
    await shopper.set_cart(("BEAN-001", 1))
    reply = await shopper.say("Zur Kasse")
    reply = await shopper.press("Weiter")
    if reply["input"]["step"] == "offer":
        reply = await shopper.press("Nein")
    await shopper.say(email)
    reply = await shopper.press("Ja, E-Mails erhalten")
    assert reply["input"]["step"] == "address"
    await shopper.close()


async def test_one_confirmation_per_address_and_day_whoever_asks(
    aiohttp_client: Any, sqlite_url: str, smtp: tuple[Inbox, int]
) -> None:
    """Nobody can flood a stranger's mailbox by typing the address into many chats."""
    inbox, smtp_port = smtp
    clock = FakeClock(CHAT_MORNING)
    config = Config(
        database_url=sqlite_url, lifecycle_sweep_s=0, smtp_host="127.0.0.1", smtp_port=smtp_port
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    actions, mailer = app[actions_key], app[mailer_key]
    await _consent_as(client, "first", "victim@example.com")
    assert (await sweep_once(actions, mailer))[1] == 1
    await _consent_as(client, "second", "victim@example.com")
    await _consent_as(client, "third", "VICTIM@example.com")
    assert (await sweep_once(actions, mailer))[1] == 0
    clock.advance(hours=25)
    await _consent_as(client, "fourth", "victim@example.com")
    assert (await sweep_once(actions, mailer))[1] == 1
    assert [m["To"] for m in inbox.messages] == ["victim@example.com"] * 2


async def test_a_consent_given_anonymously_moves_with_the_merge_into_the_known_customer(
    aiohttp_client: Any, database_url: str, smtp: tuple[Inbox, int]
) -> None:
    inbox, smtp_port = smtp
    clock = FakeClock(CHAT_MORNING)
    config = Config(
        database_url=database_url, lifecycle_sweep_s=0, smtp_host="127.0.0.1", smtp_port=smtp_port
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    hook = await webhook_secret(client)
    known = order_event("o-1", "A-1", "19.90", customer={"id": "c-42"}, occurred_at=clock.now)
    assert (await post_webhook(client, hook, known, now=clock.now)).status == 200

    shopper = await Shopper(client, "v-anon").connect()
    await shopper.set_cart(("BEAN-001", 1))
    await shopper.say("Zur Kasse")
    reply = await shopper.press("Weiter")
    if reply["input"]["step"] == "offer":
        await shopper.press("Nein")
    await shopper.say("max@beispiel.de")
    await shopper.press("Ja, E-Mails erhalten")
    await shopper.ws.send_json(identify_frame(await shop_secret(client), "c-42"))
    while (await shopper.ws.receive_json(timeout=10))["type"] != "identified":
        pass
    await shopper.close()
    async with app[sessions_key]() as db:
        customers = (await db.exec(select(Customer))).all()
        consent = (await db.exec(select(EmailConsent))).one()
    assert [c.external_id for c in customers] == ["c-42"]  # the anonymous one merged away
    assert consent.customer_id == customers[0].id and consent.status == "pending"

    assert (await sweep_once(app[actions_key], app[mailer_key]))[1] == 1
    match = re.search(r"/email/confirm\?t=\S+", text_of(inbox.messages[0], "plain"))
    assert match is not None
    response = await client.get(match.group(0))
    assert "Danke! Ihre E-Mail-Adresse ist bestätigt." in await response.text()

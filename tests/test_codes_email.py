"""A rule that gives a code by e-mail: the e-mail carries the customer's own code, stored
with the rule, so a code sent by e-mail is as real as one in the widget."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import DiscountCode, Shop
from tests.clock import FakeClock
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from tests.mail import Inbox
from web.app import create_app
from web.keys import actions_key, mailer_key, sessions_key
from web.lifecycle_services import sweep_once

THANKS = {
    "id": "thanks",
    "trigger": "event",
    "event": "order",
    "delay_s": 86_400,
    "channels": ["email"],
    "message": {
        "de": "Danke! Ihr Code für die nächste Bestellung: {code}",
        "en": "Thank you! Your code for the next order: {code}",
    },
    "code": {"kind": "amount", "value": "5", "valid_days": 14, "prefix": "DANKE"},
}


async def test_an_email_rule_sends_the_customers_own_code(
    aiohttp_client: Any, sqlite_url: str, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    clock = FakeClock()
    config = Config(
        database_url=sqlite_url, lifecycle_sweep_s=0, smtp_host="127.0.0.1", smtp_port=port
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    async with app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
        assert shop is not None
        shop.settings = {**shop.settings, "actions": [THANKS]}
        db.add(shop)
        await db.commit()
    secret = await webhook_secret(client)
    kim = {"id": "c-kim", "email": "kim@example.de"}
    created = {
        "id": "w0",
        "type": "customer_created",
        "data": {"customer": kim, "email_consent": True},
    }
    assert (await post_webhook(client, secret, created, now=clock.now)).status == 200
    order = order_event("w1", "O-1", "20.00", customer=kim, occurred_at=clock.now)
    assert (await post_webhook(client, secret, order, now=clock.now)).status == 200
    clock.advance(days=1, minutes=1)
    mailer = app[mailer_key]
    assert mailer is not None
    assert await sweep_once(app[actions_key], mailer) == (0, 1)

    [mail] = inbox.messages
    [text] = [part for part in mail.walk() if part.get_content_type() == "text/plain"]
    body = text.get_payload(decode=True).decode()  # the HTML part says the same
    async with app[sessions_key]() as db:
        [code] = (await db.exec(select(DiscountCode))).all()
    assert f"Danke! Ihr Code für die nächste Bestellung: {code.code}" in body
    assert code.code.startswith("DANKE-") and "{code}" not in body
    assert (code.rule, code.kind, code.value, code.max_uses) == (
        "thanks",
        "amount",
        Decimal("5"),
        1,
    )
    assert code.expires_at == clock.now + timedelta(days=14)

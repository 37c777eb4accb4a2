"""Lifecycle emails: sent through SMTP (a local aiosmtpd server) only with an address and
consent, rate-limited per customer, recorded as events and counted in the metrics."""

from __future__ import annotations

from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import func
from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Event, LifecycleAction
from tests.clock import FakeClock
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from tests.mail import Inbox, text_of
from tests.servers import free_port
from web.app import create_app
from web.keys import actions_key, mailer_key, sessions_key
from web.lifecycle_services import sweep_once


async def test_post_purchase_email_with_consent_only(
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
    secret = await webhook_secret(client)
    yes = {"id": "c-yes", "email": "ja@example.de"}
    no = {"id": "c-no", "email": "nein@example.de"}
    created = {
        "id": "w0",
        "type": "customer_created",
        "data": {"customer": yes, "email_consent": True},
    }
    assert (await post_webhook(client, secret, created, now=clock.now)).status == 200
    for n, who in enumerate((yes, no)):
        event = order_event(f"w{n + 1}", f"O-{n}", "20.00", customer=who, occurred_at=clock.now)
        assert (await post_webhook(client, secret, event, now=clock.now)).status == 200
    # A second order three days later: within post_purchase's cool-down, no second action.
    clock.advance(days=3)
    again = order_event("w9", "O-9", "15.00", customer=yes, occurred_at=clock.now)
    assert (await post_webhook(client, secret, again, now=clock.now)).status == 200

    actions, mailer = app[actions_key], app[mailer_key]
    assert mailer is not None
    assert await sweep_once(actions, mailer) == (0, 0)  # not due yet: a week after the order
    clock.advance(days=5)
    assert await sweep_once(actions, mailer) == (0, 1)
    assert await sweep_once(actions, mailer) == (0, 0)  # sent once

    assert [m["To"] for m in inbox.messages] == ["ja@example.de"]
    mail = inbox.messages[0]
    assert mail["Subject"] == "Wie zufrieden sind Sie mit Ihrer Bestellung bei Bohne & Becher?"
    assert mail["From"] == "Bohne & Becher <assistant@localhost>"
    assert "Wie zufrieden sind Sie mit Ihrer Bestellung?" in text_of(mail)
    # Marketing: every one carries its one-click unsubscribe (RFC 8058).
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Unsubscribe"].startswith("<http://localhost:8080/email/unsubscribe?t=")
    assert "Abmelden: http://localhost:8080/email/unsubscribe?t=" in text_of(mail)
    async with app[sessions_key]() as db:
        emails = dict(
            (
                await db.exec(
                    select(LifecycleAction.status, func.count())
                    .where(LifecycleAction.channel == "email")
                    .group_by(LifecycleAction.status)
                )
            ).all()
        )
        sent = (await db.exec(select(Event).where(Event.type == "action_sent"))).all()
    assert emails == {"sent": 1, "skipped": 1}
    assert len(sent) == 1 and sent[0].properties["rule"] == "post_purchase"


async def test_an_email_another_instance_is_taking_is_left_to_it(
    aiohttp_client: Any, pg_url: str, smtp: tuple[Inbox, int]
) -> None:
    """Every instance sweeps: one that finds an action locked by another skips it instead of
    sending it a second time."""
    inbox, port = smtp
    clock = FakeClock()
    config = Config(
        database_url=pg_url, lifecycle_sweep_s=0, smtp_host="127.0.0.1", smtp_port=port
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
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
    actions, mailer = app[actions_key], app[mailer_key]
    assert mailer is not None
    async with app[sessions_key]() as other_instance:
        taken = await other_instance.exec(
            select(LifecycleAction).where(LifecycleAction.channel == "email").with_for_update()
        )
        assert len(taken.all()) == 1
        assert await sweep_once(actions, mailer) == (0, 0)
        await other_instance.rollback()  # it let go without sending
    assert await sweep_once(actions, mailer) == (0, 1)
    assert [m["To"] for m in inbox.messages] == ["ja@example.de"]


class FlakyInbox(Inbox):
    """An SMTP server that refuses the first message (a temporary failure), then recovers."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.failures > 0:
            self.failures -= 1
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


async def test_an_email_the_smtp_server_refused_is_sent_once_it_recovers(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    inbox, port = FlakyInbox(failures=1), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        clock = FakeClock()
        config = Config(
            database_url=sqlite_url, lifecycle_sweep_s=0, smtp_host="127.0.0.1", smtp_port=port
        ).validated()
        app = create_app(config, clock=clock)
        client = await aiohttp_client(app)
        await load_demo(app[sessions_key])
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
        actions, mailer = app[actions_key], app[mailer_key]
        assert mailer is not None
        assert await sweep_once(actions, mailer) == (0, 0)  # refused: 451
        assert inbox.messages == [] and inbox.failures == 0
        async with app[sessions_key]() as db:
            query = select(LifecycleAction).where(LifecycleAction.channel == "email")
            action = (await db.exec(query)).one()
        assert action.status == "scheduled"  # due again, not stuck in "sending"
        assert await sweep_once(actions, mailer) == (0, 1)
        assert await sweep_once(actions, mailer) == (0, 0)
        assert [m["To"] for m in inbox.messages] == ["ja@example.de"]  # exactly once
    finally:
        controller.stop()

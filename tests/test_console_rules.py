"""Lifecycle rules edited in the console: the admin changes a rule's text and delay and the
next e-mail the engine sends (aiosmtpd) comes at the new time with the new text; a bad edit
comes back with each field's problem in the admin's language, everything typed kept and the
old rule still in force; agents and other shops' admins are refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.lifecycle.actions import DEFAULT_ACTIONS
from assistant.lifecycle.experiments import GREETING, assign, with_experiment
from assistant.lifecycle.rule_check import rule_fields
from assistant.storage.models import Customer, LifecycleAction, Shop, Visitor
from tests.clock import FakeClock
from tests.consoles import add_agent, mailing_admin, other_shop_conversation, sign_in
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from tests.mail import Inbox, text_of
from web.app import create_app
from web.keys import actions_key, mailer_key, sessions_key
from web.lifecycle_services import sweep_once

NEW_TEXT = "Ist alles gut angekommen? Erzählen Sie uns davon."


def _form(token: str, **changes: str) -> list[tuple[str, str]]:
    """The edit form of ``post_purchase`` as the browser posts it (checkboxes repeated)."""
    rule = next(r for r in DEFAULT_ACTIONS if r.id == "post_purchase")
    fields = {**rule_fields(rule), **changes}
    posted = [("_csrf", token), ("original", "post_purchase")]
    for name, value in fields.items():
        if name in ("channels", "stages"):
            posted += [(name, v) for v in value.split(",") if v]
        else:
            posted.append((name, value))
    return posted


async def _actions(app: Any) -> Any:
    async with app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
    assert shop is not None
    return shop.settings.get("actions")


async def test_an_admin_edits_a_rule_and_the_engine_uses_it(
    aiohttp_client: Any,
    sqlite_url: str,
    smtp: tuple[Inbox, int],
) -> None:
    inbox, smtp_port = smtp
    clock = FakeClock()
    app, client, token = await mailing_admin(aiohttp_client, sqlite_url, smtp_port, clock)

    listing = await client.get("/console/rules?shop=demo")
    assert listing.status == 200
    body = await listing.text()
    assert "Lifecycle-Regeln – Bohne &amp; Becher" in body
    assert 'href="/console/rules"' in body  # in the navigation
    assert "<code>post_purchase</code> (aktiv)" in body and "Ereignis order, nach 7d" in body
    edit = await client.get("/console/rules?shop=demo&rule=post_purchase")
    assert "Wie zufrieden sind Sie mit Ihrer Bestellung?" in await edit.text()

    saved = await client.post(
        "/console/rules/demo/save",
        data=_form(token, text_de=NEW_TEXT, delay="2h"),
        allow_redirects=False,
    )
    assert saved.status == 303, await saved.text()
    page = await client.get(saved.headers["Location"])
    assert "Gespeichert; die Regel wirkt ab sofort." in await page.text()
    stored = {r["id"]: r for r in await _actions(app)}
    assert stored["post_purchase"]["delay_s"] == 7200 and len(stored) == len(DEFAULT_ACTIONS)

    # A customer who agreed to e-mails orders: the feedback e-mail is due in 2 h, not 7 days,
    # and says what the admin wrote.
    secret = await webhook_secret(client)
    who = {"id": "c-yes", "email": "ja@example.de"}
    created = {
        "id": "w0",
        "type": "customer_created",
        "data": {"customer": who, "email_consent": True},
    }
    assert (await post_webhook(client, secret, created, now=clock.now)).status == 200
    variant = await _in_greeting_test(app, "c-yes", clock.now)
    order = order_event("w1", "O-1", "20.00", customer=who, occurred_at=clock.now)
    assert (await post_webhook(client, secret, order, now=clock.now)).status == 200
    clock.advance(hours=1)
    assert (await sweep_once(app[actions_key], app[mailer_key]))[1] == 0
    clock.advance(hours=1, minutes=1)
    assert (await sweep_once(app[actions_key], app[mailer_key]))[1] == 1
    assert text_of(inbox.messages[-1], "plain").replace("\r\n", "\n").count(NEW_TEXT) == 1

    # Its figures show beside the rule (signed in again: two idle hours sign an agent out).
    await sign_in(client, "admin@example.com")
    listing = await client.get("/console/rules?shop=demo")
    row = (await listing.text()).split('data-rule="post_purchase"', 1)[1]
    assert "<td>email</td><td>1</td><td>unbekannt</td>" in row
    # ... and per variant of the running greeting test, the customer in hers.
    split = (await listing.text()).split('id="variants-greeting"', 1)[1]
    assert f"<td>email</td><td>{variant}</td>\n      <td>1</td><td>unbekannt</td>" in split


async def _in_greeting_test(app: Any, external_id: str, now: datetime) -> str:
    """The shop runs the greeting test; the customer has visited (a widget visitor id)."""
    async with app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
        assert shop is not None
        shop.settings = with_experiment(shop.settings, GREETING, True)
        query = select(Customer).where(Customer.external_id == external_id)
        customer = (await db.exec(query)).one()
        db.add(Visitor(shop_id="demo", id="v-yes", customer_id=customer.id, created_at=now))
        await db.commit()
    return assign(GREETING, "v-yes")


async def test_a_bad_edit_keeps_the_old_rule_and_everything_typed(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    config = Config(database_url=sqlite_url, password_cost_log2=10).validated()
    app = create_app(config)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    await add_agent(app, "admin@example.com", admin=True, locale="en")
    await add_agent(app, "chefin@example.com", admin=True, locale="de")

    token = await sign_in(client, "admin@example.com")
    typed = "Did it arrive well? <b>Tell us</b>"
    resp = await client.post(
        "/console/rules/demo/save",
        data=_form(token, delay="-1h", text_en=typed, text_de=" ", channels=""),
    )
    assert resp.status == 400
    body = await resp.text()
    assert "Not saved: please correct the marked fields." in body
    assert "Delay: The delay cannot be negative." in body
    assert "Text (German): The text cannot be empty in this language." in body
    assert "Channels: Please choose at least one channel." in body
    assert 'value="-1h"' in body
    assert "Did it arrive well? &lt;b&gt;Tell us&lt;/b&gt;</textarea>" in body  # kept, escaped
    assert await _actions(app) is None  # nothing stored: the built-in rule still acts

    token = await sign_in(client, "chefin@example.com")
    resp = await client.post(
        "/console/rules/demo/save",
        data=_form(token, trigger="sometimes", limit="-2", code="percent", code_value="150"),
    )
    assert resp.status == 400
    body = await resp.text()
    assert "Nicht gespeichert: bitte die markierten Felder korrigieren." in body
    assert "Auslöser: Unbekannter Auslöser „sometimes“" in body
    assert "Muss mindestens 0 sein." in body and "Höchstens 100 %." in body
    assert await _actions(app) is None


async def test_agents_and_other_shops_admins_are_refused(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    config = Config(database_url=sqlite_url, password_cost_log2=10).validated()
    app = create_app(config)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    await other_shop_conversation(app, "other")
    await add_agent(app, "agent@example.com")
    await add_agent(app, "boss@example.com", admin=True, shops=("other",))

    token = await sign_in(client, "agent@example.com")
    assert (await client.get("/console/rules?shop=demo")).status == 403
    resp = await client.post("/console/rules/demo/save", data=_form(token, delay="1h"))
    assert resp.status == 403

    token = await sign_in(client, "boss@example.com")
    assert (await client.get("/console/rules?shop=other")).status == 200
    assert (await client.get("/console/rules?shop=demo")).status == 403
    for path in ("/console/rules/demo/save", "/console/rules/demo/post_purchase/remove"):
        resp = await client.post(path, data=_form(token, delay="1h"))
        assert resp.status == 403, path
    assert (await client.get("/console/rules?shop=other&rule=nope")).status == 404
    assert await _actions(app) is None
    async with app[sessions_key]() as db:
        assert await db.get(LifecycleAction, 1) is None

"""What ``identify`` trusts: only what the shop signed. The attack this guards against: a
shopper signs in with a valid hash for their *own* id and adds someone else's e-mail address
(``"email": "victim@example.com"``), unsigned. That e-mail must not show the victim's orders,
put them in the attacker's GDPR export, blank them on the attacker's erase, or receive
lifecycle e-mails."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Customer, DemoOrder
from tests.chat import Shopper, to_step
from tests.clock import CHAT_MORNING, FakeClock
from tests.consoles import add_agent, sign_in
from tests.lifecycle_helpers import identify_frame, shop_secret, signed_identify_frame
from tests.mail import Inbox
from web.app import create_app
from web.keys import actions_key, mailer_key, sessions_key
from web.lifecycle_services import sweep_once

VICTIM = "erika@beispiel.de"  # the e-mail the demo checkout orders with


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(CHAT_MORNING)


@pytest.fixture
async def client(aiohttp_client: Any, config: Config, clock: FakeClock) -> Any:
    app = create_app(config.replace(lifecycle_sweep_s=0), clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def _victims_order(client: Any) -> str:
    """The victim orders in the chat (the demo checkout's e-mail is erika@beispiel.de)."""
    victim = await Shopper(client, "victim-browser").connect()
    await to_step(victim, "summary")
    reply = await victim.press("Zahlungspflichtig bestellen")
    await victim.cart_frame()
    await victim.close()
    return str(reply["text"].split("Bestellnummer: ")[1].split(".")[0])


async def _attacker(client: Any, **extra: Any) -> Shopper:
    """Signed in with a valid hash for the attacker's own id, plus an unsigned e-mail."""
    attacker = await Shopper(client, "attacker-browser").connect()
    secret = await shop_secret(client)
    await attacker.ws.send_json(identify_frame(secret, "attacker-1", email=VICTIM, **extra))
    done = await attacker.ws.receive_json(timeout=10)
    assert done["type"] == "identified", done
    return attacker


async def _customer(client: Any, external_id: str) -> Customer:
    async with client.app[sessions_key]() as db:
        query = select(Customer).where(Customer.external_id == external_id)
        customer = (await db.exec(query)).one()
    return customer


async def test_an_unsigned_email_does_not_show_someone_elses_order(client: Any) -> None:
    order = await _victims_order(client)
    attacker = await _attacker(client)
    await attacker.say("Wo ist meine Bestellung?")
    reply = await attacker.say(order)
    # Asked for the order's e-mail like anyone else: the unsigned address proves nothing.
    assert reply["input"]["step"] == "email", reply["text"]
    assert "Espresso" not in reply["text"] and "versandt" not in reply["text"]
    await attacker.close()


async def test_the_unsigned_email_is_kept_apart_as_unverified(client: Any) -> None:
    attacker = await _attacker(client, name="Erika Mustermann")
    customer = await _customer(client, "attacker-1")
    assert customer.email is None and customer.name is None
    assert customer.email_unverified == VICTIM
    assert customer.name_unverified == "Erika Mustermann"
    assert customer.unverified_source == "identify"
    await attacker.close()


async def test_gdpr_export_and_erase_by_an_unsigned_email_leave_the_victims_order_alone(
    client: Any,
) -> None:
    order = await _victims_order(client)
    attacker = await _attacker(client)
    await attacker.say("Hallo")
    customer = await _customer(client, "attacker-1")
    await add_agent(client.app, "root@example.com", name="Root", admin=True)
    token = await sign_in(client, "root@example.com")
    export = await client.get(f"/console/customers/{customer.id}/export")
    assert export.status == 200
    text = await export.text()
    doc = json.loads(text)
    assert order not in text and doc["shop_orders"] == []
    # The attacker's own claim is in their export, marked as what it is.
    assert doc["customer"]["email"] is None
    assert doc["customer"]["email_unverified"] == VICTIM
    profile = await (await client.get(f"/console/customers/{customer.id}")).text()
    assert "Unbestätigte Angabe" in profile and VICTIM in profile  # shown as what it is
    erased = await client.post(
        f"/console/customers/{customer.id}/erase",
        data={"_csrf": token, "confirm": "LÖSCHEN"},
        allow_redirects=False,
    )
    assert erased.status == 303
    async with client.app[sessions_key]() as db:
        row = await db.get(DemoOrder, order)
        erased_customer = await db.get(Customer, customer.id)
    assert row is not None and row.email == VICTIM and row.address  # untouched
    assert erased_customer is not None and erased_customer.email_unverified is None
    await attacker.close()


async def test_an_unsigned_email_receives_no_lifecycle_email(
    aiohttp_client: Any, sqlite_url: str, smtp: tuple[Inbox, int], clock: FakeClock
) -> None:
    inbox, port = smtp
    config = Config(
        database_url=sqlite_url, lifecycle_sweep_s=0, smtp_host="127.0.0.1", smtp_port=port
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    attacker = await _attacker(client, consent=True)
    await attacker.set_cart(("BEAN-001", 1))  # an abandoned cart: e-mailed a day later
    clock.advance(days=1, minutes=5)
    await sweep_once(app[actions_key], app[mailer_key])
    assert [m["To"] for m in inbox.messages] == []
    await attacker.close()


async def test_a_signed_email_and_name_are_verified(client: Any) -> None:
    shopper = await Shopper(client, "kim-browser").connect()
    secret = await shop_secret(client)
    frame = signed_identify_frame(secret, "c-kim", email="Kim@Example.com", name="Kim Berger")
    await shopper.ws.send_json(frame)
    done = await shopper.ws.receive_json(timeout=10)
    assert done["type"] == "identified", done
    customer = await _customer(client, "c-kim")
    assert (customer.email, customer.name) == ("kim@example.com", "Kim Berger")
    assert customer.email_unverified is None
    # The same hash with another e-mail is not the shop's signature of that e-mail.
    tampered = {**frame, "email": VICTIM}
    await shopper.ws.send_json(tampered)
    error = await shopper.ws.receive_json(timeout=10)
    assert (error["type"], error["code"]) == ("error", "identity_rejected")
    assert (await _customer(client, "c-kim")).email == "kim@example.com"
    await shopper.close()


async def test_failed_order_number_guesses_count_even_when_given_up(
    client: Any, clock: FakeClock
) -> None:
    """Guessing a number and giving up at the e-mail question is still a guess."""
    guesser = await Shopper(client, "guesser").connect()
    for n in range(5):
        await guesser.say("Wo ist meine Bestellung?")
        reply = await guesser.say(f"BB-1234567{n}")
        assert reply["input"]["step"] == "email"
        await guesser.say("abbrechen")
    reply = await guesser.say("Wo ist meine Bestellung?")
    assert reply["text"].startswith("Das waren zu viele erfolglose Versuche.")
    await guesser.close()

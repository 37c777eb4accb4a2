"""GDPR: the export holds everything stored about a customer; erasing removes everything
personal (in the console after a typed confirmation, admins only, and in the CLI), keeps the
shop's metrics, leaves other customers alone, and the shopper's widget starts afresh."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel, col, select

from assistant.gdpr.document import SECTIONS, CustomerData, export_document
from assistant.gdpr.erase import ERASED_EVENT, scrub_properties
from assistant.lifecycle.replay import check_replay
from assistant.metrics.report import compute
from assistant.storage.models import (
    Conversation,
    ConversationNote,
    Customer,
    Event,
    Message,
    Shop,
    Visitor,
)
from tests.clock import T0, FakeClock
from tests.consoles import act, add_agent, frames_until, sign_in, widget
from tests.customer_rows import console_app
from tests.lifecycle_helpers import (
    identify_frame,
    order_event,
    post_webhook,
    shop_secret,
    webhook_secret,
)
from tests.servers import shopassist
from web.keys import knowledge_key, sessions_key

KIM = {"id": "c-42", "email": "kim@example.com", "name": "Kim Berger"}
KIM_SAYS = "Meine Adresse ist Hauptstraße 5, bitte an kim@example.com schreiben"
KIM_PAGE = "/demo/p/espresso-piccola?utm=kim"
PERSONAL = ("kim@example.com", "Kim Berger", "c-42", "Hauptstraße", KIM_PAGE, "kim-browser")


# -- pure ------------------------------------------------------------------------------------


def test_erasing_keeps_codes_and_amounts_and_drops_what_is_personal() -> None:
    assert scrub_properties("page_view", {"url": "https://shop.example/?email=a@b.de"}) == {}
    assert scrub_properties("faq_unanswered", {"query": "Ich bin Kim", "lang": "de"}) == {
        "lang": "de"
    }
    assert scrub_properties("offline_message", {"email": "a@b.de", "chars": 12}) == {"chars": 12}
    assert scrub_properties("track", {"name": "referral", "props": {"friend": "Ola"}}) == {
        "name": "referral"
    }
    assert scrub_properties("review_posted", {"name": "Kim", "rating": 5}) == {"rating": 5}
    order = {
        "order_id": "A-1", "total": "20.00", "currency": "EUR", "country": "DE",
        "items": [{"sku": "BEAN-001", "qty": 1, "price": "20.00", "note": "für Kim"}],
        "address": {"name": "Kim", "street": "Hauptstraße 5"}, "email": "kim@example.com",
    }  # fmt: skip
    assert scrub_properties("order_placed", order) == {
        "order_id": "A-1", "total": "20.00", "currency": "EUR",
        "items": [{"sku": "BEAN-001", "qty": 1, "price": "20.00"}],
    }  # fmt: skip
    cart = {"items": [["BEAN-001", 2]], "value": "39.80"}
    assert scrub_properties("cart_updated", cart) == cart  # its weight needs the items


def test_the_export_document_nests_messages_and_is_json() -> None:
    shop = Shop(id="demo", name="Demo")
    customer = Customer(id="c1", shop_id="demo", email="kim@example.com", created_at=T0,
                        last_seen_at=T0)  # fmt: skip
    conv = Conversation(id="v1", shop_id="demo", customer_id="c1", created_at=T0,
                        updated_at=T0, last_message_at=T0)  # fmt: skip
    data = CustomerData(
        shop=shop,
        customer=customer,
        visitors=[Visitor(shop_id="demo", id="b1", customer_id="c1", created_at=T0)],
        conversations=[conv],
        messages=[
            Message(
                id=2, conversation_id="v1", direction="out", author="bot", text="Hi", created_at=T0
            ),
            Message(
                id=1,
                conversation_id="v1",
                direction="in",
                author="shopper",
                text="Hallo",
                created_at=T0,
            ),
        ],
        notes=[
            ConversationNote(id=1, conversation_id="v1", agent_id="a1", text="VIP", created_at=T0)
        ],
        events=[
            Event(
                id=1,
                shop_id="demo",
                customer_id="c1",
                type="page_view",
                properties={"url": "/x"},
                created_at=T0,
            )
        ],
    )
    doc = json.loads(json.dumps(export_document(data, T0)))
    assert (doc["format"], doc["version"], doc["erased"]) == ("shopassist-customer-export", 1, None)
    assert doc["customer"]["email"] == "kim@example.com"
    assert doc["exported_at"] == T0.isoformat()
    (conversation,) = doc["conversations"]
    assert [m["text"] for m in conversation["messages"]] == ["Hallo", "Hi"]
    assert conversation["notes"] == [
        {"id": 1, "conversation_id": "v1", "text": "VIP", "created_at": T0.isoformat()}
    ]
    assert doc["events"][0]["properties"] == {"url": "/x"}
    assert doc["visitors"][0]["id"] == "b1"


def test_every_table_keyed_to_a_customer_is_in_the_export() -> None:
    """A new table with a customer (or conversation) in it must get a section."""
    covered = {m.__tablename__ for m in SECTIONS.values()}  # type: ignore[attr-defined]
    agent_side = {"agent_read"}  # which messages an agent has seen: deleted, not exported
    for table in SQLModel.metadata.sorted_tables:
        keys = {fk.target_fullname for c in table.columns for fk in c.foreign_keys}
        names = set(table.columns.keys())
        if keys & {"customer.id", "conversation.id"} or names & {"customer_id", "customer_ref"}:
            assert table.name in covered | agent_side, table.name


# -- the console and the CLI on a real database ------------------------------------------------


async def _kim_and_ola(client: Any, clock: FakeClock) -> tuple[Any, str, str]:
    """Kim: two orders, identified in the widget, a page view and a message, a note by an
    agent. Ola: another customer who chats. Returns Kim's open widget and both ids."""
    secret = await shop_secret(client)
    now = clock.now
    for event_id, order, total, days in (("e1", "A-1", "20.00", 20), ("e2", "A-2", "30.00", 10)):
        event = order_event(event_id, order, total, customer=KIM,
                            occurred_at=now - timedelta(days=days))  # fmt: skip
        assert (
            await post_webhook(client, await webhook_secret(client), event, now=now)
        ).status == 200
    ws, _ = await widget(client, "kim-browser")
    await ws.send_json({"type": "page_view", "url": KIM_PAGE})
    await ws.send_json(identify_frame(secret, "c-42", consent=True))
    await frames_until(ws, "identified")
    await ws.send_json({"type": "message", "client_id": "k1", "text": KIM_SAYS})
    await frames_until(ws, "ack")
    ola, _ = await widget(client, "ola-browser", locale="en")
    await ola.send_json({"type": "message", "client_id": "o1", "text": "Ola here, hello"})
    await frames_until(ola, "ack")
    async with client.app[sessions_key]() as db:
        kim = (await db.exec(select(Customer).where(Customer.external_id == "c-42"))).one()
        other = (await db.exec(select(Customer).where(Customer.id != kim.id))).all()
    ola_id = next(c.id for c in other if c.locale == "en")
    return ws, kim.id, ola_id


async def _export(client: Any, customer_id: str) -> tuple[dict[str, Any], str]:
    response = await client.get(f"/console/customers/{customer_id}/export")
    assert response.status == 200, await response.text()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="customer-{customer_id}.json"'
    )
    assert response.content_type == "application/json"
    text = await response.text()
    return json.loads(text), text


async def test_export_holds_messages_events_visitors_orders_and_notes(
    aiohttp_client: Any, database_url: str
) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    _, kim, _ = await _kim_and_ola(client, clock)
    await add_agent(client.app, "anna@example.com", name="Anna")
    token = await sign_in(client, "anna@example.com")
    (conversation,) = [
        c["id"] for c in (await _export(client, kim))[0]["conversations"]
    ]  # fmt: skip
    note = await act(client, token, f"/console/conversations/{conversation}/notes",
                     text="Kim wants a call back")  # fmt: skip
    assert note.status == 200
    doc, _ = await _export(client, kim)
    assert doc["customer"]["email"] == "kim@example.com" and doc["erased"] is None
    assert doc["customer"]["external_id"] == "c-42" and doc["lifecycle"]["email_consent"]
    assert [v["id"] for v in doc["visitors"]] == ["kim-browser"]
    (conv,) = doc["conversations"]
    assert KIM_SAYS in [m["text"] for m in conv["messages"]]
    assert [n["text"] for n in conv["notes"]] == ["Kim wants a call back"]
    types = [e["type"] for e in doc["events"]]
    assert {"order_created", "page_view", "identify", "message_sent"} <= set(types)
    assert KIM_PAGE in [e["properties"].get("url") for e in doc["events"]]
    assert sorted(p["order_id"] for p in doc["purchases"]) == ["A-1", "A-2"]
    assert [t["to_stage"] for t in doc["stage_transitions"]][-1] == "retention"
    assert "Ola here" not in json.dumps(doc)  # only this customer


async def test_erase_in_the_console(aiohttp_client: Any, database_url: str) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    kim_ws, kim, ola = await _kim_and_ola(client, clock)
    start, end = clock.now - timedelta(days=30), clock.now + timedelta(days=1)
    async with client.app[sessions_key]() as db:
        before = (await compute(db, "demo", start, end)).values
    events_before = len(await _export_rows(client, kim))

    # A plain agent may not; the page does not even offer it.
    await add_agent(client.app, "anna@example.com", name="Anna")
    agent = await aiohttp_client(client.server)
    agent_token = await sign_in(agent, "anna@example.com")
    assert (await agent.get(f"/console/customers/{kim}/erase")).status == 403
    refused = await agent.post(f"/console/customers/{kim}/erase",
                               data={"_csrf": agent_token, "confirm": "LÖSCHEN"})  # fmt: skip
    assert refused.status == 403

    await add_agent(client.app, "root@example.com", name="Root", admin=True)
    token = await sign_in(client, "root@example.com")
    form = await (await client.get(f"/console/customers/{kim}/erase")).text()
    assert "Geben Sie zur Bestätigung LÖSCHEN ein" in form and 'name="_csrf"' in form
    no_token = await client.post(f"/console/customers/{kim}/erase", data={"confirm": "LÖSCHEN"})
    assert no_token.status == 403
    wrong = await client.post(f"/console/customers/{kim}/erase",
                              data={"_csrf": token, "confirm": "ja"})  # fmt: skip
    assert wrong.status == 400
    assert "Es wurde nichts gelöscht." in await wrong.text()
    assert (await _export(client, kim))[0]["customer"]["email"] == "kim@example.com"
    done = await client.post(f"/console/customers/{kim}/erase",
                             data={"_csrf": token, "confirm": "löschen"},
                             allow_redirects=False)  # fmt: skip
    assert done.status == 303 and done.headers["Location"].endswith("?done=erased")

    doc, text = await _export(client, kim)
    for secret in (*PERSONAL, "Meine Adresse"):
        assert secret not in text, secret
    assert doc["erased"]["by"].startswith("agent:")
    assert doc["visitors"] == [] and doc["conversations"][0]["messages"] == []
    assert doc["customer"]["email"] is None and doc["customer"]["name"] is None
    assert len(doc["events"]) == events_before  # kept, anonymised: the metrics need them
    assert sorted(p["order_id"] for p in doc["purchases"]) == ["A-1", "A-2"]
    assert (await _export(client, ola))[0]["conversations"][0]["messages"][0]["text"] == (
        "Ola here, hello"
    )
    async with client.app[sessions_key]() as db:
        after = (await compute(db, "demo", start, end)).values
        assert (await check_replay(db, "demo", clock.now)).ok  # still the same stages
        record = (await db.exec(select(Event).where(Event.type == ERASED_EVENT))).one()
    for key in ("orders", "revenue", "aov", "buyers", "repeat_purchase_rate"):
        assert after[key] == before[key], key
    assert record.customer_id is None and record.properties["customer"] == kim
    assert "kim@" not in json.dumps(record.properties)

    profile = await (await client.get(f"/console/customers/{kim}?done=erased")).text()
    assert f"Gelöschter Kunde #{kim[:6]}" in profile and 'id="erased-note"' in profile
    assert "/erase" not in profile
    listed = await (await client.get("/console/customers")).text()
    assert 'class="pill s-closed">Gelöscht<' in listed
    again = await client.post(f"/console/customers/{kim}/erase",
                              data={"_csrf": token, "confirm": "löschen"})  # fmt: skip
    assert again.status == 409

    # The widget that was open goes on as someone new, and so does the next page load.
    await kim_ws.send_json({"type": "message", "client_id": "k2", "text": "Noch da?"})
    ack = (await frames_until(kim_ws, "ack"))[-1]
    _, welcome = await widget(client, "kim-browser")
    assert welcome["conversation"] == ack["conversation"]  # the new one, not Kim's
    async with client.app[sessions_key]() as db:
        conv = await db.get(Conversation, ack["conversation"])
        assert conv is not None and conv.customer_id != kim
        visitor = await db.get(Visitor, ("demo", "kim-browser"))
        assert visitor is not None and visitor.customer_id == conv.customer_id
        texts = (
            await db.exec(select(Message.text).where(col(Message.conversation_id) == conv.id))
        ).all()
    assert KIM_SAYS not in texts
    assert all(m["text"] != KIM_SAYS for m in welcome["history"])


async def _export_rows(client: Any, customer_id: str) -> list[Event]:
    async with client.app[sessions_key]() as db:
        return list((await db.exec(select(Event).where(Event.customer_id == customer_id))).all())


async def test_customers_cli_exports_and_erases(
    aiohttp_client: Any, database_url: str, tmp_path: Path
) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    _, kim, ola = await _kim_and_ola(client, clock)
    db = ["--database", database_url]
    out = tmp_path / "kim.json"
    written = shopassist("customers", "export", "c-42", "--shop", "demo", *db, "-o", str(out))
    assert written.returncode == 0, written.stderr
    assert f"Exported customer {kim} to {out}." in written.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["customer"]["id"] == kim
    assert KIM_SAYS in [m["text"] for c in doc["conversations"] for m in c["messages"]]
    printed = shopassist("customers", "export", kim, *db)
    assert json.loads(printed.stdout)["customer"]["email"] == "kim@example.com"

    kept = shopassist("customers", "erase", "c-42", *db, input="n\n")
    assert kept.returncode == 1 and "Aborted" in kept.stderr
    assert f"Erase everything about customer {kim} (Kim Berger, kim@example.com, c-42)" in (
        kept.stdout
    )
    assert "kim@example.com" in shopassist("customers", "export", kim, *db).stdout
    erased = shopassist("customers", "erase", "c-42", *db, input="y\n")
    assert erased.returncode == 0, erased.stderr
    assert f"Erased customer {kim} in shop demo: 1 visitors, 1 conversations" in erased.stdout
    after = shopassist("customers", "export", kim, *db).stdout
    assert all(secret not in after for secret in PERSONAL)
    assert json.loads(after)["erased"]["by"] == "cli"
    twice = shopassist("customers", "erase", kim, "--yes", *db)
    assert twice.returncode == 2 and "was erased already" in twice.stderr
    unknown = shopassist("customers", "erase", "c-404", "--yes", *db)
    assert unknown.returncode == 2 and "No customer 'c-404'" in unknown.stderr
    assert "Ola here" in shopassist("customers", "export", ola, *db).stdout
    ola_gone = shopassist("customers", "erase", ola, "--yes", *db)
    assert ola_gone.returncode == 0 and "Erased customer" in ola_gone.stdout
    totals = sorted(Decimal(p["total"]) for p in json.loads(after)["purchases"])
    assert totals == [Decimal("20.00"), Decimal("30.00")]  # orders stay, anonymous


async def test_erase_forgets_the_shoppers_words_in_remembered_searches(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, sqlite_url, clock)
    kim_ws, kim, _ = await _kim_and_ola(client, clock)
    await frames_until(kim_ws, "reply")  # her message was answered: searched by then
    knowledge = await client.app[knowledge_key].get("demo")
    assert KIM_SAYS in knowledge.remembered_searches()  # searched as she typed it
    await add_agent(client.app, "root@example.com", name="Root", admin=True)
    token = await sign_in(client, "root@example.com")
    done = await client.post(
        f"/console/customers/{kim}/erase",
        data={"_csrf": token, "confirm": "LÖSCHEN"},
        allow_redirects=False,
    )
    assert done.status == 303
    remembered = (await client.app[knowledge_key].get("demo")).remembered_searches()
    assert not any("Hauptstraße" in query for query in remembered)
    await kim_ws.close()

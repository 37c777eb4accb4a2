"""``ShopAssistant.identify``: a wrong hash stores nothing; a right one merges the anonymous
visitor into the customer the shop knows, with nothing lost or doubled."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from assistant.security.signing import identity_hash
from assistant.storage.models import (
    CartLine,
    Conversation,
    Customer,
    Event,
    Message,
    StageTransition,
    Visitor,
)
from tests.consoles import act, add_agent, frames_until, say, sign_in, widget
from tests.lifecycle_helpers import (
    identify_frame,
    order_event,
    post_webhook,
    shop_secret,
    signed_identify_frame,
    webhook_secret,
)
from web.keys import clock_key, sessions_key


async def _hello(client: Any, visitor: str) -> Any:
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json(
        {"type": "hello", "v": 1, "shop": "demo", "visitor": visitor, "locale": "de"}
    )
    assert (await ws.receive_json(timeout=20))["type"] == "welcome"
    return ws


async def _rows(client: Any, model: Any) -> list[Any]:
    async with client.app[sessions_key]() as db:
        return list((await db.exec(select(model))).all())


async def test_forged_identify_hash_is_refused_and_stores_nothing(any_db_client: Any) -> None:
    client = any_db_client
    ws = await _hello(client, "v-forged")
    await ws.send_json({"type": "identify", "id": "c-7", "hash": identity_hash("guess", "c-7")})
    error = await ws.receive_json(timeout=20)
    assert (error["type"], error["code"]) == ("error", "identity_rejected")
    http = await client.post(
        "/api/v1/identify",
        json={"shop": "demo", "visitor": "v-forged", "id": "c-7", "hash": "ab" * 32},
    )
    assert http.status == 401
    assert (await http.json())["code"] == "identity_rejected"
    assert await _rows(client, Customer) == []
    assert await _rows(client, Event) == []
    assert await _rows(client, Visitor) == []


async def test_a_hash_of_the_wrong_shape_is_rejected_like_a_wrong_hash(
    any_db_client: Any,
) -> None:
    """Too short, not hex, too long: ``identity_rejected`` (docs/protocol.md), not
    ``bad_frame``, over the socket and over HTTP (401); nothing is stored."""
    client = any_db_client
    ws = await _hello(client, "v-shape")
    for digest in ("abc", "zz" * 32, "ab" * 40, ""):
        await ws.send_json({"type": "identify", "id": "c-7", "hash": digest})
        error = await ws.receive_json(timeout=20)
        assert (error["type"], error["code"]) == ("error", "identity_rejected"), digest
        assert error["message"] == "Die Anmeldung beim Assistenten konnte nicht bestätigt werden."
        http = await client.post(
            "/api/v1/identify",
            json={"shop": "demo", "visitor": "v-shape", "id": "c-7", "hash": digest},
        )
        assert http.status == 401, digest
        assert (await http.json())["code"] == "identity_rejected"
    assert await _rows(client, Customer) == []


async def test_identify_merges_the_visitor_into_the_known_customer(any_db_client: Any) -> None:
    client = any_db_client
    secret = await shop_secret(client)
    now = client.app[clock_key]()
    # The shop already knows c-42 from an earlier order on another device.
    response = await post_webhook(
        client,
        await webhook_secret(client),
        order_event("o-1", "A-1", "19.90", customer={"id": "c-42", "email": "max@example.de"}),
        now=now,
    )
    assert response.status == 200
    # Anonymously on this device: a question, a cart, a page view.
    ws = await _hello(client, "v-anon")
    await ws.send_json({"type": "page_view", "url": "https://shop.example/"})
    await ws.send_json(
        {"type": "message", "client_id": "m1", "text": "Wie lange dauert der Versand?"}
    )
    assert [(await ws.receive_json(timeout=20))["type"] for _ in range(2)] == ["ack", "reply"]
    await ws.send_json({"type": "cart", "items": [{"sku": "BEAN-001", "qty": 2}]})
    assert (await ws.receive_json(timeout=20))["type"] == "cart"
    # A cart change may bring offer cards; a message after it is handled only once they are
    # stored and sent, so after its reply every event so far is in the database.
    await ws.send_json({"type": "message", "client_id": "m-thanks", "text": "Danke"})
    while (frame := await ws.receive_json(timeout=20)).get("reply_to") != "m-thanks":
        assert frame["type"] in ("reply", "ack"), frame
    before_events = len(await _rows(client, Event))
    before_messages = len(await _rows(client, Message))
    anon = {c.id for c in await _rows(client, Customer) if c.external_id is None}
    assert len(anon) == 1

    await ws.send_json(signed_identify_frame(secret, "c-42", name="Max", consent=True))
    done = await ws.receive_json(timeout=20)
    assert done["type"] == "identified" and done["customer"] == "c-42"

    customers = await _rows(client, Customer)
    assert [c.external_id for c in customers] == ["c-42"]  # the anonymous one merged away
    known = customers[0]
    assert known.name == "Max" and known.email == "max@example.de"
    events = await _rows(client, Event)
    assert len(events) == before_events + 1  # + identify, nothing lost or doubled
    assert {e.customer_id for e in events} == {known.id}
    assert [c.customer_id for c in await _rows(client, Conversation)] == [known.id]
    assert [(v.id, v.customer_id) for v in await _rows(client, Visitor)] == [("v-anon", known.id)]
    assert [(c.cart_id, c.sku, c.qty) for c in await _rows(client, CartLine)] == [
        (known.id, "BEAN-001", 2)
    ]
    # The stage history is rebuilt from the merged events: one customer, one story.
    async with client.app[sessions_key]() as db:
        stages = (
            await db.exec(
                select(StageTransition.to_stage)
                .where(StageTransition.customer_id == known.id)
                .order_by(col(StageTransition.id))
            )
        ).all()
    assert stages[-1] == "conversion" and known.stage == "conversion"
    # The conversation goes on where it was, with its messages.
    await ws.send_json({"type": "message", "client_id": "m2", "text": "Und nach Österreich?"})
    ack = await ws.receive_json(timeout=20)
    assert ack["conversation"] == done["conversation"]
    async with client.app[sessions_key]() as db:
        count = (await db.exec(select(func.count()).select_from(Message))).one()
    assert count == before_messages + 2  # m2 and its reply, stored together before the ack
    # Identifying again changes nothing.
    await ws.send_json(identify_frame(secret, "c-42"))
    await ws.receive_json(timeout=20)
    await ws.receive_json(timeout=20)  # the reply to m2 may come first; both arrive
    assert len(await _rows(client, Customer)) == 1


async def test_identify_over_http_makes_the_anonymous_customer_identified(
    demo_client: Any,
) -> None:
    client = demo_client
    secret = await shop_secret(client)
    ws = await _hello(client, "v-http")
    await ws.send_json({"type": "track", "name": "newsletter_form_seen", "props": {"x": 1}})
    await ws.send_json({"type": "page_view", "url": "/"})
    # Frames are handled in order: the cart's answer means the two before it are stored.
    await ws.send_json({"type": "cart", "items": []})
    assert (await ws.receive_json(timeout=20))["type"] == "cart"
    response = await client.post(
        "/api/v1/identify",
        json={
            "shop": "demo",
            "visitor": "v-http",
            "id": "c-9",
            "email": "eva@example.de",
            "hash": identity_hash(secret, "c-9", email="eva@example.de"),
        },
    )
    assert response.status == 200, await response.text()
    customers = await _rows(client, Customer)
    assert [(c.external_id, c.email) for c in customers] == [("c-9", "eva@example.de")]
    types = sorted(e.type for e in await _rows(client, Event))
    assert types == ["cart_updated", "identify", "page_view", "track"]


async def test_another_person_signing_in_stops_the_previous_persons_replies(
    demo_client: Any,
) -> None:
    """Two people on one browser: after the second signs in, an agent's answer in the first
    person's conversation no longer reaches the socket (it would show it to the wrong person)."""
    client = demo_client
    secret = await shop_secret(client)
    await add_agent(client.app, "anna@example.com", name="Anna")
    token = await sign_in(client, "anna@example.com")
    ws, _ = await widget(client, "v-shared")
    await ws.send_json(identify_frame(secret, "c-first"))
    assert (await ws.receive_json(timeout=20))["type"] == "identified"
    first = (await say(ws, "m1", "Wo bleibt meine Bestellung?"))["conversation"]
    await frames_until(ws, "reply")
    path = f"/console/conversations/{first}"
    assert (await act(client, token, path + "/takeover")).status == 200
    await frames_until(ws, "status")  # "Sie chatten jetzt mit Anna." and the owner change
    sent = await act(client, token, path + "/messages", text="Für die erste Person")
    assert sent.status == 200
    assert (await frames_until(ws, "reply"))[-1]["text"] == "Für die erste Person"

    await ws.send_json(identify_frame(secret, "c-second"))
    done = await ws.receive_json(timeout=20)
    assert done["type"] == "identified" and done["conversation"] is None
    sent = await act(client, token, path + "/messages", text="Nur für die erste Person")
    assert sent.status == 200
    # The answer went out before the console's response (one process: the bus delivers in
    # place), so the next frame is the one the socket asks for now, not that answer.
    await ws.send_json({"type": "cart", "items": []})
    assert (await ws.receive_json(timeout=20))["type"] == "cart"

"""The widget protocol over the real WebSocket endpoint: every error code, resend, history."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from assistant.protocol import ERROR_CODES
from assistant.storage.models import Event, Message
from tests.chat import HELLO, ask, open_widget
from web.keys import sessions_key


async def _count(client: Any, model: Any, *where: Any) -> int:
    async with client.app[sessions_key]() as db:
        return int((await db.exec(select(func.count()).select_from(model).where(*where))).one())


async def test_question_gets_the_shipping_answer(any_db_client: Any) -> None:
    ws, welcome = await open_widget(any_db_client)
    assert welcome["conversation"] is None and welcome["history"] == []
    assert "Bohne & Becher" in welcome["greeting"]["text"]
    ack, reply = await ask(ws, "c1", "Wie lange dauert der Versand?")
    assert "1-3 Werktage" in reply["text"]
    assert reply["reply_to"] == "c1" and reply["author"] == "bot"
    conversation = ack["conversation"]
    assert await _count(any_db_client, Message, Message.conversation_id == conversation) == 2
    types = await _event_types(any_db_client, conversation)
    assert types == ["faq_answered", "message_sent"]


async def _event_types(client: Any, conversation: str) -> list[str]:
    async with client.app[sessions_key]() as db:
        rows = await db.exec(select(Event.type).where(Event.conversation_id == conversation))
        return sorted(rows.all())


async def test_english_page_gets_english_answer(demo_client: Any) -> None:
    ws, welcome = await open_widget(demo_client, {**HELLO, "locale": "en-GB"})
    assert welcome["locale"] == "en"
    _, reply = await ask(ws, "c1", "How long does shipping take?")
    assert "1-3 working days" in reply["text"]


async def test_unknown_question_is_answered_honestly(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)
    _, reply = await ask(ws, "c1", "asdfgh qwertz")
    assert "keine passende Antwort" in reply["text"]


async def test_resend_is_stored_once_and_gets_the_same_reply(any_db_client: Any) -> None:
    ws, _ = await open_widget(any_db_client)
    ack, first = await ask(ws, "same-id", "Welche Zahlungsarten gibt es?")
    _, again = await ask(ws, "same-id", "Welche Zahlungsarten gibt es?")
    assert again == first
    await ws.close()
    # ... and across a reconnect, as the widget does after a network drop.
    ws2, welcome = await open_widget(any_db_client)
    assert welcome["conversation"] == ack["conversation"]
    _, third = await ask(ws2, "same-id", "Welche Zahlungsarten gibt es?")
    assert third == first
    where = Message.conversation_id == ack["conversation"]
    assert await _count(any_db_client, Message, where) == 2


async def test_history_after_reconnect(any_db_client: Any) -> None:
    ws, _ = await open_widget(any_db_client)
    ack, r1 = await ask(ws, "a", "Wie lange dauert der Versand?")
    _, r2 = await ask(ws, "b", "Kann ich mit PayPal bezahlen?")
    await ws.close()
    ws, welcome = await open_widget(any_db_client, {**HELLO, "conversation": ack["conversation"]})
    history = welcome["history"]
    assert [(m["direction"], m.get("client_id")) for m in history] == [
        ("in", "a"),
        ("out", None),
        ("in", "b"),
        ("out", None),
    ]
    assert [m["id"] for m in history if m["direction"] == "out"] == [r1["id"], r2["id"]]
    # Only what the client has not seen yet:
    await ws.close()
    ws, welcome = await open_widget(
        any_db_client, {**HELLO, "conversation": ack["conversation"], "after": r1["id"]}
    )
    assert [m["client_id"] or m["reply_to"] for m in welcome["history"]] == ["b", "b"]


async def test_other_visitor_cannot_read_a_conversation(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)
    ack, _ = await ask(ws, "a", "Wie lange dauert der Versand?")
    _, welcome = await open_widget(
        demo_client, {**HELLO, "visitor": "someone-else", "conversation": ack["conversation"]}
    )
    assert welcome["conversation"] is None and welcome["history"] == []


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "bad_frame"),
        ("[1, 2]", "bad_frame"),
        (json.dumps({"type": "message", "text": "hi"}), "bad_frame"),
        (json.dumps({"type": "message", "client_id": "x", "text": 5}), "bad_frame"),
        (json.dumps({"type": "dance"}), "unknown_type"),
        (json.dumps({"type": "message", "client_id": "x", "text": "   "}), "empty_text"),
        (json.dumps({"type": "message", "client_id": "x", "text": "a" * 2001}), "text_too_long"),
        (json.dumps({"type": "message", "client_id": "x", "text": "a" * 20000}), "frame_too_large"),
        (json.dumps({**HELLO, "v": 2}), "unsupported_version"),
        (json.dumps({**HELLO, "shop": "nope"}), "bad_frame"),  # differs from ?shop=demo
    ],
)
async def test_bad_frames_get_an_error_and_the_connection_stays_usable(
    demo_client: Any, frame: str, code: str
) -> None:
    ws, _ = await open_widget(demo_client)
    await ws.send_str(frame)
    error = await ws.receive_json(timeout=20)
    assert (error["type"], error["code"]) == ("error", code)
    assert error["message"]  # German text for a German page
    _, reply = await ask(ws, "after-error", "Wie lange dauert der Versand?")
    assert "1-3 Werktage" in reply["text"]
    assert await _count(demo_client, Message) == 2  # nothing half-stored from the bad frame


async def test_error_frame_names_the_rejected_message(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)
    await ws.send_json({"type": "message", "client_id": "long-one", "text": "x" * 2001})
    error = await ws.receive_json(timeout=20)
    assert error["client_id"] == "long-one" and error["code"] == "text_too_long"
    assert "2.000 Zeichen" in error["message"]


async def test_binary_frame_is_rejected(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)
    await ws.send_bytes(b"\x00\x01")
    assert (await ws.receive_json(timeout=20))["code"] == "bad_frame"


async def test_message_before_hello_is_not_ready(demo_client: Any) -> None:
    ws = await demo_client.ws_connect("/ws?shop=demo")
    await ws.send_json({"type": "message", "client_id": "c", "text": "Hallo"})
    assert (await ws.receive_json(timeout=20))["code"] == "not_ready"
    await ws.send_json(HELLO)
    assert (await ws.receive_json(timeout=20))["type"] == "welcome"


async def test_unknown_shop(demo_client: Any) -> None:
    ws = await demo_client.ws_connect("/ws?shop=nope")
    await ws.send_json({**HELLO, "shop": "nope"})
    error = await ws.receive_json(timeout=20)
    assert error["code"] == "unknown_shop"
    # still usable: the right shop works on the same socket when the URL names none
    ws = await demo_client.ws_connect("/ws")
    await ws.send_json({**HELLO, "shop": "nope"})
    assert (await ws.receive_json(timeout=20))["code"] == "unknown_shop"
    await ws.send_json(HELLO)
    assert (await ws.receive_json(timeout=20))["type"] == "welcome"


async def test_foreign_origin_is_rejected(demo_client: Any) -> None:
    resp = await demo_client.get(
        "/ws?shop=demo",
        headers={
            "Origin": "https://evil.example",
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
    )
    assert resp.status == 403
    assert (await resp.json())["code"] == "origin_not_allowed"
    # Without ?shop= the check happens at hello, as an error frame.
    ws = await demo_client.ws_connect("/ws", headers={"Origin": "https://evil.example"})
    await ws.send_json(HELLO)
    assert (await ws.receive_json(timeout=20))["code"] == "origin_not_allowed"


async def test_own_origin_is_allowed_for_the_demo_shop(demo_client: Any) -> None:
    origin = str(demo_client.make_url("/")).rstrip("/")
    _, welcome = await open_widget(demo_client, None, Origin=origin)
    assert welcome["shop"] == "demo"


def test_every_error_code_is_documented() -> None:
    """Each code has its row in the protocol's error table, where a widget author looks."""
    doc = (__import__("pathlib").Path(__file__).parent.parent / "docs" / "protocol.md").read_text()
    for code in ERROR_CODES:
        assert f"| `{code}` |" in doc, code


class _Broken:
    """A shop's own responder with a bug in it."""

    async def respond(self, turn: Any) -> None:
        if "kaputt" in turn.message.text:
            raise RuntimeError("bug in a plug-in")


async def test_a_bug_gives_internal_and_nothing_is_stored(aiohttp_client: Any, config: Any) -> None:
    from assistant.demo.loader import load_demo
    from web.app import create_app

    app = create_app(config, responders=[_Broken()])
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    ws, _ = await open_widget(client)
    await ws.send_json({"type": "message", "client_id": "k1", "text": "alles kaputt"})
    error = await ws.receive_json(timeout=20)
    assert (error["code"], error["client_id"]) == ("internal", "k1")
    assert "Traceback" not in error["message"]
    assert await _count(client, Message) == 0
    _, reply = await ask(ws, "k2", "Wie lange dauert der Versand?")
    assert "1-3 Werktage" in reply["text"]

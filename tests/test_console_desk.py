"""Agents and shoppers live: hand-off, take-over (and its race), replies both ways, typing,
hand-back, close, notes, the offline form, and untrusted text in the console."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import col, select

from assistant.storage.models import Conversation, Event, Message
from tests.consoles import (
    Stream,
    act,
    add_agent,
    frames_until,
    no_frame,
    say,
    sign_in,
    widget,
)
from web.keys import sessions_key


async def _agent(client: Any, aiohttp_client: Any, email: str, name: str) -> tuple[Any, str]:
    """A second browser: its own cookie jar on the same server."""
    await add_agent(client.app, email, name=name)
    other = await aiohttp_client(client.server)
    return other, await sign_in(other, email)


async def _waiting(client: Any, visitor: str = "shopper-1") -> tuple[Any, str]:
    """A shopper who asked for a human; returns the socket and the conversation."""
    ws, _ = await widget(client, visitor)
    ack = await say(ws, "h1", "Ich möchte mit einem Mitarbeiter sprechen")
    await frames_until(ws, "reply")
    return ws, ack["conversation"]


async def _stored(client: Any, conversation: str) -> list[tuple[str, str]]:
    async with client.app[sessions_key]() as db:
        rows = await db.exec(
            select(Message.author, Message.text)
            .where(Message.conversation_id == conversation)
            .order_by(col(Message.id))
        )
        return [(a, t) for a, t in rows.all()]


async def test_no_agent_online_gets_an_honest_answer_and_the_offline_form(
    any_db_client: Any,
) -> None:
    ws, _ = await widget(any_db_client, "lonely")
    await say(ws, "h1", "Kann ich mit einem Menschen sprechen?")
    reply = (await frames_until(ws, "reply"))[-1]
    assert "niemand aus unserem Team online" in reply["text"]
    assert reply["form"] == {"kind": "offline"}
    # The form: e-mail and message, sent as a message with an offline payload.
    await say(ws, "o1", "Bitte ruft mich zurück", payload={"offline": {"email": "kim@example.com"}})
    thanks = (await frames_until(ws, "reply"))[-1]
    assert "kim@example.com" in thanks["text"]
    # ... and it lands in the inbox, waiting, with the e-mail to answer to.
    await add_agent(any_db_client.app, "anna@example.com", name="Anna")
    await sign_in(any_db_client, "anna@example.com")
    html = await (await any_db_client.get("/console/?status=waiting")).text()
    assert "Offline-Nachricht von kim@example.com" in html
    assert "Bitte ruft mich zurück" in html
    async with any_db_client.app[sessions_key]() as db:
        events = (await db.exec(select(Event.type).where(Event.type == "offline_message"))).all()
    assert events == ["offline_message"]


async def test_bad_offline_email_asks_again(demo_client: Any) -> None:
    ws, _ = await widget(demo_client, "typo")
    await say(ws, "o1", "Hallo", payload={"offline": {"email": "kim(at)example"}})
    reply = (await frames_until(ws, "reply"))[-1]
    assert "E-Mail-Adresse scheint nicht zu stimmen" in reply["text"]
    assert reply["form"] == {"kind": "offline"}


async def test_hand_off_take_over_reply_hand_back(demo_client: Any) -> None:
    """The whole warm transfer over the real endpoints, with the live stream watching."""
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    token = await sign_in(demo_client, "anna@example.com")
    inbox = await Stream.open(demo_client)  # Anna is online now
    ws, _ = await widget(demo_client, "warm")
    await say(ws, "h1", "Ich möchte mit einem Mitarbeiter sprechen")
    reply = (await frames_until(ws, "reply"))[-1]
    assert "gleich ist jemand persönlich für Sie da" in reply["text"] and "form" not in reply
    row = await inbox.next("row")
    assert row["status"] == "waiting" and "Mitarbeiter sprechen" in row["html"]
    assert (await inbox.next("counts"))["waiting"] == 1
    conversation = row["id"]
    # While she waits for a human who is online, the bot stays quiet.
    await say(ws, "w1", "Hallo?")
    await no_frame(ws)

    page = await demo_client.get(f"/console/conversations/{conversation}")
    html = await page.text()
    assert "Ich möchte mit einem Mitarbeiter sprechen" in html and "handoff_requested" in html
    live = await Stream.open(demo_client, conversation)

    taken = await act(demo_client, token, f"/console/conversations/{conversation}/takeover")
    assert taken.status == 200
    joined = (await frames_until(ws, "reply"))[-1]
    assert joined["author"] == "system" and joined["text"] == "Sie chatten jetzt mit Anna."
    status = (await frames_until(ws, "status"))[-1]
    assert status == {"type": "status", "status": "agent", "agent": "Anna"}

    # The shopper types and writes; the agent sees both live, and the bot says nothing.
    await ws.send_json({"type": "typing"})
    assert (await live.next("typing"))["author"] == "shopper"
    await say(ws, "s1", "Wo bleibt meine Bestellung 4711?")
    message = await live.next("message")
    assert "Bestellung 4711" in message["html"]
    await no_frame(ws)

    # The agent types and answers; the widget gets both, the answer with her name.
    typed = await act(demo_client, token, f"/console/conversations/{conversation}/typing")
    assert (await typed.json())["sent"] is True
    assert (await frames_until(ws, "typing"))[-1] == {
        "type": "typing",
        "author": "agent",
        "name": "Anna",
    }
    sent = await act(
        demo_client,
        token,
        f"/console/conversations/{conversation}/messages",
        text="Ich schaue sofort nach.",
    )
    assert sent.status == 200
    answer = (await frames_until(ws, "reply"))[-1]
    assert answer["author"] == "agent" and answer["agent"] == {"name": "Anna"}
    assert answer["text"] == "Ich schaue sofort nach."

    back = await act(demo_client, token, f"/console/conversations/{conversation}/handback")
    assert back.status == 200
    notice = (await frames_until(ws, "reply"))[-1]
    assert "an den digitalen Assistenten zurückgegeben" in notice["text"]
    assert (await frames_until(ws, "status"))[-1]["status"] == "bot"
    await say(ws, "b1", "Wie lange dauert der Versand?")
    bot = (await frames_until(ws, "reply"))[-1]
    assert bot["author"] == "bot" and "1-3 Werktage" in bot["text"]

    assert [a for a, _ in await _stored(demo_client, conversation)] == [
        "shopper", "bot", "shopper", "system", "shopper", "agent", "system", "shopper", "bot",
    ]  # fmt: skip
    live.close()
    inbox.close()


async def test_two_agents_cannot_both_take_over(any_db_client: Any, aiohttp_client: Any) -> None:
    await add_agent(any_db_client.app, "anna@example.com", name="Anna")
    anna = await sign_in(any_db_client, "anna@example.com")
    ben_client, ben = await _agent(any_db_client, aiohttp_client, "ben@example.com", "Ben")
    _, conversation = await _waiting(any_db_client)
    path = f"/console/conversations/{conversation}/takeover"
    results = await asyncio.gather(
        act(any_db_client, anna, path), act(ben_client, ben, path), act(any_db_client, anna, path)
    )
    statuses = sorted(r.status for r in results)
    bodies = [await r.json() for r in results]
    winners = [b for b in bodies if b.get("ok")]
    losers = [b for b in bodies if not b.get("ok")]
    async with any_db_client.app[sessions_key]() as db:
        stored = await db.get(Conversation, conversation)
    assert stored is not None and stored.status == "agent"
    owner = (
        "Anna" if stored.agent_id != (await _agent_id(any_db_client, "ben@example.com")) else "Ben"
    )
    if owner == "Anna":
        # Anna's double click is harmless; Ben is told who was faster.
        assert statuses == [200, 200, 409] and len(winners) == 2
        assert losers[0]["message"] == "Anna hat dieses Gespräch bereits übernommen."
    else:
        assert statuses == [200, 409, 409] and len(winners) == 1
        assert all(b["message"] == "Ben hat dieses Gespräch bereits übernommen." for b in losers)
    joined = [t for a, t in await _stored(any_db_client, conversation) if a == "system"]
    assert joined == [f"Sie chatten jetzt mit {owner}."]  # exactly one take-over happened


async def _agent_id(client: Any, email: str) -> str:
    from assistant.storage.models import Agent

    async with client.app[sessions_key]() as db:
        agent = (await db.exec(select(Agent).where(Agent.email == email))).one()
        return agent.id


async def test_only_the_owner_replies(demo_client: Any, aiohttp_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    anna = await sign_in(demo_client, "anna@example.com")
    ben_client, ben = await _agent(demo_client, aiohttp_client, "ben@example.com", "Ben")
    _, conversation = await _waiting(demo_client)
    early = await act(
        demo_client, anna, f"/console/conversations/{conversation}/messages", text="Hi"
    )
    assert early.status == 409 and (await early.json())["code"] == "not_owner"
    await act(demo_client, anna, f"/console/conversations/{conversation}/takeover")
    intruder = await act(
        ben_client, ben, f"/console/conversations/{conversation}/messages", text="Ich auch!"
    )
    assert intruder.status == 409
    assert (await intruder.json())["message"] == "Anna hat dieses Gespräch bereits übernommen."
    handback = await act(ben_client, ben, f"/console/conversations/{conversation}/handback")
    assert handback.status == 409
    typing = await act(ben_client, ben, f"/console/conversations/{conversation}/typing")
    assert (await typing.json())["sent"] is False  # only the owner's typing reaches the shopper
    empty = await act(
        demo_client, anna, f"/console/conversations/{conversation}/messages", text=" "
    )
    assert (await empty.json())["code"] == "empty_text"


async def test_bot_stays_silent_while_an_agent_owns_the_conversation(demo_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    token = await sign_in(demo_client, "anna@example.com")
    ws, _ = await widget(demo_client, "quiet")
    ack = await say(ws, "q1", "Wie lange dauert der Versand?")
    await frames_until(ws, "reply")
    conversation = ack["conversation"]
    await act(demo_client, token, f"/console/conversations/{conversation}/takeover")
    await frames_until(ws, "status")
    for i, question in enumerate(["Welche Zahlungsarten gibt es?", "Mitarbeiter bitte!"]):
        await say(ws, f"x{i}", question)
        await no_frame(ws)
    # Over HTTP as well: acknowledged, stored, no reply.
    resp = await demo_client.post(
        "/api/v1/messages",
        json={
            "v": 1,
            "shop": "demo",
            "visitor": "quiet",
            "locale": "de",
            "client_id": "http-1",
            "text": "Kann ich mit PayPal zahlen?",
        },
    )
    body = await resp.json()
    assert body["ack"] == {"client_id": "http-1"} and body["reply"] is None
    authors = [a for a, _ in await _stored(demo_client, conversation)]
    assert authors == ["shopper", "bot", "system", "shopper", "shopper", "shopper"]


async def test_closing_ends_the_conversation_and_the_next_message_starts_a_new_one(
    demo_client: Any,
) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    token = await sign_in(demo_client, "anna@example.com")
    ws, conversation = await _waiting(demo_client, "closer")
    bad = await act(demo_client, token, f"/console/conversations/{conversation}/close", reason="x")
    assert bad.status == 400
    closed = await act(
        demo_client, token, f"/console/conversations/{conversation}/close", reason="resolved"
    )
    assert closed.status == 200
    frames = await frames_until(ws, "reply")
    if not any(f["type"] == "status" for f in frames):  # the two travel separately
        frames += await frames_until(ws, "status")
    notice = next(f for f in frames if f["type"] == "reply")
    assert notice["text"].startswith("Das Gespräch wurde beendet.")
    assert [f["status"] for f in frames if f["type"] == "status"][-1] == "closed"
    again = await act(demo_client, token, f"/console/conversations/{conversation}/takeover")
    assert (await again.json())["code"] == "conversation_closed"
    ack = await say(ws, "n1", "Wie lange dauert der Versand?")
    assert ack["conversation"] != conversation
    assert "1-3 Werktage" in (await frames_until(ws, "reply"))[-1]["text"]
    async with demo_client.app[sessions_key]() as db:
        old = await db.get(Conversation, conversation)
    assert old is not None and (old.status, old.close_reason) == ("closed", "resolved")


async def test_private_notes_stay_private(demo_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    token = await sign_in(demo_client, "anna@example.com")
    ws, conversation = await _waiting(demo_client, "noted")
    live = await Stream.open(demo_client, conversation)
    note = await act(
        demo_client, token, f"/console/conversations/{conversation}/notes", text="Stammkundin!"
    )
    assert note.status == 200
    assert "Stammkundin!" in (await live.next("note"))["html"]
    await no_frame(ws)  # never to the widget
    page = await (await demo_client.get(f"/console/conversations/{conversation}")).text()
    assert "Stammkundin!" in page and "Anna" in page
    live.close()


async def test_shopper_xss_is_shown_as_text_in_the_console(demo_client: Any) -> None:
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    await sign_in(demo_client, "anna@example.com")
    inbox = await Stream.open(demo_client)
    ws, _ = await widget(demo_client, "evil", page="/demo?<script>alert(3)</script>")
    ack = await say(ws, "x1", payload)
    await frames_until(ws, "reply")
    row = await inbox.next("row")
    conversation = ack["conversation"]
    live = await Stream.open(demo_client, conversation)
    await say(ws, "x2", payload + " again")
    message = await live.next("message")
    pages = [
        await (await demo_client.get("/console/")).text(),
        await (await demo_client.get(f"/console/conversations/{conversation}")).text(),
        row["html"],
        message["html"],
    ]
    for html in pages:
        assert "<img src=x" not in html and "<script>alert" not in html
        assert "&lt;img src=x onerror=" in html
    inbox.close()
    live.close()


async def test_presence_follows_open_consoles(demo_client: Any, aiohttp_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    await sign_in(demo_client, "anna@example.com")
    ben_client, _ = await _agent(demo_client, aiohttp_client, "ben@example.com", "Ben")
    anna_stream = await Stream.open(demo_client)
    ben_stream = await Stream.open(ben_client)
    assert await _presence(anna_stream, ["Anna", "Ben"])
    html = await (await ben_client.get("/console/")).text()
    assert 'Online: <span id="online" data-nobody="niemand">Anna, Ben</span>' in html
    ben_stream.close()
    assert await _presence(anna_stream, ["Anna"])  # Ben closed his last console page
    anna_stream.close()


async def _presence(stream: Stream, names: list[str]) -> bool:
    for _ in range(5):
        if (await stream.next("presence"))["online"] == names:
            return True
    return False

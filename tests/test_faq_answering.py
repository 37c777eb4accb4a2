"""FAQ answers over the real WebSocket: answer, "did you mean", fallback with the offer of a
human, hand-off, helpful votes, formatted answers and live edits of the knowledge base."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from assistant.faq.articles import ArticleService
from assistant.storage.models import Conversation, Event
from assistant.support.handoff import asks_for_human
from knowledge_base import Article
from tests.chat import ask, open_widget
from web.keys import knowledge_key, sessions_key


async def _events(client: Any, conversation: str, kind: str) -> list[dict[str, Any]]:
    async with client.app[sessions_key]() as db:
        rows = await db.exec(
            select(Event.properties).where(
                Event.conversation_id == conversation, Event.type == kind
            )
        )
        return list(rows.all())


async def test_confident_answer_offers_feedback_and_the_vote_is_stored(any_db_client: Any) -> None:
    ws, _ = await open_widget(any_db_client)
    ack, reply = await ask(ws, "c1", "wie lange dauert versand nach östereich")
    assert "Österreich" in reply["text"] and reply["feedback"] is True
    await ws.send_json({"type": "feedback", "message_id": reply["id"], "helpful": False})
    assert await ws.receive_json(timeout=20) == {
        "type": "feedback",
        "message_id": reply["id"],
        "helpful": False,
        "recorded": True,
    }
    await ws.send_json({"type": "feedback", "message_id": reply["id"], "helpful": True})
    assert (await ws.receive_json(timeout=20))["recorded"] is False  # the first vote stays
    votes = await _events(any_db_client, ack["conversation"], "faq_feedback")
    assert votes == [{"slug": "shipping-austria", "helpful": False, "message_id": reply["id"]}]


async def test_feedback_must_name_an_answer_of_this_conversation(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)
    await ws.send_json({"type": "feedback", "message_id": 1, "helpful": True})
    assert (await ws.receive_json(timeout=20))["code"] == "bad_frame"  # no conversation yet
    _, fallback = await ask(ws, "c1", "asdfgh")
    for bad in (
        {"message_id": fallback["id"], "helpful": True},  # not an answer
        {"message_id": 99999, "helpful": True},
        {"message_id": "1", "helpful": True},
        {"message_id": fallback["id"], "helpful": "yes"},
    ):
        await ws.send_json({"type": "feedback", **bad})
        assert (await ws.receive_json(timeout=20))["code"] == "bad_frame"
    other, _ = await open_widget(demo_client, {**_hello(), "visitor": "visitor-2"})
    _, answer = await ask(other, "d1", "Wie lange dauert der Versand?")
    await ws.send_json({"type": "feedback", "message_id": answer["id"], "helpful": True})
    assert (await ws.receive_json(timeout=20))["code"] == "bad_frame"  # someone else's answer


def _hello() -> dict[str, Any]:
    return {"type": "hello", "v": 1, "shop": "demo", "visitor": "visitor-1", "locale": "de"}


async def test_unsure_question_gets_did_you_mean_with_three_topics(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)
    ack, reply = await ask(ws, "c1", "Rechnung")
    assert reply["text"] == "Meinten Sie eine dieser Fragen?" and reply["feedback"] is False
    slugs = [q["payload"]["article"] for q in reply["quick_replies"]]
    assert len(slugs) == 3 and "invoice-copy" in slugs
    picked = reply["quick_replies"][slugs.index("invoice-copy")]
    await ws.send_json({"type": "message", "client_id": "c2", **picked})
    await ws.receive_json(timeout=20)
    answer = await ws.receive_json(timeout=20)
    assert "Rechnung" in answer["text"] and answer["feedback"] is True
    assert await _events(demo_client, ack["conversation"], "faq_suggested")


async def test_fallback_offers_a_human_and_the_handoff_waits_for_one(any_db_client: Any) -> None:
    ws, _ = await open_widget(any_db_client)
    ack, reply = await ask(ws, "c1", "Wie wird das Wetter morgen in Hamburg?")
    [human] = reply["quick_replies"]
    assert human == {
        "label": "Mit einem Menschen sprechen",
        "text": "Mit einem Menschen sprechen",
        "payload": {"handoff": True},
    }
    conversation = ack["conversation"]
    unanswered = await _events(any_db_client, conversation, "faq_unanswered")
    assert unanswered == [{"query": "Wie wird das Wetter morgen in Hamburg?", "lang": "de"}]
    await ws.send_json({"type": "message", "client_id": "c2", **human})
    handed = await ws.receive_json(timeout=20)
    while handed["type"] != "reply":  # the ack, and the status change to "waiting"
        handed = await ws.receive_json(timeout=20)
    assert "niemand aus unserem Team online" in handed["text"]  # nobody online: honest
    assert handed["form"] == {"kind": "offline"}
    async with any_db_client.app[sessions_key]() as db:
        assert (await db.get(Conversation, conversation)).status == "waiting"  # type: ignore[union-attr]
    assert await _events(any_db_client, conversation, "handoff_requested")
    _, again = await ask(ws, "c3", "Ich will mit einem Mitarbeiter sprechen")
    assert "bereits informiert" in again["text"]
    assert len(await _events(any_db_client, conversation, "handoff_requested")) == 1


async def test_asking_for_a_human_in_words_in_english(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client, {**_hello(), "locale": "en"})
    _, reply = await ask(ws, "c1", "Can I talk to a real person please?")
    assert "nobody from our team is online" in reply["text"]


def test_what_counts_as_asking_for_a_human() -> None:
    for text in ("Mitarbeiter bitte", "Ich möchte einen echten Menschen", "human", "live agent"):
        assert asks_for_human(text), text
    for text in ("Wie lange dauert der Versand?", "humanity", "Agentur", "management"):
        assert not asks_for_human(text), text


async def test_answer_with_a_link_comes_as_segments(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)
    _, reply = await ask(ws, "c1", "Wie kann ich meine Sendung verfolgen?")
    links = [s for s in reply["segments"] if "href" in s]
    assert links == [
        {
            "text": "Sendungsverfolgung",
            "href": "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html",
        }
    ]
    assert "Sendungsverfolgung (https://www.dhl.de/" in reply["text"]


async def test_an_edited_article_is_live_at_once(demo_client: Any) -> None:
    # A question no article answers and no product search takes (product questions get cards).
    app = demo_client.app
    ws, _ = await open_widget(demo_client)
    _, before = await ask(ws, "c1", "Sind eure Porzellantassen spülmaschinenfest?")
    assert before["quick_replies"][0]["payload"] == {"handoff": True}
    service = ArticleService(app[sessions_key], app[knowledge_key])
    await service.save(
        "demo",
        Article(
            slug="porcelain-cups",
            lang="de",
            question="Sind eure Porzellantassen spülmaschinenfest?",
            answer="Ja, unter **Tassen** finden Sie Porzellantassen.",
            phrasings=("Porzellantassen", "Tassen aus Porzellan"),
        ),
    )
    _, after = await ask(ws, "c2", "Sind eure Porzellantassen spülmaschinenfest?")
    assert after["text"] == "Ja, unter Tassen finden Sie Porzellantassen."
    assert {"text": "Tassen", "strong": True} in after["segments"]
    await service.delete("demo", "porcelain-cups", "de")
    _, gone = await ask(ws, "c3", "Sind eure Porzellantassen spülmaschinenfest?")
    assert gone["text"] != after["text"]


async def test_answer_only_in_the_other_language_comes_with_a_note(demo_client: Any) -> None:
    app = demo_client.app
    await ArticleService(app[sessions_key], app[knowledge_key]).save(
        "demo",
        Article(
            slug="cold-brew",
            lang="en",
            question="How do I make cold brew?",
            answer="Coarse grind, 1:8 with cold water, 16 hours in the fridge.",
            phrasings=("cold brew recipe",),
        ),
    )
    ws, _ = await open_widget(demo_client)  # a German page
    _, reply = await ask(ws, "c1", "cold brew recipe")
    assert reply["text"].startswith("(Diese Antwort haben wir nur auf Englisch.)\nCoarse grind")

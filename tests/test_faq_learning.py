"""Learning from use over the real WebSocket: picks from "did you mean" become candidate
wordings, three different shoppers teach the index on their own, one shopper clicking again
teaches nothing, "not helpful" counts against a wording, and an agent's decision is final."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from assistant.storage.models import FaqCandidate
from knowledge_base import Decision
from tests.chat import HELLO, ask, open_widget
from web.keys import learning_key, sessions_key

QUESTION = "wo krieg ich den beleg her"


def _kind(reply: dict[str, Any]) -> str:
    """What the shopper sees: an answer (with a vote), "did you mean" (articles to pick)."""
    if reply.get("feedback"):
        return Decision.ANSWER
    picks = [q for q in reply.get("quick_replies", []) if "article" in q.get("payload", {})]
    return Decision.SUGGEST if picks else Decision.FALLBACK


async def _pick_by_payload(client: Any, visitor: str) -> tuple[Any, dict[str, Any]]:
    ws, _ = await open_widget(client, {**HELLO, "visitor": visitor})
    _, suggestion = await ask(ws, "c1", QUESTION)
    assert _kind(suggestion) == Decision.SUGGEST
    [choice] = [
        q for q in suggestion["quick_replies"] if q["payload"] == {"article": "invoice-copy"}
    ]
    await ws.send_json(
        {"type": "message", "client_id": "c2", "text": choice["text"], "payload": choice["payload"]}
    )
    await ws.receive_json(timeout=20)  # ack
    answer = await ws.receive_json(timeout=20)
    assert _kind(answer) == Decision.ANSWER and "Rechnung" in answer["text"]
    return ws, answer


async def _candidates(client: Any) -> list[FaqCandidate]:
    async with client.app[sessions_key]() as db:
        return list((await db.exec(select(FaqCandidate))).all())


async def _decision(client: Any, visitor: str) -> str:
    ws, _ = await open_widget(client, {**HELLO, "visitor": visitor})
    _, reply = await ask(ws, "c1", QUESTION)
    await ws.close()
    return _kind(reply)


async def test_three_different_shoppers_teach_the_index_one_shopper_twice_does_not(
    demo_client: Any,
) -> None:
    ws, _ = await _pick_by_payload(demo_client, "shopper-1")
    await ws.close()
    ws, _ = await _pick_by_payload(demo_client, "shopper-1")  # the same shopper again
    await ws.close()
    [candidate] = await _candidates(demo_client)
    assert (candidate.slug, candidate.lang, candidate.text) == ("invoice-copy", "de", QUESTION)
    assert candidate.confirmed_by == ["shopper-1"] and candidate.status == "pending"
    assert await _decision(demo_client, "someone") == Decision.SUGGEST
    for visitor in ("shopper-2", "shopper-3"):
        ws, _ = await _pick_by_payload(demo_client, visitor)
        await ws.close()
    [candidate] = await _candidates(demo_client)
    assert candidate.status == "accepted"
    assert await _decision(demo_client, "shopper-4") == Decision.ANSWER


async def test_a_pick_counts_only_for_an_article_that_was_offered(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client, {**HELLO, "visitor": "sneaky"})
    await ask(ws, "c1", QUESTION)
    await ws.send_json(
        {"type": "message", "client_id": "c2", "text": "x", "payload": {"article": "returns"}}
    )
    await ws.receive_json(timeout=20)
    await ws.receive_json(timeout=20)
    assert await _candidates(demo_client) == []


async def test_not_helpful_counts_against_a_wording_and_agents_decide(demo_client: Any) -> None:
    ws, _ = await _pick_by_payload(demo_client, "shopper-1")
    await ws.close()
    learning = demo_client.app[learning_key]
    [pending] = await learning.pending("demo")
    assert (pending.text, pending.confirmations, pending.question) == (
        QUESTION, 1, "Wo finde ich meine Rechnung?"
    )  # fmt: skip
    # A shopper who got this article for the same wording says it did not help: the wording
    # no longer waits for review, until someone else confirms it again.
    await learning.record_vote("demo", "shopper-2", "invoice-copy", QUESTION, helpful=False)
    assert await learning.pending("demo") == []
    [row] = await _candidates(demo_client)
    assert row.rejected_by == ["shopper-2"] and row.status == "pending"
    await learning.record_vote("demo", "shopper-3", "invoice-copy", QUESTION, helpful=True)
    [pending] = await learning.pending("demo")
    article = await learning.decide("demo", pending.id, accept=True)
    assert article is not None and QUESTION in article.phrasings
    assert await _decision(demo_client, "shopper-9") == Decision.ANSWER


async def test_not_helpful_offers_the_next_best_answers_and_a_person(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client, {**HELLO, "visitor": "unhappy"})
    _, answer = await ask(ws, "c1", "wie lange dauert versand nach östereich")
    assert _kind(answer) == Decision.ANSWER
    await ws.send_json({"type": "feedback", "message_id": answer["id"], "helpful": False})
    assert (await ws.receive_json(timeout=20))["recorded"] is True
    await ws.send_json({"type": "alternatives", "message_id": answer["id"]})
    offer = await ws.receive_json(timeout=20)
    assert offer["type"] == "alternatives" and offer["message_id"] == answer["id"]
    assert offer["text"].startswith("Schade!")
    *articles, person = offer["quick_replies"]
    assert person["payload"] == {"handoff": True} and 1 <= len(articles) <= 3
    slugs = [q["payload"]["article"] for q in articles]
    assert "shipping-austria" not in slugs
    # Picking one of them teaches like a pick from "did you mean".
    await ws.send_json(
        {"type": "message", "client_id": "c2", "text": articles[0]["text"],
         "payload": articles[0]["payload"]}
    )  # fmt: skip
    await ws.receive_json(timeout=20)
    assert _kind(await ws.receive_json(timeout=20)) == Decision.ANSWER
    rows = {row.slug: row for row in await _candidates(demo_client)}
    assert rows["shipping-austria"].rejected_by == ["unhappy"]  # the vote counts against
    assert rows[slugs[0]].confirmed_by == ["unhappy"]
    await ws.send_json({"type": "alternatives", "message_id": 999_999})
    assert (await ws.receive_json(timeout=20))["code"] == "bad_frame"

"""The shopper's "helpful / not helpful" vote on an FAQ answer, stored as a ``faq_feedback``
event; one vote per answer counts."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from assistant.conversation.engine import ChatSession, ConversationEngine
from assistant.conversation.replies import EventDraft
from assistant.errors import BadFrame
from assistant.storage.engine import Sessions
from assistant.storage.models import Event, Message


def parse_feedback(data: dict[str, Any]) -> tuple[int, bool]:
    """``{"type": "feedback", "message_id": 12, "helpful": true}``."""
    message_id = data.get("message_id")
    helpful = data.get("helpful")
    if not isinstance(message_id, int) or isinstance(message_id, bool) or message_id < 1:
        raise BadFrame(detail="feedback.message_id must be a message id")
    if not isinstance(helpful, bool):
        raise BadFrame(detail="feedback.helpful must be true or false")
    return message_id, helpful


async def record_feedback(
    sessions: Sessions,
    engine: ConversationEngine,
    session: ChatSession,
    message_id: int,
    helpful: bool,
) -> bool:
    """Store the vote; ``False`` if this answer had been rated already (the first vote stays).
    The message must be an FAQ answer in the session's own conversation."""
    conversation_id = session.conversation_id
    if conversation_id is None:
        raise BadFrame(detail="feedback before any message")
    async with sessions() as db:
        message = await db.get(Message, message_id)
        faq = ((message.payload or {}).get("meta") or {}).get("faq") if message else None
        if (
            message is None
            or message.conversation_id != conversation_id
            or not isinstance(faq, dict)
            or faq.get("decision") != "answer"
        ):
            raise BadFrame(detail="feedback.message_id is not an answer in this conversation")
        earlier = (
            await db.exec(
                select(Event.properties).where(
                    Event.conversation_id == conversation_id, Event.type == "faq_feedback"
                )
            )
        ).all()
    if any(p.get("message_id") == message_id for p in earlier if isinstance(p, dict)):
        return False
    draft = EventDraft(
        "faq_feedback", {"slug": faq.get("slug"), "helpful": helpful, "message_id": message_id}
    )
    await engine.record(session, (draft,))
    return True


async def voted_wording(
    sessions: Sessions, conversation_id: str, message_id: int
) -> tuple[str, str] | None:
    """The article an answer gave and the shopper's question it answered (the inbound line
    just before it), for learning from the vote."""
    async with sessions() as db:
        message = await db.get(Message, message_id)
        if message is None or message.conversation_id != conversation_id:
            return None
        faq = (message.payload.get("meta") or {}).get("faq")
        question = (
            await db.exec(
                select(Message.text)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.direction == "in",
                    col(Message.id) < message_id,
                )
                .order_by(col(Message.id).desc())
                .limit(1)
            )
        ).first()
    slug = faq.get("slug") if isinstance(faq, dict) else None
    if not isinstance(slug, str) or question is None:
        return None
    return slug, question

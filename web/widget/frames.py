"""Handlers for the widget's frames beyond ``hello`` and ``message``, one per frame type.

Each handler gets the connection, its chat session and the frame (already checked to be a JSON
object with that ``type``); it validates the rest and raises :class:`AssistantError` for bad
input, which the connection turns into an ``error`` frame.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from assistant.conversation.engine import ChatSession, Outcome
from assistant.conversation.replies import EventDraft
from assistant.errors import BadFrame
from assistant.faq.answering import next_best
from assistant.faq.feedback import parse_feedback, record_feedback, voted_wording
from assistant.live.bus import TYPING_EVERY, conversation_topic, typing_event
from assistant.protocol import parse_cart
from assistant.shop.adapter import ShopUnavailable
from web.keys import (
    adapters_key,
    bus_key,
    clock_key,
    conversations_key,
    knowledge_key,
    learning_key,
    sessions_key,
)
from web.widget import lifecycle_frames
from web.widget.bundle_frames import offer_after_cart, on_action
from web.widget.product_frames import on_product

if TYPE_CHECKING:
    from web.widget.socket import Connection

log = logging.getLogger(__name__)
Handler = Callable[["Connection", ChatSession, dict[str, Any]], Awaitable[None]]


async def on_cart(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """The shop page's cart changed (``ShopAssistant.setCart``): keep the assistant's copy."""
    items = parse_cart(data)
    app = conn.request.app
    engine = app[conversations_key]
    customer_id = await engine.ensure_customer(session)
    adapter = app[adapters_key].get(session.shop)
    before = await adapter.get_cart(customer_id)
    cart = await adapter.set_cart(customer_id, items)
    await engine.record(
        session,
        (
            EventDraft(
                "cart_updated",
                {"items": [[line.sku, line.qty] for line in cart.lines], "value": str(cart.total)},
            ),
        ),
    )
    await conn.send({"type": "cart", **cart.as_dict()})
    await offer_after_cart(conn, session, before, cart)


async def on_typing(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """The shopper is typing: agents watching the conversation see it. Nothing is stored."""
    if session.conversation_id is None:
        return
    now = conn.request.app[clock_key]()
    if conn.last_typing is not None and now - conn.last_typing < TYPING_EVERY:
        return
    conn.last_typing = now
    await conn.request.app[bus_key].publish(
        conversation_topic(session.conversation_id),
        typing_event(session.shop.id, session.conversation_id, "shopper", origin=conn.id),
    )


async def on_feedback(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """The shopper rated an FAQ answer ("helpful" / "not helpful")."""
    message_id, helpful = parse_feedback(data)
    app = conn.request.app
    recorded = await record_feedback(
        app[sessions_key], app[conversations_key], session, message_id, helpful
    )
    if recorded and session.conversation_id is not None:
        voted = await voted_wording(app[sessions_key], session.conversation_id, message_id)
        if voted is not None:
            slug, question = voted
            await app[learning_key].record_vote(
                session.shop.id, session.visitor_id, slug, question, helpful
            )
    await conn.send(
        {"type": "feedback", "message_id": message_id, "helpful": helpful, "recorded": recorded}
    )


async def on_alternatives(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """After "not helpful" (``{"type": "alternatives", "message_id": 12}``): the next-best
    answers to the same question and a person, offered like "did you mean"."""
    message_id, _ = parse_feedback({**data, "helpful": False})
    app = conn.request.app
    voted = (
        await voted_wording(app[sessions_key], session.conversation_id, message_id)
        if session.conversation_id is not None
        else None
    )
    if voted is None:
        raise BadFrame(detail="alternatives.message_id is not an answer in this conversation")
    slug, question = voted
    kb = await app[knowledge_key].get(session.shop.id)
    offer, event = next_best(kb, question, slug, session.locale)
    await app[conversations_key].record(session, (event,))
    quick = [q.as_dict() for q in offer.quick_replies]
    await conn.send(
        {
            "type": "alternatives",
            "message_id": message_id,
            "text": offer.text,
            "quick_replies": quick,
        }
    )


FRAME_HANDLERS: dict[str, Handler] = {
    "cart": on_cart,
    "typing": on_typing,
    "action": on_action,
    "product": on_product,
    **lifecycle_frames.HANDLERS,
    "feedback": on_feedback,
    "alternatives": on_alternatives,
}


async def after_message(conn: Connection, session: ChatSession, outcome: Outcome) -> None:
    """A flow changed the cart (checkout: quantities, removal, the order emptied it): send the
    shop's cart to every open window of the conversation, so the shop page can update its own
    cart (``shopassistant:cart``)."""
    if outcome.duplicate or not any(e.type == "cart_updated" for e in outcome.events):
        return
    app = conn.request.app
    try:
        cart = await app[adapters_key].get(session.shop).get_cart(outcome.customer_id)
    except ShopUnavailable as exc:
        # The reply went out; the page keeps its cart until the next change reaches it.
        log.warning("cart push skipped: %s", exc.detail)
        return
    await app[bus_key].publish(
        conversation_topic(outcome.conversation_id),
        {
            "kind": "frame",
            "conversation": outcome.conversation_id,
            "frame": {"type": "cart", **cart.as_dict()},
        },
    )

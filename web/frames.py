"""Handlers for the widget's frames beyond ``hello`` and ``message``, one per frame type.

Each handler gets the connection, its chat session and the frame (already checked to be a JSON
object with that ``type``); it validates the rest and raises :class:`AssistantError` for bad
input, which the connection turns into an ``error`` frame.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from assistant.conversation import ChatSession
from assistant.feedback import parse_feedback, record_feedback
from assistant.protocol import parse_cart
from assistant.replies import EventDraft
from web.keys import adapters_key, conversations_key, sessions_key

if TYPE_CHECKING:
    from web.widget_ws import Connection

Handler = Callable[["Connection", ChatSession, dict[str, Any]], Awaitable[None]]


async def on_cart(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """The shop page's cart changed (``ShopAssistant.setCart``): keep the assistant's copy."""
    items = parse_cart(data)
    app = conn.request.app
    engine = app[conversations_key]
    customer_id = await engine.ensure_customer(session)
    cart = await app[adapters_key].get(session.shop).set_cart(customer_id, items)
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


async def on_feedback(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """The shopper rated an FAQ answer ("helpful" / "not helpful")."""
    message_id, helpful = parse_feedback(data)
    app = conn.request.app
    recorded = await record_feedback(
        app[sessions_key], app[conversations_key], session, message_id, helpful
    )
    await conn.send(
        {"type": "feedback", "message_id": message_id, "helpful": helpful, "recorded": recorded}
    )


FRAME_HANDLERS: dict[str, Handler] = {
    "cart": on_cart,
    "feedback": on_feedback,
}

"""The widget's side of suggestions: offers pushed after a cart change, and the ``action``
frame a card's buttons send (accept, decline, click)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from assistant.conversation.engine import ChatSession
from assistant.conversation.replies import EventDraft, Reply
from assistant.errors import AssistantError, BadFrame
from assistant.shop.adapter import Cart
from web.keys import bundles_key, conversations_key

if TYPE_CHECKING:
    from web.widget.socket import Connection

log = logging.getLogger(__name__)


async def on_action(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """``{"type": "action", "name": "bundle_accept", "offer": "bundle:espresso-starter"}``"""
    name, offer = data.get("name"), data.get("offer")
    if not isinstance(name, str) or not isinstance(offer, str):
        raise BadFrame(detail="action needs a name and an offer")
    app = conn.request.app
    outcome = await app[bundles_key].act(session, name, offer)
    reply = outcome.reply(session.locale)
    if outcome.cart is None or reply is None:
        await app[conversations_key].record(session, outcome.events)
        return
    await conn.send({"type": "cart", **outcome.cart.as_dict()})
    await push(conn, session, reply, outcome.events)


async def offer_after_cart(
    conn: Connection, session: ChatSession, before: Cart, after: Cart
) -> None:
    """An offer is a bonus: when the shop or the database fails here, the cart change has
    gone through already, so the shopper sees no error, only no offer."""
    try:
        said = await conn.request.app[bundles_key].after_cart_change(session, before, after)
        if said is not None:
            await push(conn, session, said.reply, said.events)
    except (AssistantError, SQLAlchemyError, OSError, TimeoutError) as exc:
        log.warning(
            "no offer after a cart change: %s",
            type(exc).__name__,
            extra={"conversation_id": session.conversation_id},
        )


async def push(
    conn: Connection, session: ChatSession, reply: Reply, events: tuple[EventDraft, ...]
) -> None:
    """Store a message the assistant starts and send it to every window of the chat."""
    started = session.conversation_id
    message = await conn.request.app[conversations_key].post(session, reply, events)
    conversation_id = session.conversation_id
    assert conversation_id is not None  # post() always ends in a conversation
    if conversation_id != started:
        await conn.hub.join(conversation_id, conn.ws, conn.id)
    await conn.send({"type": "reply", **message})

"""The widget's ``product`` frame: a product card's "In den Warenkorb" or link click.

``{"type": "product", "name": "add", "sku": "GRND-008"}``: the shop's cart gets the product
(the new cart goes to every window of the chat) and the shopper a short confirmation; on the
feed-only tier the page adds it itself and this only records it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.conversation.engine import ChatSession
from assistant.errors import BadFrame
from web.keys import conversations_key, product_actions_key
from web.widget.bundle_frames import push

if TYPE_CHECKING:
    from web.widget.socket import Connection


async def on_product(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    name, sku = data.get("name"), data.get("sku")
    if not isinstance(name, str) or not isinstance(sku, str):
        raise BadFrame(detail="product needs a name and a sku")
    app = conn.request.app
    if session.customer_id is None and name == "add":
        await app[conversations_key].ensure_customer(session)
    done = await app[product_actions_key].act(session, name, sku)
    if done.cart is None or done.reply is None:
        await app[conversations_key].record(session, done.events)
        return
    await conn.send({"type": "cart", **done.cart.as_dict()})
    await push(conn, session, done.reply, done.events)

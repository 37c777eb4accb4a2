"""What a product card's buttons do: "In den Warenkorb" puts the product in the shop's cart
through the adapter (or, where the cart lives on the shop's page, only records that the page
was asked to), and a click on the card's link is recorded. Only products this conversation
was shown can be acted on, so a crafted frame cannot fill a cart with anything else."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from assistant.bundles.chat import cart_updated
from assistant.conversation.engine import ChatSession
from assistant.conversation.replies import EventDraft, Reply
from assistant.errors import AssistantError, BadFrame
from assistant.i18n import L10n
from assistant.products.cards import cart_on_page
from assistant.products.entries import SKU
from assistant.shop.adapter import Cart
from assistant.shop.registry import ShopAdapters
from assistant.storage.engine import Sessions
from assistant.storage.models import Event

ADDED = "product_added"
CLICKED = "product_clicked"
NAMES = {"add": ADDED, "click": CLICKED}
ADDED_NOTE = L10n(
    de="Erledigt: {name} liegt jetzt im Warenkorb.", en="Done: {name} is in your cart now."
)


class NotShown(AssistantError):
    code = "unknown_offer"
    status = 404
    message = L10n(
        de="Dieses Produkt wurde in diesem Gespräch nicht gezeigt.",
        en="This product was not shown in this conversation.",
    )


class SoldOut(AssistantError):
    code = "out_of_stock"
    status = 409
    message = L10n(
        de="Das ist leider gerade ausverkauft. Der Warenkorb ist unverändert.",
        en="Sorry, that is sold out right now. Your cart is unchanged.",
    )


@dataclass(frozen=True, slots=True)
class ProductAction:
    events: tuple[EventDraft, ...]
    #: The shop's cart after adding (``None``: nothing changed here).
    cart: Cart | None = None
    reply: Reply | None = None


class ProductActions:
    def __init__(self, sessions: Sessions, adapters: ShopAdapters) -> None:
        self._sessions = sessions
        self._adapters = adapters

    async def act(self, session: ChatSession, name: str, sku: str) -> ProductAction:
        if name not in NAMES:
            raise BadFrame(detail="product.name must be add or click")
        if not SKU.match(sku):
            raise BadFrame(detail="product.sku is not a product id")
        if not await self._was_shown(session.conversation_id, sku):
            raise NotShown(detail=sku)
        event = EventDraft(NAMES[name], {"sku": sku})
        if name == "click" or cart_on_page(session.shop):
            # On the feed-only tier the page adds it to its own cart and reports the cart.
            return ProductAction((event,))
        if session.customer_id is None:
            raise NotShown(detail=sku)
        adapter = self._adapters.get(session.shop)
        product = await adapter.product(sku)
        if product is None or not product.in_stock:
            raise SoldOut(detail=sku)
        cart = await adapter.add_to_cart(session.customer_id, sku, 1)
        note = Reply(
            text=ADDED_NOTE.get(session.locale, name=product.name(session.locale)),
            meta={"products": {"added": sku}},
        )
        return ProductAction((event, cart_updated(cart)), cart, note)

    async def _was_shown(self, conversation_id: str | None, sku: str) -> bool:
        if conversation_id is None:
            return False
        async with self._sessions() as db:
            rows = (
                await db.exec(
                    select(Event.properties).where(
                        Event.conversation_id == conversation_id,
                        col(Event.type) == "product_shown",
                    )
                )
            ).all()
        return any(props.get("sku") == sku for props in rows)

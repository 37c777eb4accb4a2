"""The checkout's offer step, served by the bundles (``assistant.checkout.offers.Offers``):
the same ranking, filters, cards, events and cart handling as everywhere else in the chat."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from assistant.bundles.chat import BundleChat, UnknownOffer
from assistant.bundles.offers import checkout_text
from assistant.bundles.responder import session_of
from assistant.checkout.offers import CheckoutOffer, OfferAnswer
from assistant.conversation.turns import Turn
from assistant.errors import AssistantError
from assistant.shop.adapter import OutOfStock

log = logging.getLogger(__name__)


class CheckoutOffers:
    def __init__(self, chat: BundleChat) -> None:
        self._chat = chat

    async def propose(self, turn: Turn) -> CheckoutOffer | None:
        """The best fitting offer, once per conversation, never one declined in it or out of
        stock. An offer is a bonus: when the shop or the database fails here, the checkout
        goes on without one."""
        try:
            found = await self._chat.for_checkout(session_of(turn))
        except (AssistantError, SQLAlchemyError, OSError, TimeoutError) as exc:
            log.warning(
                "no checkout offer: %s",
                type(exc).__name__,
                extra={"conversation_id": turn.conversation_id},
            )
            return None
        if found is None:
            return None
        offer, said = found
        return CheckoutOffer(
            key=offer.key,
            skus=offer.suggestion.skus,
            text=checkout_text(offer),
            cards=tuple({k: v for k, v in c.items() if k != "actions"} for c in said.reply.cards),
            events=said.events,
        )

    async def answer(self, turn: Turn, key: str, accepted: bool) -> OfferAnswer:
        """Yes puts the offer in the cart (with its set price); no keeps it and every set
        sharing a product away for the rest of the conversation."""
        name = "bundle_accept" if accepted else "bundle_decline"
        try:
            outcome = await self._chat.act(session_of(turn), name, key)
        except (OutOfStock, UnknownOffer) as exc:
            return OfferAnswer(note=exc.message)
        return OfferAnswer((outcome.event,), outcome.cart is not None, outcome.note)

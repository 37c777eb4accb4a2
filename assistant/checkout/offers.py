"""The extension point for the offer step of the checkout.

After the cart review the checkout asks ``offers.propose(turn)`` once. ``None`` means "nothing
to offer" and the step is skipped. Otherwise the step shows the offer (its text, its cards) and
records its events (``bundle_shown``); the offer's key and text stay in the flow's state, so a
reload shows the same offer. The shopper's yes or no goes to ``offers.answer(turn, key,
accepted)``, which does what that means (puts the products in the cart through the shop
adapter, with the set price of a curated set; or notes the decline, so the offer stays away)
and returns the events to record (``bundle_accepted`` / ``bundle_declined``).

The app's default is the bundles feature (:class:`assistant.bundles.checkout.CheckoutOffers`),
the one place that decides what to offer; :data:`NO_OFFERS` switches the step off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from assistant.conversation.replies import EventDraft
from assistant.conversation.turns import Turn
from assistant.i18n import L10n


@dataclass(frozen=True, slots=True)
class CheckoutOffer:
    key: str  # the offer's id, e.g. "bundle:espresso-starter" or "product:ACC-001"
    skus: tuple[str, ...]  # what accepting adds to the cart
    text: L10n  # what is offered, with the price, in both languages
    #: Cards to show with the step (in the turn's language), without buttons of their own:
    #: the step's yes and no are the answer.
    cards: tuple[dict[str, Any], ...] = ()
    #: Recorded when the step is shown (``bundle_shown``).
    events: tuple[EventDraft, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "skus": list(self.skus), "de": self.text.de, "en": self.text.en}

    @staticmethod
    def from_json(data: object) -> CheckoutOffer | None:
        """An offer kept in the flow's state (cards and events are shown once only)."""
        if not isinstance(data, dict):
            return None
        key, skus, de, en = data.get("key"), data.get("skus"), data.get("de"), data.get("en")
        if not (isinstance(key, str) and isinstance(de, str) and isinstance(en, str)):
            return None
        if not isinstance(skus, list) or not all(isinstance(s, str) for s in skus):
            return None
        if not de.strip() or not en.strip():
            return None
        return CheckoutOffer(key, tuple(skus), L10n(de=de, en=en))


@dataclass(frozen=True, slots=True)
class OfferAnswer:
    events: tuple[EventDraft, ...] = ()
    #: Whether the cart changed (the checkout then sends the new cart to the page).
    cart_changed: bool = False
    #: What to tell the shopper: what is in the cart now, or why it could not be added.
    note: L10n | None = None


class Offers(Protocol):
    async def propose(self, turn: Turn) -> CheckoutOffer | None:
        """The one offer for this checkout, or ``None``."""
        ...

    async def answer(self, turn: Turn, key: str, accepted: bool) -> OfferAnswer:
        """The shopper said yes or no to the offer ``key`` shown in this conversation."""
        ...


class _NoOffers:
    async def propose(self, turn: Turn) -> CheckoutOffer | None:
        return None

    async def answer(self, turn: Turn, key: str, accepted: bool) -> OfferAnswer:
        return OfferAnswer()


#: A checkout without an offer step.
NO_OFFERS: Offers = _NoOffers()

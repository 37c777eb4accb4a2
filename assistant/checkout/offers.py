"""The extension point for the bundle offer step of the checkout.

The checkout asks ``offers(shop, cart, lang)`` once, after the cart review. ``None`` means
"nothing to offer" and the step is skipped; that is the default until the bundles feature
passes its own function to :class:`~assistant.checkout.responder.FlowResponder`. Accepting
adds the offer's products to the cart through the shop adapter and records
``bundle_accepted``; declining records ``bundle_declined``; showing it records
``bundle_shown`` (all with ``{bundle, skus}``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from assistant.i18n import L10n
from assistant.shop.adapter import Cart
from assistant.shops import ShopInfo


@dataclass(frozen=True, slots=True)
class Offer:
    bundle: str  # the bundle's id, for the events
    skus: tuple[str, ...]  # added to the cart when the shopper says yes
    text: L10n  # what is offered, with the price, e.g. "Dazu passt: ... für 12,90 €"


Offers = Callable[[ShopInfo, Cart, str], Awaitable[Offer | None]]


async def no_offers(shop: ShopInfo, cart: Cart, lang: str) -> Offer | None:
    return None

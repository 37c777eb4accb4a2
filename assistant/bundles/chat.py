"""Suggestions in the conversation: after a cart change (sparingly), when asked, once in
checkout, and what happens when the shopper accepts, declines or clicks a card.

Everything a conversation has seen of suggestions is derived from its stored events
(``bundle_shown``, ``bundle_declined``, ``bundle_accepted``), so declines hold across reloads,
restarts and instances, and an action can only refer to an offer this conversation was shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import col, select

from assistant.bundles.curated import active_bundles
from assistant.bundles.intent import Ask
from assistant.bundles.metrics import ACCEPTED, CLICKED, DECLINED, SHOWN
from assistant.bundles.offers import added_note, offer_reply
from assistant.bundles.ranking import Kind, Request, Strategy
from assistant.bundles.service import BundleOffer, BundleService, History
from assistant.conversation.engine import ChatSession
from assistant.conversation.replies import EventDraft, Reply
from assistant.errors import AssistantError, BadFrame
from assistant.i18n import L10n
from assistant.lifecycle.experiments import BUNDLE_STRATEGY, active, variant
from assistant.shop.adapter import Cart, OutOfStock, ProductInfo, SetTerms, ShopAdapter
from assistant.shop.registry import ShopAdapters
from assistant.storage.engine import Sessions
from assistant.storage.models import Event

ACTIONS = {"bundle_accept": ACCEPTED, "bundle_decline": DECLINED, "bundle_click": CLICKED}
#: Checkout asks "Möchten Sie das dazunehmen?": only offers that add to the cart, no swaps.
CHECKOUT_KINDS = frozenset({Kind.BUNDLE, Kind.CROSS_SELL})
_OFFER = re.compile(r"^(bundle|product):[A-Za-z0-9_.:-]{1,64}$")


class UnknownOffer(AssistantError):
    code = "unknown_offer"
    status = 404
    message = L10n(
        de="Dieses Angebot gibt es in diesem Gespräch nicht (mehr).",
        en="This offer is not (or no longer) part of this conversation.",
    )


#: An accepted offer holds something sold out: nothing of it went into the cart.
SOLD_OUT_CART_UNCHANGED = L10n(
    de="Das ist leider gerade ausverkauft. Der Warenkorb ist unverändert.",
    en="Sorry, that is sold out right now. Your cart is unchanged.",
)


@dataclass(frozen=True, slots=True)
class Said:
    """A reply with its events, for the caller to store (and send)."""

    reply: Reply
    events: tuple[EventDraft, ...]


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    #: ``bundle_accepted``, ``bundle_declined`` or ``bundle_clicked``.
    event: EventDraft
    #: The cart after an accepted offer, and what accepting did (both languages).
    cart: Cart | None = None
    note: L10n | None = None

    @property
    def events(self) -> tuple[EventDraft, ...]:
        """The action, and the new cart when it changed."""
        if self.cart is None:
            return (self.event,)
        return (self.event, cart_updated(self.cart))

    def reply(self, lang: str) -> Reply | None:
        if self.note is None:
            return None
        accepted = self.event.properties.get("skus", [])
        return Reply(text=self.note.get(lang), meta={"bundles": {"accepted": accepted}})


def cart_updated(cart: Cart) -> EventDraft:
    return EventDraft(
        "cart_updated",
        {"items": [[line.sku, line.qty] for line in cart.lines], "value": str(cart.total)},
    )


class BundleChat:
    def __init__(
        self,
        service: BundleService,
        adapters: ShopAdapters,
        sessions: Sessions,
        *,
        max_pushes: int = 3,
        cards_per_push: int = 2,
    ) -> None:
        self.service = service
        self._adapters = adapters
        self._sessions = sessions
        self._max_pushes = max_pushes
        self._cards_per_push = cards_per_push

    def strategy(self, session: ChatSession) -> tuple[Strategy, str | None]:
        """The visitor's suggestion strategy, and the A/B variant name when a test runs."""
        chosen = variant(session.shop.settings, BUNDLE_STRATEGY, session.visitor_id)
        running = BUNDLE_STRATEGY in active(session.shop.settings)
        return Strategy(chosen), chosen if running else None

    async def cart_of(self, session: ChatSession) -> Cart:
        if session.customer_id is None:
            return Cart()
        return await self._adapter(session).get_cart(session.customer_id)

    # -- showing -------------------------------------------------------------------------

    async def after_cart_change(
        self, session: ChatSession, before: Cart, after: Cart
    ) -> Said | None:
        """An offer when something was added, at most ``max_pushes`` times per conversation,
        and never a card this conversation has seen already."""
        if not after.skus - before.skus:
            return None
        history = await self.service.history(session.conversation_id)
        if history.pushes >= self._max_pushes:
            return None
        said = await self._offer(session, after, history, "cart", limit=3)
        return said if said and said.reply.cards else None

    async def answer(self, session: ChatSession, ask: Ask) -> Said | None:
        """The shopper asked: what goes with the cart, or something cheaper."""
        cart = await self.cart_of(session)
        history = await self.service.history(session.conversation_id)
        if ask is Ask.CHEAPER:
            if cart.is_empty():
                return None  # a question about prices in general: the FAQ knows more
            said = await self._offer(session, cart, history, "cheaper", limit=3, hesitant=True)
            return said if said and said.reply.cards else None
        return await self._offer(session, cart, history, "asked", limit=3, fresh_only=False)

    async def for_checkout(self, session: ChatSession) -> tuple[BundleOffer, Said] | None:
        """The checkout's one offer, once per conversation: the best fitting suggestion not
        declined in this conversation (shown before but left alone is fine: checkout is the
        last moment for it), with the reply and events that show it."""
        history = await self.service.history(session.conversation_id)
        if history.offered_in_checkout:
            return None
        cart = await self.cart_of(session)
        if cart.is_empty():
            return None
        found = await self._find(
            session, cart, history, "checkout", 1, fresh_only=False, kinds=CHECKOUT_KINDS
        )
        if not found:
            return None
        return found[0], self._said(session, found[:1], "checkout")

    async def _offer(
        self,
        session: ChatSession,
        cart: Cart,
        history: History,
        context: str,
        *,
        limit: int,
        hesitant: bool = False,
        fresh_only: bool = True,
    ) -> Said | None:
        found = await self._find(
            session, cart, history, context, limit, hesitant=hesitant, fresh_only=fresh_only
        )
        if context == "cart":
            found = found[: self._cards_per_push]
        return self._said(session, found[:limit], context)

    async def _find(
        self,
        session: ChatSession,
        cart: Cart,
        history: History,
        context: str,
        limit: int,
        *,
        hesitant: bool = False,
        fresh_only: bool = True,
        kinds: frozenset[Kind] | None = None,
    ) -> list[BundleOffer]:
        if kinds is None:
            kinds = frozenset(Kind) if hesitant else frozenset(Kind) - {Kind.DOWN_SELL}
        strategy, _ = self.strategy(session)
        request = Request(
            cart=(),
            declined=history.declined,
            limit=limit + (len(history.shown) if fresh_only else 0),
            hesitant=hesitant,
            strategy=strategy,
            unanchored_bundles=context == "asked" and cart.is_empty(),
            kinds=kinds,
        )
        offers = await self.service.offers(session.shop.id, self._adapter(session), cart, request)
        if fresh_only:
            offers = [o for o in offers if o.key not in history.shown]
        return offers

    def _said(self, session: ChatSession, offers: list[BundleOffer], context: str) -> Said:
        strategy, experiment_variant = self.strategy(session)
        reply, events = offer_reply(
            offers,
            session.locale,
            context,
            strategy=strategy.value,
            variant=experiment_variant,
        )
        return Said(reply, events)

    # -- acting on a card ----------------------------------------------------------------

    async def act(self, session: ChatSession, name: str, offer: str) -> ActionOutcome:
        """Accept, decline or click a card this conversation was shown."""
        if name not in ACTIONS:
            raise BadFrame(detail=f"action.name must be one of {', '.join(sorted(ACTIONS))}")
        if not _OFFER.match(offer):
            raise BadFrame(detail="action.offer must be an offer id like product:SKU")
        shown = await self._shown(session.conversation_id, offer)
        if shown is None or session.customer_id is None:
            raise UnknownOffer(detail=offer)
        skus = [s for s in shown.properties.get("skus", []) if isinstance(s, str)]
        facts = {"bundle": offer, "skus": skus, "kind": shown.properties.get("kind")}
        for key in ("strategy", "variant", "context"):
            if key in shown.properties:
                facts[key] = shown.properties[key]
        event = EventDraft(ACTIONS[name], facts)
        if name != "bundle_accept":
            return ActionOutcome(event)
        cart, note = await self._accept(session, session.customer_id, offer, skus, shown)
        return ActionOutcome(event, cart, note)

    async def _accept(
        self, session: ChatSession, customer_id: str, offer: str, skus: list[str], shown: Event
    ) -> tuple[Cart, L10n]:
        """Put the offer in the cart through the shop adapter: a swap for an up- or down-sell,
        and for a curated set with a discount the set price, exactly as its card showed it."""
        adapter = self._adapter(session)
        terms = await self._set_terms(session, offer)
        products = [await adapter.product(sku) for sku in skus]
        found = [p for p in products if p is not None and p.in_stock]
        if not products or len(found) != len(products):
            raise OutOfStock(tuple(skus), SOLD_OUT_CART_UNCHANGED)
        cart = await adapter.get_cart(customer_id)
        replaces = shown.properties.get("replaces")
        old: ProductInfo | str | None = None
        if isinstance(replaces, str) and replaces in cart.skus:
            cart = await adapter.set_quantity(customer_id, replaces, 0)
            old = await adapter.product(replaces) or replaces
        for sku in skus:
            if sku not in cart.skus:
                cart = await adapter.add_to_cart(customer_id, sku, 1)
        before = cart.discount
        if terms is not None:
            cart = await adapter.apply_set(customer_id, terms)
        return cart, added_note(found, old, cart.discount - before)

    async def _set_terms(self, session: ChatSession, offer: str) -> SetTerms | None:
        """The set price a curated set's card promised, or ``None`` for a product or a set
        without a discount. A set the shop has withdrawn since is no longer on offer."""
        kind, _, slug = offer.partition(":")
        if kind != "bundle":
            return None
        sets = {b.bundle.key: b for b in await active_bundles(self._sessions, session.shop.id)}
        found = sets.get(slug)
        if found is None:
            raise UnknownOffer(detail=offer)
        if found.bundle.discount_pct <= 0:
            return None
        return SetTerms(
            id=slug,
            skus=found.bundle.skus,
            discount_pct=found.bundle.discount_pct,
            title_de=found.title.de,
            title_en=found.title.en,
        )

    async def _shown(self, conversation_id: str | None, offer: str) -> Event | None:
        if conversation_id is None:
            return None
        async with self._sessions() as db:
            rows = (
                await db.exec(
                    select(Event)
                    .where(Event.conversation_id == conversation_id, Event.type == SHOWN)
                    .order_by(col(Event.id).desc())
                )
            ).all()
        return next((e for e in rows if e.properties.get("bundle") == offer), None)

    def _adapter(self, session: ChatSession) -> ShopAdapter:
        return self._adapters.get(session.shop)

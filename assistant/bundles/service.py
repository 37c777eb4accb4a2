"""Suggestions for a shop's cart: catalog and stock from the shop adapter, curated bundles and
order history from the database, the decision from :mod:`assistant.bundles.ranking`.

Each shop's co-purchase counts live in memory. They are read from the database on first use,
then a background task adds the baskets stored since (by any process: order events, imports)
every ``refresh_s`` seconds and rebuilds from scratch now and then, so the model follows the
orders without a restart. Counting and fitting run in a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from assistant.bundles.curated import ShopBundle, active_bundles
from assistant.bundles.history import load_baskets
from assistant.bundles.metrics import DECLINED, SHOWN
from assistant.bundles.ranking import (
    DEFAULT_MIN_SUPPORT,
    CoPurchases,
    Item,
    Model,
    Request,
    Suggestion,
    fit,
    suggest,
)
from assistant.shop.adapter import Cart, ProductInfo, ShopAdapter
from assistant.shop.pricing import set_price
from assistant.storage.engine import Sessions
from assistant.storage.models import Event

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BundleOffer:
    """A suggestion with the products it is about, ready to be shown."""

    suggestion: Suggestion
    products: tuple[ProductInfo, ...]  # what accepting adds
    because: ProductInfo | None
    bundle: ShopBundle | None = None
    #: For bundles: the whole set at regular price and at the set price.
    regular: Decimal | None = None
    set_price: Decimal | None = None

    @property
    def key(self) -> str:
        return self.suggestion.key


@dataclass(frozen=True, slots=True)
class History:
    """What this conversation already saw and said about suggestions."""

    shown: frozenset[str] = frozenset()
    declined: frozenset[str] = frozenset()
    #: Offers the assistant made on its own after a cart change.
    pushes: int = 0
    offered_in_checkout: bool = False


class _ShopModel:
    def __init__(self) -> None:
        self.counts = CoPurchases()
        self.model: Model | None = None
        self.last_id = 0
        self.lock = asyncio.Lock()


class BundleService:
    def __init__(
        self,
        sessions: Sessions,
        *,
        min_support: int = DEFAULT_MIN_SUPPORT,
        refresh_s: float = 10.0,
        rebuild_every: int = 360,
        db_timeout_s: float = 10.0,
    ) -> None:
        self._sessions = sessions
        self._min_support = min_support
        self._refresh_s = refresh_s
        self._rebuild_every = rebuild_every
        self._timeout = db_timeout_s
        self._shops: dict[str, _ShopModel] = {}

    # -- the mined model ------------------------------------------------------------------

    async def model(self, shop_id: str) -> Model | None:
        state = self._shops.setdefault(shop_id, _ShopModel())
        if state.model is None:
            await self._update(shop_id, state, rebuild=True, only_if_missing=True)
        return state.model

    async def refresh(self, *, rebuild: bool = False) -> int:
        """Take in the baskets stored since the last look (all of them with ``rebuild``), for
        every shop seen so far; returns how many baskets were added."""
        added = 0
        for shop_id, state in list(self._shops.items()):
            added += await self._update(shop_id, state, rebuild=rebuild)
        return added

    async def run(self) -> None:
        """The background task: refresh forever, rebuilding now and then to pick up baskets a
        concurrent transaction committed out of id order."""
        ticks = 0
        while True:
            await asyncio.sleep(self._refresh_s)
            ticks += 1
            try:
                await self.refresh(rebuild=ticks % self._rebuild_every == 0)
            except (SQLAlchemyError, OSError, TimeoutError) as exc:
                log.warning("bundle model refresh failed: %s", type(exc).__name__)

    async def _update(
        self, shop_id: str, state: _ShopModel, *, rebuild: bool, only_if_missing: bool = False
    ) -> int:
        async with state.lock:
            if only_if_missing and state.model is not None:
                return 0  # another caller loaded it while this one waited
            after = 0 if rebuild else state.last_id
            async with asyncio.timeout(self._timeout):
                baskets, last_id = await load_baskets(self._sessions, shop_id, after)
            if not baskets and state.model is not None:
                return 0
            base = CoPurchases() if rebuild else state.counts
            loop = asyncio.get_running_loop()
            counts, model = await loop.run_in_executor(
                None, _count_and_fit, base, baskets, self._min_support
            )
            state.counts, state.model, state.last_id = counts, model, last_id
            log.debug(
                "bundle model updated",
                extra={"shop_id": shop_id, "baskets": counts.baskets, "items": len(model.skus)},
            )
            return len(baskets)

    # -- suggestions ----------------------------------------------------------------------

    async def offers(
        self,
        shop_id: str,
        adapter: ShopAdapter,
        cart: Cart,
        request: Request,
    ) -> list[BundleOffer]:
        """Suggestions for ``cart`` (``request.cart`` is filled in from it)."""
        products = {p.sku: p for p in await adapter.products()}
        catalog = {sku: _item(p) for sku, p in products.items()}
        async with asyncio.timeout(self._timeout):
            bundles = await active_bundles(self._sessions, shop_id)
        by_key = {b.bundle.key: b for b in bundles}
        model = await self.model(shop_id)
        request = replace(request, cart=tuple(line.sku for line in cart.lines))
        found = suggest(request, catalog, model, [b.bundle for b in bundles])
        return [_offer(s, products, catalog, by_key) for s in found]

    async def history(self, conversation_id: str | None) -> History:
        """Derived from the conversation's stored bundle events."""
        if conversation_id is None:
            return History()
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            rows = (
                await db.exec(
                    select(Event.type, Event.properties).where(
                        Event.conversation_id == conversation_id,
                        col(Event.type).in_((SHOWN, DECLINED)),
                    )
                )
            ).all()
        shown: set[str] = set()
        declined: set[str] = set()
        pushes = 0
        in_checkout = False
        for type_, props in rows:
            key = props.get("bundle")
            if not isinstance(key, str):
                continue
            if type_ == SHOWN:
                shown.add(key)
                context = props.get("context")
                pushes += int(context == "cart" and props.get("position") == 0)
                in_checkout = in_checkout or context == "checkout"
            else:
                declined.add(key)
        return History(frozenset(shown), frozenset(declined), pushes, in_checkout)


def _count_and_fit(
    base: CoPurchases, baskets: list[list[str]], min_support: int
) -> tuple[CoPurchases, Model]:
    """In a worker thread: new counts (a copy, so readers of the old ones are undisturbed)."""
    counts = base.copy()
    for basket in baskets:
        counts.add(basket)
    return counts, fit(counts, min_support=min_support)


def _item(p: ProductInfo) -> Item:
    return Item(sku=p.sku, price=p.price, in_stock=p.in_stock, tier=p.tier, family=p.family)


def _offer(
    s: Suggestion,
    products: dict[str, ProductInfo],
    catalog: dict[str, Item],
    bundles: dict[str, ShopBundle],
) -> BundleOffer:
    because = products.get(s.because) if s.because else None
    added = tuple(products[sku] for sku in s.skus)
    if s.bundle is None:
        return BundleOffer(s, added, because)
    regular = s.bundle.regular(catalog)
    price = set_price(regular, s.bundle.discount_pct)  # what the cart charges once accepted
    return BundleOffer(s, added, because, bundles.get(s.bundle.key), regular, price)

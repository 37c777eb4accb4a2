"""What to suggest next to a cart: pure logic on plain data, no I/O.

Mined pairs. :class:`CoPurchases` counts baskets, items and item pairs; the counts are the whole
state, so a new order is one :meth:`CoPurchases.add` and support, confidence and lift of any
pair follow from them. :func:`fit` turns the counts into item-to-item weights by closed-form
ridge regression on the co-occurrence (Gram) matrix (Steck's EASE, 2019): each item is
predicted from the others, so "bought with everything" best-sellers stop dominating and the
weights still come from nothing but the pair counts. Fitting is one matrix inverse over the
items that reach the minimum support; scoring a cart sums a few rows.

Curated bundles come first when they fit the cart, then up-sell (a better variant of a cart item
from the same family), then cross-sell by mined weights. A shopper who hesitates about the price
gets down-sells instead (a cheaper variant). Nothing already in the cart, out of stock or
declined in this conversation is ever suggested.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from itertools import combinations

import numpy as np

#: A model item must be in at least this many baskets; a pair needs as many to be a reason.
DEFAULT_MIN_SUPPORT = 2
#: Ridge strength relative to the mean item count (tuned on the Groceries baskets, bench/).
DEFAULT_SHRINK = 1.5
#: An up-sell may cost at most this multiple of the cart item it would replace.
MAX_UPSELL_RATIO = Decimal("2.5")

_Eligible = Callable[[str], bool]


class Kind(StrEnum):
    BUNDLE = "bundle"
    CROSS_SELL = "cross_sell"
    UP_SELL = "up_sell"
    DOWN_SELL = "down_sell"


class Strategy(StrEnum):
    """How mined pairs are ranked; two strategies so a shop can A/B test them."""

    #: Item-to-item ridge weights from the pair counts (the default).
    MODEL = "model"
    #: Plain association rules: the highest confidence P(item | a cart item).
    PAIRS = "pairs"


@dataclass(frozen=True, slots=True)
class Item:
    """A catalog product as the ranking sees it."""

    sku: str
    price: Decimal
    in_stock: bool = True
    tier: int = 2
    family: str | None = None


@dataclass(frozen=True, slots=True)
class CuratedBundle:
    """A set the shop puts together, optionally cheaper as a set; the first SKU is the lead
    product the set is built around."""

    key: str
    skus: tuple[str, ...]
    discount_pct: Decimal = Decimal("0")

    def regular(self, catalog: Mapping[str, Item]) -> Decimal:
        """The whole set at regular prices (the set price is the shop's arithmetic:
        :func:`assistant.shop.pricing.set_price`)."""
        return sum((catalog[s].price for s in self.skus if s in catalog), Decimal("0"))


@dataclass(frozen=True, slots=True)
class PairStats:
    count: int
    support: float
    confidence: float
    lift: float


class CoPurchases:
    """Counts of baskets, items and unordered item pairs; updated one basket at a time."""

    def __init__(self) -> None:
        self.baskets = 0
        self.items: Counter[str] = Counter()
        self._pairs: dict[str, Counter[str]] = {}

    def add(self, skus: Iterable[str]) -> None:
        unique = sorted(set(skus))
        if not unique:
            return
        self.baskets += 1
        self.items.update(unique)
        for a, b in combinations(unique, 2):
            self._pairs.setdefault(a, Counter())[b] += 1
            self._pairs.setdefault(b, Counter())[a] += 1

    def copy(self) -> CoPurchases:
        """A snapshot to fit from while this one keeps counting."""
        twin = CoPurchases()
        twin.baskets = self.baskets
        twin.items = Counter(self.items)
        twin._pairs = {sku: Counter(partners) for sku, partners in self._pairs.items()}
        return twin

    def together(self, a: str, b: str) -> int:
        return self._pairs.get(a, Counter()).get(b, 0)

    def partners(self, sku: str) -> Mapping[str, int]:
        return self._pairs.get(sku, Counter())

    def pair(self, a: str, b: str) -> PairStats:
        """Support of {a, b}, confidence of a -> b and lift."""
        both = self.together(a, b)
        if not self.baskets or not both:
            return PairStats(both, 0.0, 0.0, 0.0)
        support = both / self.baskets
        confidence = both / self.items[a]
        lift = confidence / (self.items[b] / self.baskets)
        return PairStats(both, support, confidence, lift)

    def top_pairs(self, min_support: int, limit: int) -> list[tuple[str, str, PairStats]]:
        """The strongest rules a -> b by lift, then count (for operators to look at)."""
        rules = [
            (a, b, self.pair(a, b))
            for a, partners in self._pairs.items()
            for b, count in partners.items()
            if count >= min_support
        ]
        rules.sort(key=lambda r: (-r[2].lift, -r[2].count, r[0], r[1]))
        return rules[:limit]


@dataclass(frozen=True, slots=True)
class Model:
    """Item-to-item weights over the items with enough support."""

    skus: tuple[str, ...]
    index: Mapping[str, int]
    weights: np.ndarray  # (n, n): weights[i, j] = how much having i speaks for j
    confidence: np.ndarray  # (n, n): P(j | i), for the "pairs" strategy
    popularity: np.ndarray  # (n,): baskets per item
    counts: CoPurchases
    min_support: int

    def scores(self, cart: Iterable[str], strategy: Strategy = Strategy.MODEL) -> np.ndarray:
        rows = [self.index[s] for s in cart if s in self.index]
        if not rows:
            return np.zeros(len(self.skus))
        if strategy is Strategy.PAIRS:
            # Ties (often 0) go to the more popular item, as association-rule tools do.
            best: np.ndarray = self.confidence[rows].max(axis=0)
            return best + 1e-9 * self.popularity
        total: np.ndarray = self.weights[rows].sum(axis=0)
        return total


def fit(
    counts: CoPurchases,
    *,
    min_support: int = DEFAULT_MIN_SUPPORT,
    shrink: float = DEFAULT_SHRINK,
) -> Model:
    """Weights from the counts: B = I - P / diag(P) with P = (G + lambda I)^-1 (zero diagonal),
    where G holds item counts on the diagonal and pair counts elsewhere."""
    skus = tuple(sorted(s for s, c in counts.items.items() if c >= max(1, min_support)))
    index = {s: i for i, s in enumerate(skus)}
    n = len(skus)
    gram = np.zeros((n, n))
    for sku, i in index.items():
        gram[i, i] = counts.items[sku]
        for other, together in counts.partners(sku).items():
            j = index.get(other)
            if j is not None:
                gram[i, j] = together
    diag = np.diag(gram).copy()
    if n == 0:
        return Model(skus, index, gram, gram.copy(), diag, counts, min_support)
    lam = shrink * float(diag.mean())
    precision = np.linalg.inv(gram + lam * np.eye(n))
    weights = -precision / np.diag(precision)[None, :]
    np.fill_diagonal(weights, 0.0)
    confidence = gram / diag[:, None]
    np.fill_diagonal(confidence, 0.0)
    return Model(skus, index, weights, confidence, diag, counts, min_support)


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: Kind
    #: Stable id of the offer: ``bundle:<key>`` or ``product:<sku>``.
    key: str
    #: What accepting adds to the cart.
    skus: tuple[str, ...]
    score: float
    #: The cart item this suggestion is about (the reason's subject).
    because: str | None = None
    #: For up- and down-sells: the cart item the new one would replace.
    replaces: str | None = None
    pair: PairStats | None = None
    bundle: CuratedBundle | None = None


@dataclass(frozen=True, slots=True)
class Request:
    #: SKUs in the cart, oldest first (the last one is what the shopper just added).
    cart: tuple[str, ...]
    #: Offer keys (``product:SKU``, ``bundle:KEY``) the shopper declined in this conversation.
    declined: frozenset[str] = frozenset()
    limit: int = 3
    #: The shopper hesitates about the price: offer cheaper variants instead.
    hesitant: bool = False
    strategy: Strategy = Strategy.MODEL
    #: Offer curated bundles even when none of their items is in the cart (asked, empty cart).
    unanchored_bundles: bool = False
    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(Kind))


def product_key(sku: str) -> str:
    return f"product:{sku}"


def bundle_key(key: str) -> str:
    return f"bundle:{key}"


def declined_skus(declined: Collection[str]) -> frozenset[str]:
    return frozenset(k.split(":", 1)[1] for k in declined if k.startswith("product:"))


def suggest(
    request: Request,
    catalog: Mapping[str, Item],
    model: Model | None,
    bundles: Sequence[CuratedBundle] = (),
) -> list[Suggestion]:
    """Up to ``request.limit`` suggestions, best first."""
    if request.limit <= 0:
        return []
    in_cart = frozenset(request.cart)
    blocked = declined_skus(request.declined)

    def eligible(sku: str) -> bool:
        item = catalog.get(sku)
        return item is not None and item.in_stock and sku not in in_cart and sku not in blocked

    out: list[Suggestion] = []
    if request.hesitant:
        if Kind.DOWN_SELL in request.kinds:
            out.extend(_variants(request, catalog, eligible, cheaper=True))
        return _dedupe(out)[: request.limit]
    if Kind.BUNDLE in request.kinds:
        out.extend(_bundles(request, catalog, bundles, eligible)[:1])
    if Kind.UP_SELL in request.kinds:
        out.extend(_variants(request, catalog, eligible, cheaper=False)[:1])
    if Kind.CROSS_SELL in request.kinds and model is not None:
        taken = {s for sug in out for s in sug.skus}
        want = request.limit - len(out)
        out.extend(_cross_sells(request, catalog, model, eligible, taken, want))
    return _dedupe(out)[: request.limit]


def _dedupe(suggestions: list[Suggestion]) -> list[Suggestion]:
    seen: set[str] = set()
    out = []
    for s in suggestions:
        if s.key not in seen:
            seen.add(s.key)
            out.append(s)
    return out


def _bundles(
    request: Request,
    catalog: Mapping[str, Item],
    bundles: Sequence[CuratedBundle],
    eligible: _Eligible,
) -> list[Suggestion]:
    in_cart = set(request.cart)
    found = []
    for bundle in bundles:
        key = bundle_key(bundle.key)
        if key in request.declined or any(s not in catalog for s in bundle.skus):
            continue
        have = [s for s in bundle.skus if s in in_cart]
        missing = tuple(s for s in bundle.skus if s not in in_cart)
        if not missing or not all(eligible(s) for s in missing):
            continue
        # A set fits when its lead product (listed first) or two of its items are in the cart.
        fits = bundle.skus[0] in in_cart or len(have) >= 2
        if not fits and not request.unanchored_bundles:
            continue
        # Closer to complete and the more recent the anchor, the better; the discount helps.
        recency = max((request.cart.index(s) + 1 for s in have), default=0) / (
            len(request.cart) or 1
        )
        score = len(have) / len(bundle.skus) + 0.1 * recency + float(bundle.discount_pct) / 1000
        anchor = max(have, key=request.cart.index) if have else None
        found.append(Suggestion(Kind.BUNDLE, key, missing, score, because=anchor, bundle=bundle))
    found.sort(key=lambda s: (-s.score, s.key))
    return found


def _variants(
    request: Request, catalog: Mapping[str, Item], eligible: _Eligible, *, cheaper: bool
) -> list[Suggestion]:
    """The next tier up (or down) in the family of each cart item, most recent item first."""
    kind = Kind.DOWN_SELL if cheaper else Kind.UP_SELL
    families: dict[str, list[Item]] = {}
    for item in catalog.values():
        if item.family:
            families.setdefault(item.family, []).append(item)
    out = []
    for rank, sku in enumerate(reversed(request.cart)):
        base = catalog.get(sku)
        if base is None or not base.family:
            continue
        options = [
            other
            for other in families[base.family]
            if eligible(other.sku)
            and (other.tier < base.tier if cheaper else other.tier > base.tier)
            and (other.price < base.price if cheaper else other.price > base.price)
            and (cheaper or other.price <= base.price * MAX_UPSELL_RATIO)
        ]
        if not options:
            continue
        # The nearest tier: the smallest step up or down.
        best = min(options, key=lambda o: (abs(o.tier - base.tier), abs(o.price - base.price)))
        out.append(
            Suggestion(
                kind,
                product_key(best.sku),
                (best.sku,),
                score=1.0 / (rank + 1),
                because=sku,
                replaces=sku,
            )
        )
    return out


def _cross_sells(
    request: Request,
    catalog: Mapping[str, Item],
    model: Model,
    eligible: _Eligible,
    taken: set[str],
    want: int,
) -> list[Suggestion]:
    if want <= 0:
        return []
    scores = model.scores(request.cart, request.strategy)
    if not scores.size:
        return []
    cart_families = {catalog[s].family for s in request.cart if s in catalog} - {None}
    order = np.argsort(-scores, kind="stable")
    out: list[Suggestion] = []
    for j in order:
        sku = model.skus[j]
        if sku in taken or product_key(sku) in request.declined or not eligible(sku):
            continue
        if catalog[sku].family in cart_families:
            continue  # an alternative to something in the cart, not a companion
        because, stats = _strongest_reason(model, request.cart, sku)
        if because is None or stats is None:
            continue
        out.append(
            Suggestion(
                Kind.CROSS_SELL,
                product_key(sku),
                (sku,),
                score=float(scores[j]),
                because=because,
                pair=stats,
            )
        )
        if len(out) >= want:
            break
    return out


def _strongest_reason(
    model: Model, cart: Sequence[str], sku: str
) -> tuple[str | None, PairStats | None]:
    """The cart item most often bought with ``sku`` (by confidence), if the pair has support."""
    best: tuple[str | None, PairStats | None] = (None, None)
    for anchor in cart:
        stats = model.counts.pair(anchor, sku)
        if stats.count < model.min_support:
            continue
        if best[1] is None or stats.confidence > best[1].confidence:
            best = (anchor, stats)
    return best

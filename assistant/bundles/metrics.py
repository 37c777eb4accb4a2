"""How often suggestions are taken, per offer and per A/B variant, with the statistics to tell
a real difference from noise. Pure: counts in, rates out.

- Attach rate of an offer: conversations that accepted it / conversations that were shown it.
- Attach (upsell) rate overall: conversations with an accepted offer / conversations shown one.
- Per variant: attach rate over customers shown an offer, conversion rate over all customers
  assigned to the variant (an order event counts as converted).
- Intervals are Wilson score intervals; a difference between two variants is tested with the
  pooled two-proportion z-test (two-sided) and given with a Wald interval.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.bundles.orders import ORDER_EVENTS
from assistant.lifecycle.experiments import EXPERIMENTS, assign

#: Event types of the suggestion funnel; ``properties.bundle`` is the offer id.
SHOWN, CLICKED, ACCEPTED, DECLINED = (
    "bundle_shown",
    "bundle_clicked",
    "bundle_accepted",
    "bundle_declined",
)
Z_95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class Rate:
    successes: int
    trials: int

    @property
    def value(self) -> float | None:
        return self.successes / self.trials if self.trials else None

    def interval(self, z: float = Z_95) -> tuple[float, float] | None:
        return wilson(self.successes, self.trials, z)

    def as_dict(self) -> dict[str, Any]:
        low_high = self.interval()
        return {
            "successes": self.successes,
            "trials": self.trials,
            "rate": self.value,
            "ci95": list(low_high) if low_high else None,
        }


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion (good at small counts and near 0 or 1)."""
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class Comparison:
    """B against A: difference of rates (B - A), its 95% interval, z and two-sided p."""

    difference: float
    interval: tuple[float, float]
    z: float
    p_value: float
    significant: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "difference": self.difference,
            "ci95": list(self.interval),
            "z": self.z,
            "p_value": self.p_value,
            "significant": self.significant,
        }


def compare(a: Rate, b: Rate, alpha: float = 0.05) -> Comparison | None:
    """Two-proportion z-test; ``None`` when a side has no trials or nothing varies."""
    if not a.trials or not b.trials:
        return None
    pa, pb = a.successes / a.trials, b.successes / b.trials
    pooled = (a.successes + b.successes) / (a.trials + b.trials)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials))
    if se_pooled == 0:
        return None
    z = (pb - pa) / se_pooled
    p_value = math.erfc(abs(z) / math.sqrt(2))
    se = math.sqrt(pa * (1 - pa) / a.trials + pb * (1 - pb) / b.trials)
    diff = pb - pa
    return Comparison(diff, (diff - Z_95 * se, diff + Z_95 * se), z, p_value, p_value < alpha)


@dataclass(frozen=True, slots=True)
class EventRow:
    type: str
    customer_id: str | None
    conversation_id: str | None
    properties: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class OfferFunnel:
    offer: str
    shown: int  # conversations shown the offer
    clicked: int
    accepted: int
    declined: int

    @property
    def attach(self) -> Rate:
        return Rate(self.accepted, self.shown)


def funnels(rows: Iterable[EventRow]) -> tuple[list[OfferFunnel], Rate]:
    """Per offer (most shown first) and overall, counting each conversation once."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    overall: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        offer = row.properties.get("bundle")
        if row.type not in (SHOWN, CLICKED, ACCEPTED, DECLINED) or not isinstance(offer, str):
            continue
        who = row.conversation_id or row.customer_id
        if who is None:
            continue
        seen[offer][row.type].add(who)
        overall[row.type].add(who)
    out = [
        OfferFunnel(
            offer,
            len(by_type[SHOWN]),
            len(by_type[CLICKED] & by_type[SHOWN]),
            len(by_type[ACCEPTED] & by_type[SHOWN]),
            len(by_type[DECLINED] & by_type[SHOWN]),
        )
        for offer, by_type in seen.items()
    ]
    out.sort(key=lambda f: (-f.shown, f.offer))
    return out, Rate(len(overall[ACCEPTED] & overall[SHOWN]), len(overall[SHOWN]))


@dataclass(frozen=True, slots=True)
class VariantStats:
    variant: str
    customers: int
    attach: Rate  # customers who accepted an offer / customers shown one
    conversion: Rate  # customers with an order / customers in the variant


def variants(
    experiment: str,
    visitors: Iterable[tuple[str, str]],
    rows: Iterable[EventRow],
) -> list[VariantStats]:
    """``visitors``: (visitor id, customer id), earliest first; a customer belongs to the
    variant of their first visitor id, as the widget assigned it."""
    variant_of: dict[str, str] = {}
    for visitor_id, customer_id in visitors:
        variant_of.setdefault(customer_id, assign(experiment, visitor_id))
    shown: set[str] = set()
    accepted: set[str] = set()
    ordered: set[str] = set()
    for row in rows:
        if row.customer_id is None:
            continue
        if row.type == SHOWN:
            shown.add(row.customer_id)
        elif row.type == ACCEPTED:
            accepted.add(row.customer_id)
        elif row.type in ORDER_EVENTS:
            ordered.add(row.customer_id)
    out = []
    for name in EXPERIMENTS[experiment]:
        members = {c for c, v in variant_of.items() if v == name}
        out.append(
            VariantStats(
                name,
                len(members),
                Rate(len(members & shown & accepted), len(members & shown)),
                Rate(len(members & ordered), len(members)),
            )
        )
    return out

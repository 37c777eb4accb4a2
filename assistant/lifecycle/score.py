"""The engagement score: how likely a customer is to act again, 0..100, from three parts
kept apart so that no single busy visit can fill the scale.

- **Recency** ``R = 2^(−d / h)``: ``d`` days since the latest weighted event, ``h`` the
  half-life. Recent customers score higher; it is the only part that says "still here".
- **Frequency** ``F = 1 − e^(−orders / order_scale)``: how many orders were placed, ever;
  one order is a third of the way, a loyal buyer approaches 1.
- **Engagement** ``E = 1 − e^(−S(t) / scale)``: the exponentially decayed, weighted sum of
  events ``S(t) = Σ w_i · 2^(−(t − t_i) / h)``, kept as a pair (sum, time of that sum), so
  adding an event is O(1) and decay is applied when the score is read (no nightly job).

    score(t) = 100 · (0.35 · R + 0.35 · F + 0.30 · E)

Each part saturates on its own, so a score above 95 needs all three at once: active today,
many orders and a busy recent history. One visit with a chat checkout scored 99.9 with the
sum alone; it now scores about 74, and an abandoned checkout about 60 (see docs/lifecycle.md
and ``bench/lifecycle.py`` for the spread and the AUC on the demo history).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.lifecycle.settings import LifecycleSettings

DAY_S = 86_400.0
#: The weights of recency, frequency and engagement in the score (they sum to 1).
MIX_RECENCY, MIX_FREQUENCY, MIX_ENGAGEMENT = 0.35, 0.35, 0.30


@dataclass(frozen=True, slots=True)
class Engagement:
    total: float = 0.0
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ScoreParts:
    """The three parts of the score, each 0..1."""

    recency: float
    frequency: float
    engagement: float

    @property
    def score(self) -> float:
        return 100.0 * (
            MIX_RECENCY * self.recency
            + MIX_FREQUENCY * self.frequency
            + MIX_ENGAGEMENT * self.engagement
        )


def decayed(total: float, since: datetime | None, now: datetime, half_life_days: float) -> float:
    """The sum ``total`` (valid at ``since``) as it stands at ``now``."""
    if since is None or total == 0.0:
        return total
    elapsed = (now - since).total_seconds() / DAY_S
    return total * math.pow(2.0, -elapsed / half_life_days)


def add(state: Engagement, weight: float, at: datetime, half_life_days: float) -> Engagement:
    """One more event of ``weight`` at ``at``. An event older than the sum's time is decayed
    back to it instead, so the result does not depend on the order events arrive in."""
    if weight == 0.0:
        return state
    if state.at is None:
        return Engagement(weight, at)
    if at >= state.at:
        return Engagement(decayed(state.total, state.at, at, half_life_days) + weight, at)
    return Engagement(state.total + decayed(weight, at, state.at, half_life_days), state.at)


def to_score(total: float, scale: float) -> float:
    """Map a decayed sum onto 0..100: monotone, 0 for nothing, approaching 100. The
    engagement part of the score (``E`` in the module's doc, times 100)."""
    if total <= 0.0:
        return 0.0
    return 100.0 * (1.0 - math.exp(-total / scale))


def recency(at: datetime | None, now: datetime, half_life_days: float) -> float:
    """1 for an event now, halving every ``half_life_days``; 0 for no event at all."""
    if at is None:
        return 0.0
    elapsed = max(0.0, (now - at).total_seconds() / DAY_S)
    return math.pow(2.0, -elapsed / half_life_days)


def frequency(orders: int, order_scale: float) -> float:
    return 1.0 - math.exp(-max(orders, 0) / order_scale)


def parts_at(
    state: Engagement, orders: int, now: datetime, settings: LifecycleSettings
) -> ScoreParts:
    total = decayed(state.total, state.at, now, settings.half_life_days)
    return ScoreParts(
        recency=recency(state.at if state.total > 0 else None, now, settings.half_life_days),
        frequency=frequency(orders, settings.order_scale),
        engagement=to_score(total, settings.score_scale) / 100.0,
    )


def score_at(state: Engagement, orders: int, now: datetime, settings: LifecycleSettings) -> float:
    """The score as of ``now`` of a customer with the stored pair ``state`` and ``orders``."""
    return parts_at(state, orders, now, settings).score

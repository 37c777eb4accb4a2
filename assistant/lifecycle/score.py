"""The engagement score: an exponentially decayed, weighted sum of events, kept as a pair
(sum, time of that sum). Adding an event is O(1), and decay is applied when the score is
read, so no job has to walk through the customers at night.

    S(t) = Σ w_i · 2^(−(t − t_i) / h)        score(t) = 100 · (1 − e^(−S(t) / scale))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

DAY_S = 86_400.0


@dataclass(frozen=True, slots=True)
class Engagement:
    total: float = 0.0
    at: datetime | None = None


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
    """Map a decayed sum onto 0..100: monotone, 0 for nothing, approaching 100."""
    if total <= 0.0:
        return 0.0
    return 100.0 * (1.0 - math.exp(-total / scale))


def score_at(state: Engagement, now: datetime, half_life_days: float, scale: float) -> float:
    return to_score(decayed(state.total, state.at, now, half_life_days), scale)

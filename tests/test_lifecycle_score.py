"""The engagement score spreads customers over its range: one busy visit no longer fills it,
recency, frequency and engagement are separate parts, and on the simulated demo history few
active customers score above 95 while the score predicts the next order better than recency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.demo.scoring import auc, score_quality
from assistant.lifecycle.score import Engagement, add, score_at, to_score
from assistant.lifecycle.settings import DEFAULT_SETTINGS
from assistant.storage.engine import create_engine, session_factory
from assistant.storage.migrate import upgrade
from tests.clock import T0

S = DEFAULT_SETTINGS


def _visit(state: Engagement, at: datetime, kinds: dict[str, int]) -> Engagement:
    """``kinds``: event type -> how many, one minute apart from ``at``, weighted as stored."""
    t = at
    for kind, n in kinds.items():
        for _ in range(n):
            state = add(state, S.weight(kind), t, S.half_life_days)
            t += timedelta(minutes=1)
    return state


CHAT_CHECKOUT = {
    "page_view": 3,
    "message_sent": 8,
    "product_search": 1,
    "product_added": 1,
    "cart_updated": 1,
    "checkout_step": 14,
    "identify": 1,
    "order": 1,
}
ABANDONED = {"page_view": 2, "message_sent": 4, "cart_updated": 1, "checkout_step": 8}


def test_one_busy_visit_no_longer_fills_the_scale() -> None:
    bought = _visit(Engagement(), T0, CHAT_CHECKOUT)
    left = _visit(Engagement(), T0, ABANDONED)
    now = T0 + timedelta(minutes=40)
    # The decayed sum alone put both at the top (the score before it had parts).
    assert to_score(bought.total, S.score_scale) > 98 and to_score(left.total, 20) > 80
    one_order = score_at(bought, 1, now, S)
    abandoned = score_at(left, 0, now, S)
    assert 65 < one_order < 80 and 50 < abandoned < 65 and abandoned + 10 < one_order


def test_loyal_recent_buyers_score_highest_and_fade_when_quiet() -> None:
    loyal = Engagement()
    for month in range(8):
        loyal = _visit(loyal, T0 + timedelta(days=30 * month), CHAT_CHECKOUT)
    today = T0 + timedelta(days=210, hours=1)
    once = _visit(Engagement(), T0 + timedelta(days=210), CHAT_CHECKOUT)
    assert score_at(loyal, 8, today, S) > 95 > score_at(once, 1, today, S)
    # Recency is its own part: the same loyal customer two months later drops below 50.
    assert score_at(loyal, 8, today + timedelta(days=60), S) < 50
    # Frequency is its own part: a buyer's orders keep some score when the visits fade.
    assert score_at(loyal, 8, today + timedelta(days=365), S) > 30


@given(
    orders=st.integers(0, 50),
    gaps=st.lists(st.floats(0, 100), min_size=1, max_size=20),
    extra=st.floats(0.1, 20),
    later=st.floats(0, 400),
)
def test_more_engagement_or_orders_never_lower_the_score(
    orders: int, gaps: list[float], extra: float, later: float
) -> None:
    state, t = Engagement(), T0
    for gap in gaps:
        t += timedelta(days=gap)
        state = add(state, 3.0, t, S.half_life_days)
    now = t + timedelta(days=later)
    base = score_at(state, orders, now, S)
    assert 0.0 <= base <= 100.0
    assert score_at(state, orders + 1, now, S) >= base
    assert score_at(add(state, extra, t, S.half_life_days), orders, now, S) >= base
    assert score_at(state, orders, now + timedelta(days=1), S) <= base


def test_auc_counts_ties_half() -> None:
    assert auc([3, 2, 1], [True, False, False]) == 1.0
    assert auc([1, 2, 3], [True, False, False]) == 0.0
    assert auc([1, 1, 1, 1], [True, False, True, False]) == 0.5


async def test_the_demo_history_is_spread_and_the_score_beats_recency(tmp_path: object) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/score.db")
    await upgrade(engine)
    try:
        q = await score_quality(
            session_factory(engine), customers=600, end=datetime(2026, 1, 1, tzinfo=UTC)
        )
    finally:
        await engine.dispose()
    assert q.active > 100 and q.positives > 10
    assert q.score_share_above_95 <= 0.10
    # Spread: the middle half of active customers spans more than 20 points.
    assert q.percentile(75) - q.percentile(25) > 20
    assert q.score_auc > q.recency_auc + 0.03
    assert q.score_auc == pytest.approx(q.score_auc)  # a number, not NaN

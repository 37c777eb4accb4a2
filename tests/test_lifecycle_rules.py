"""The pure lifecycle: the rule table, time rules, the engagement score, settings and the
parsers of the lifecycle frames and webhooks."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.errors import AssistantError
from assistant.lifecycle.rules import (
    Facts,
    LifecycleEvent,
    OrderEffect,
    advance,
    due_changes,
    next_due,
    order_effect,
    rules_for,
)
from assistant.lifecycle.score import Engagement, add, decayed, score_at, to_score
from assistant.lifecycle.settings import DEFAULT_SETTINGS, BadSettings, parse_settings
from assistant.lifecycle.stages import Stage, describe
from assistant.lifecycle.tracking import parse_identify, parse_survey, parse_track
from assistant.lifecycle.webhooks import parse_webhook
from tests.clock import T0

S = parse_settings(None)


def _run(events: list[tuple[str, float, dict[str, Any], OrderEffect]]) -> tuple[Facts, list[Any]]:
    facts, out = Facts(), []
    for i, (kind, day, props, effect) in enumerate(events, start=1):
        event = LifecycleEvent(kind, T0 + timedelta(days=day), props, i, effect)
        facts, changes = advance(facts, event, S)
        out += [(c.from_stage, c.to_stage, c.reason, c.event_id) for c in changes]
    return facts, out


NEW = OrderEffect.NEW
NONE = OrderEffect.NONE


def test_a_customer_journey_through_every_stage() -> None:
    facts, changes = _run(
        [
            ("page_view", 0, {"url": "/"}, NONE),
            ("message_sent", 0, {}, NONE),
            ("order_created", 1, {"order_id": "1"}, NEW),
            ("order_paid", 1, {"order_id": "1"}, OrderEffect.UPDATE),
            ("order_created", 30, {"order_id": "2"}, NEW),
            ("track", 31, {"name": "referral"}, NONE),
            ("page_view", 200, {}, NONE),  # 90 days after the last order: at risk, then lapsed
            ("order_created", 230, {"order_id": "3"}, NEW),
        ]
    )
    A, E, C, R, ADV, RISK, LAP = list(Stage)
    assert changes == [
        (None, A, "first_contact", 1),
        (A, E, "engaged", 2),
        (E, C, "first_order", 3),
        (C, R, "repeat_order", 5),
        (R, ADV, "referral", 6),
        (ADV, RISK, "no_order", 5),  # caused by the last order's age
        (RISK, LAP, "no_order", 5),
        (LAP, R, "won_back", 8),
    ]
    assert facts.stage is R and facts.orders == 3


def test_time_rules_are_dated_when_due_not_when_noticed() -> None:
    facts = Facts(stage=Stage.RETENTION, orders=2, last_order_at=T0, last_order_event_id=7)
    assert next_due(facts, S) == T0 + timedelta(days=90)
    later, changes = due_changes(facts, T0 + timedelta(days=500), S)
    assert [(c.to_stage, c.at) for c in changes] == [
        (Stage.AT_RISK, T0 + timedelta(days=90)),
        (Stage.LAPSED, T0 + timedelta(days=180)),
    ]
    assert next_due(later, S) is None
    assert due_changes(facts, T0 + timedelta(days=89), S)[1] == []


def test_reversed_orders_and_ratings() -> None:
    assert order_effect("order_created", None) is NEW
    assert order_effect("order_paid", "placed") is OrderEffect.UPDATE
    assert order_effect("order_refunded", "paid") is OrderEffect.REVERSE
    assert order_effect("order_refunded", "refunded") is NONE
    assert order_effect("order_cancelled", None) is NONE
    _, changes = _run(
        [
            ("order_created", 0, {}, NEW),
            ("order_cancelled", 1, {}, OrderEffect.REVERSE),
            ("order_created", 2, {}, NEW),
            ("review_posted", 3, {"rating": 3}, NONE),
            ("survey_answered", 4, {"kind": "nps", "score": 10}, NONE),
        ]
    )
    assert [c[2] for c in changes] == ["first_order", "order_reversed", "first_order", "promoter"]


def test_a_shop_can_bring_its_own_rule_table() -> None:
    settings = parse_settings(
        {
            "lifecycle": {
                "at_risk_days": 30,
                "rules": [
                    {"on": "first_order", "from": ["new", "awareness"], "to": "conversion"},
                    {"on": "any", "from": ["new"], "to": "awareness", "reason": "hello"},
                ],
            }
        }
    )
    rules = rules_for(settings)
    _, changes = advance(Facts(), LifecycleEvent("message_sent", T0), settings, rules)
    assert [(c.to_stage, c.reason) for c in changes] == [(Stage.AWARENESS, "hello")]
    assert settings.at_risk_days == 30
    for bad in ({"at_risk_days": -1}, {"rules": [{"on": "nope", "from": [], "to": "x"}]}, []):
        with pytest.raises(BadSettings):
            rules_for(parse_settings({"lifecycle": bad or {"weights": 3}}))


def test_score_decays_by_half_per_half_life_and_is_order_independent() -> None:
    one = add(Engagement(), 10.0, T0, 14)
    assert decayed(one.total, one.at, T0 + timedelta(days=14), 14) == pytest.approx(5.0)
    a = add(add(Engagement(), 4.0, T0, 14), 6.0, T0 + timedelta(days=7), 14)
    b = add(add(Engagement(), 6.0, T0 + timedelta(days=7), 14), 4.0, T0, 14)
    now = T0 + timedelta(days=30)
    assert score_at(a, 0, now, DEFAULT_SETTINGS) == pytest.approx(
        score_at(b, 0, now, DEFAULT_SETTINGS)
    )
    assert to_score(0, 20) == 0 and to_score(20, 20) == pytest.approx(100 * (1 - 1 / 2.718281828))
    assert 0 <= to_score(1e9, 20) <= 100


def test_reasons_are_sentences_in_both_languages() -> None:
    assert describe("no_order", {"days": 90}, "de") == "90 Tage ohne Bestellung"
    assert describe("no_order", {"days": 90}, "en") == "90 days without an order"
    assert describe("shop_rule", {}, "en") == "shop_rule"


LEAF = st.none() | st.booleans() | st.integers(-5, 20) | st.text(max_size=12) | st.just("12.90")
CUSTOMER = st.fixed_dictionaries({}, optional={"id": LEAF, "email": LEAF | st.just("a@b.de")})
ITEM = st.fixed_dictionaries({}, optional={"sku": LEAF, "qty": LEAF, "price": LEAF})
DATA = st.fixed_dictionaries(
    {},
    optional={
        "customer": CUSTOMER | LEAF,
        "order_id": LEAF,
        "total": LEAF,
        "currency": LEAF | st.just("EUR"),
        "items": st.lists(ITEM | LEAF, max_size=3) | LEAF,
        "rating": LEAF,
        "kind": LEAF | st.sampled_from(["nps", "csat"]),
        "score": LEAF,
        "email_consent": LEAF,
    },
)
HOOK = st.fixed_dictionaries(
    {},
    optional={
        "id": LEAF | st.just("evt-1"),
        "type": LEAF | st.sampled_from(["order_created", "review_posted", "survey_answered"]),
        "data": DATA | LEAF,
        "occurred_at": LEAF | st.just("2026-01-01T10:00:00Z"),
    },
)


@given(HOOK)
def test_webhook_parser_raises_nothing_but_assistant_errors(data: dict[str, Any]) -> None:
    with contextlib.suppress(AssistantError):
        parse_webhook(data)


FRAME = st.fixed_dictionaries(
    {},
    optional={
        k: LEAF | st.just("a" * 64)
        for k in ("name", "props", "id", "hash", "email", "consent", "kind", "score")
    },
)


@given(FRAME)
def test_frame_parsers_raise_nothing_but_assistant_errors(data: dict[str, Any]) -> None:
    for parse in (parse_track, parse_identify, parse_survey):
        with contextlib.suppress(AssistantError):
            parse(data)

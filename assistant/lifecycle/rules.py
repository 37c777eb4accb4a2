"""The lifecycle rules: plain data in (what we know about a customer, one event), decisions
out (the new facts and the stage changes, each with its reason and cause). No I/O, so the
same code runs live in ``store_events`` and when replaying stored events from scratch.

The table reads top to bottom; the first row whose signal the event gives and whose
``from`` contains the current stage wins (``new``: a customer with no event yet).
Time rules (at-risk, lapsed) are checked before each event, at the event's time, and by the
sweeper; each change is dated when it fell due, so when it is noticed does not matter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from assistant.lifecycle.settings import BadSettings, LifecycleSettings, stage_of
from assistant.lifecycle.stages import Stage


class Signal(StrEnum):
    """What an event means for the lifecycle (one event can mean several things)."""

    ANY = "any"
    ENGAGING = "engaging"
    ORDER = "order"
    FIRST_ORDER = "first_order"
    REPEAT_ORDER = "repeat_order"
    ORDER_LOST = "order_lost"
    REFERRAL = "referral"
    POSITIVE_REVIEW = "positive_review"
    PROMOTER = "promoter"


class OrderEffect(StrEnum):
    NONE = "none"
    NEW = "new"  # an order id not seen before
    UPDATE = "update"  # e.g. "paid" for a known order
    REVERSE = "reverse"  # cancelled or refunded, and it counted before


ORDER_EVENTS = frozenset({"order_placed", "order_created", "order_paid"})
REVERSAL_EVENTS = frozenset({"order_cancelled", "order_refunded"})
REVERSED = frozenset({"cancelled", "refunded"})
#: A review the shop reports (``review_posted``) or one given to us (``review``, chat/e-mail).
REVIEW_EVENTS = frozenset({"review_posted", "review"})


def order_effect(event_type: str, known_status: str | None) -> OrderEffect:
    """``known_status``: the stored status of the event's order id, ``None`` if unknown."""
    if event_type in ORDER_EVENTS:
        if known_status is None:
            return OrderEffect.NEW
        return OrderEffect.UPDATE
    if event_type in REVERSAL_EVENTS and known_status is not None:
        return OrderEffect.NONE if known_status in REVERSED else OrderEffect.REVERSE
    return OrderEffect.NONE


def order_status(event_type: str) -> str:
    return {
        "order_paid": "paid",
        "order_cancelled": "cancelled",
        "order_refunded": "refunded",
    }.get(event_type, "placed")


@dataclass(frozen=True, slots=True)
class Rule:
    on: Signal
    from_: frozenset[Stage | None]
    to: Stage
    reason: str


_NEW = None
A, E, C, R, ADV, RISK, LAP = (
    Stage.AWARENESS,
    Stage.ENGAGEMENT,
    Stage.CONVERSION,
    Stage.RETENTION,
    Stage.ADVOCACY,
    Stage.AT_RISK,
    Stage.LAPSED,
)


def _rule(on: Signal, from_: Sequence[Stage | None], to: Stage, reason: str) -> Rule:
    return Rule(on, frozenset(from_), to, reason)


# fmt: off
DEFAULT_RULES: tuple[Rule, ...] = (
    #      signal                 from                      to     reason
    _rule(Signal.ORDER,           (RISK, LAP),              R,     "won_back"),
    _rule(Signal.FIRST_ORDER,     (_NEW, A, E),             C,     "first_order"),
    _rule(Signal.REPEAT_ORDER,    (C,),                     R,     "repeat_order"),
    _rule(Signal.ORDER_LOST,      (C,),                     E,     "order_reversed"),
    _rule(Signal.REFERRAL,        (C, R),                   ADV,   "referral"),
    _rule(Signal.POSITIVE_REVIEW, (C, R),                   ADV,   "positive_review"),
    _rule(Signal.PROMOTER,        (C, R),                   ADV,   "promoter"),
    _rule(Signal.ENGAGING,        (_NEW, A),                E,     "engaged"),
    _rule(Signal.ANY,             (_NEW,),                  A,     "first_contact"),
)
#: No order for N days (``at_risk_days``): at risk; for 2N days: lapsed.
AT_RISK_FROM = frozenset({C, R, ADV})
LAPSED_FROM = frozenset({RISK})
# fmt: on


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules remember about one customer (stored in ``customer_lifecycle``)."""

    stage: Stage | None = None
    orders: int = 0
    first_order_at: datetime | None = None
    last_order_at: datetime | None = None
    last_order_event_id: int | None = None
    stage_since: datetime | None = None
    seen_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class LifecycleEvent:
    type: str
    at: datetime
    properties: Mapping[str, Any] = field(default_factory=dict)
    event_id: int | None = None
    order: OrderEffect = OrderEffect.NONE


@dataclass(frozen=True, slots=True)
class Change:
    from_stage: Stage | None
    to_stage: Stage
    reason: str
    at: datetime
    event_id: int | None
    detail: Mapping[str, Any] = field(default_factory=dict)


def rules_for(settings: LifecycleSettings) -> tuple[Rule, ...]:
    """The shop's own table from its settings, else the default one."""
    if settings.rules is None:
        return DEFAULT_RULES
    rules = []
    for raw in settings.rules:
        try:
            on = Signal(raw["on"])
            from_ = frozenset(stage_of(s) for s in raw["from"])
            to = stage_of(raw["to"])
            reason = str(raw.get("reason") or f"{on}")
        except (KeyError, TypeError, ValueError):
            raise BadSettings(detail=f"bad lifecycle rule {dict(raw)!r}") from None
        if to is None:
            raise BadSettings(detail="a rule cannot lead to 'new'")
        rules.append(Rule(on, from_, to, reason))
    return tuple(rules)


def signals(
    event: LifecycleEvent, orders_after: int, settings: LifecycleSettings
) -> frozenset[Signal]:
    found = {Signal.ANY}
    props = event.properties
    if is_engaging(event.type, props, settings):
        found.add(Signal.ENGAGING)
    if event.order is OrderEffect.NEW:
        found.add(Signal.ORDER)
        found.add(Signal.FIRST_ORDER if orders_after == 1 else Signal.REPEAT_ORDER)
    if event.order is OrderEffect.REVERSE and orders_after == 0:
        found.add(Signal.ORDER_LOST)
    if event.type == "track" and props.get("name") in settings.referral_tracks:
        found.add(Signal.REFERRAL)
    if event.type in REVIEW_EVENTS and _int(props.get("rating")) >= settings.min_review_rating:
        found.add(Signal.POSITIVE_REVIEW)
    if (
        event.type == "survey_answered"
        and props.get("kind") == "nps"
        and _int(props.get("score")) >= settings.promoter_score
    ):
        found.add(Signal.PROMOTER)
    return frozenset(found)


def is_engaging(kind: str, props: Mapping[str, Any], settings: LifecycleSettings) -> bool:
    """An emptied cart is no sign of interest; everything else goes by the settings."""
    if kind == "cart_updated" and not props.get("items"):
        return False
    return kind in settings.engaging_events


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return -1
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return -1


def due_changes(
    facts: Facts, now: datetime, settings: LifecycleSettings
) -> tuple[Facts, list[Change]]:
    """The time rules that fell due up to ``now``, each dated when it fell due."""
    changes: list[Change] = []
    while True:
        due = next_due(facts, settings)
        if due is None or due > now:
            return facts, changes
        to = Stage.AT_RISK if facts.stage in AT_RISK_FROM else Stage.LAPSED
        days = settings.at_risk_days * (1 if to is Stage.AT_RISK else 2)
        change = Change(
            facts.stage,
            to,
            "no_order",
            due,
            facts.last_order_event_id,
            {"days": _days(days)},
        )
        changes.append(change)
        facts = dataclasses.replace(facts, stage=to, stage_since=due)


def next_due(facts: Facts, settings: LifecycleSettings) -> datetime | None:
    """When the next time rule falls due for these facts (``None``: none can)."""
    if facts.last_order_at is None:
        return None
    if facts.stage in AT_RISK_FROM:
        return facts.last_order_at + timedelta(days=settings.at_risk_days)
    if facts.stage in LAPSED_FROM:
        return facts.last_order_at + timedelta(days=2 * settings.at_risk_days)
    return None


def advance(
    facts: Facts,
    event: LifecycleEvent,
    settings: LifecycleSettings,
    rules: Sequence[Rule] = DEFAULT_RULES,
) -> tuple[Facts, list[Change]]:
    """Apply one event (after the time rules due by its time)."""
    at = event.at if facts.seen_until is None else max(event.at, facts.seen_until)
    facts, changes = due_changes(facts, at, settings)
    orders = facts.orders
    if event.order is OrderEffect.NEW:
        orders += 1
    elif event.order is OrderEffect.REVERSE:
        orders = max(0, orders - 1)
    previous_order_at = facts.last_order_at
    facts = dataclasses.replace(facts, orders=orders, seen_until=at)
    if event.order is OrderEffect.NEW:
        facts = dataclasses.replace(
            facts,
            first_order_at=facts.first_order_at or at,
            last_order_at=at,
            last_order_event_id=event.event_id,
        )
    found = signals(event, orders, settings)
    for rule in rules:
        if rule.on in found and facts.stage in rule.from_ and rule.to != facts.stage:
            detail = _detail(rule.reason, event, previous_order_at, at)
            changes.append(Change(facts.stage, rule.to, rule.reason, at, event.event_id, detail))
            facts = dataclasses.replace(facts, stage=rule.to, stage_since=at)
            break
    return facts, changes


def _detail(
    reason: str, event: LifecycleEvent, previous_order_at: datetime | None, at: datetime
) -> dict[str, Any]:
    props = event.properties
    if reason in ("first_contact", "engaged"):
        name = props.get("name") if event.type == "track" else None
        return {"event": f"{event.type}:{name}" if name else event.type}
    if reason == "won_back" and previous_order_at is not None:
        return {"days": _days((at - previous_order_at).total_seconds() / 86_400)}
    if reason == "positive_review":
        return {"rating": _int(props.get("rating"))}
    if reason == "promoter":
        return {"score": _int(props.get("score"))}
    return {}


def _days(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)

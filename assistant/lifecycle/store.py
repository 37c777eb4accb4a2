"""The lifecycle's database side: load the facts of the customers a batch of events touches,
run the pure rules, and write stages, scores, transitions and orders in the caller's
transaction. At most two reads per batch whatever its size (the customers; the known orders
and the action rules' last times together), so group commit keeps the cost per event close
to a bare insert."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from sqlalchemy import Text, func, literal_column, null, type_coerce, union_all
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.hooks.outbox import queue_hooks
from assistant.hooks.topics import stage_changes
from assistant.lifecycle.actions import ActionRule, actions_for, on_event
from assistant.lifecycle.rules import (
    ORDER_EVENTS,
    REVERSAL_EVENTS,
    Change,
    Facts,
    LifecycleEvent,
    OrderEffect,
    Rule,
    advance,
    due_changes,
    next_due,
    order_effect,
    order_status,
    rules_for,
)
from assistant.lifecycle.score import Engagement, add
from assistant.lifecycle.settings import LifecycleSettings, parse_settings
from assistant.lifecycle.stages import Stage
from assistant.storage.bulk import insert_dicts, insert_values, update_values
from assistant.storage.lists import one_of
from assistant.storage.models import (
    Customer,
    CustomerLifecycle,
    Event,
    LifecycleAction,
    Purchase,
    Shop,
    StageTransition,
)
from assistant.storage.types import UTCDateTime


@dataclasses.dataclass(slots=True)
class _Customer:
    """A customer as the batch sees it: plain values, no ORM object (cheaper to load, and
    the writes go out as executemany)."""

    id: str
    shop_id: str
    stage: str
    has_life: bool
    facts: Facts
    engagement: Engagement


def facts_of(customer: Customer, life: CustomerLifecycle | None) -> Facts:
    if life is None or life.seen_until is None:
        return Facts()  # no event yet (a row may exist to hold the email consent)
    return Facts(
        stage=Stage(customer.stage),
        orders=life.orders,
        first_order_at=life.first_order_at,
        last_order_at=life.last_order_at,
        last_order_event_id=life.last_order_event_id,
        stage_since=life.stage_since,
        seen_until=life.seen_until,
    )


async def shop_settings(db: AsyncSession, shop_id: str) -> LifecycleSettings:
    shop = await db.get(Shop, shop_id)
    return parse_settings(shop.settings if shop is not None else None)


@dataclasses.dataclass(frozen=True, slots=True)
class ShopRules:
    """A shop's parsed lifecycle settings, rule table and action rules, loaded once per batch
    (the session's identity map holds rows only weakly, so asking it per event would mean a
    query, and an autoflush, per event)."""

    settings: LifecycleSettings
    rules: tuple[Rule, ...]
    actions: tuple[ActionRule, ...]


def order_id_of(event: Event) -> str:
    raw = event.properties.get("order_id")
    return str(raw)[:200] if raw not in (None, "") else f"event-{event.id}"


_LIFE_COLUMNS = (
    CustomerLifecycle.customer_id,
    CustomerLifecycle.orders,
    CustomerLifecycle.first_order_at,
    CustomerLifecycle.last_order_at,
    CustomerLifecycle.last_order_event_id,
    CustomerLifecycle.stage_since,
    CustomerLifecycle.seen_until,
)


@functools.cache
def _lock_query(dialect: str) -> Any:
    """One statement per database, built once: the list of ids is a parameter."""
    return (
        select(  # type: ignore[call-overload]
            Customer.id,
            Customer.shop_id,
            Customer.stage,
            Customer.engagement_sum,
            Customer.engagement_at,
            # As text (SQLite) it is parsed once per shop below, not once per customer row;
            # asyncpg hands JSON over decoded either way.
            type_coerce(Shop.settings, Text),
            *_LIFE_COLUMNS,
        )
        .join(Shop, col(Shop.id) == col(Customer.shop_id))
        .outerjoin(CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id))
        .where(one_of(Customer.id, "ids", dialect))
        .order_by(col(Customer.id))
    )


@functools.cache
def _lock_only_query(dialect: str) -> Any:
    """Takes the customers' row locks (in id order) and reads nothing else."""
    return (
        select(Customer.id)
        .where(one_of(Customer.id, "ids", dialect))
        .order_by(col(Customer.id))
        .with_for_update()
    )


async def lock_customers(
    db: AsyncSession, customer_ids: Iterable[str]
) -> tuple[dict[str, _Customer], dict[str, ShopRules]]:
    """Lock (on PostgreSQL, in id order), then load the customers with their lifecycle facts
    and their shops' settings. Locking before the events are inserted keeps event ids in the
    order the rules saw them, which is the order a replay uses.

    Lock first, then read, in two statements: a statement that waits for a row lock sees the
    locked row anew once it gets it, but the rows it joins (``customer_lifecycle``) as they
    were when the statement started, so a writer that waited for another would act on the
    facts from before the other's commit (a lost order, say). The read after the lock starts
    after that commit and sees it (READ COMMITTED)."""
    ids = sorted(set(customer_ids))
    if not ids:
        return {}, {}
    conn = await db.connection()
    if conn.dialect.name == "postgresql":
        await conn.execute(_lock_only_query(conn.dialect.name), {"ids": ids})
    result = await conn.execute(_lock_query(conn.dialect.name), {"ids": ids})
    found: dict[str, _Customer] = {}
    shops: dict[str, ShopRules] = {}
    for row in result.all():
        cid, shop_id, stage, total, at, settings, life_id, *facts = row
        seen = facts[5] is not None
        found[cid] = _Customer(
            id=cid,
            shop_id=shop_id,
            stage=stage,
            has_life=life_id is not None,
            facts=Facts(Stage(stage), *facts) if seen else Facts(),
            engagement=Engagement(total, at),
        )
        if shop_id not in shops:
            raw = json.loads(settings) if isinstance(settings, str) else settings
            parsed = parse_settings(raw)
            shops[shop_id] = ShopRules(parsed, rules_for(parsed), actions_for(raw))
    return found, shops


@dataclasses.dataclass(slots=True)
class _Order:
    """An order as the batch sees it. ``values``: first seen in this batch (inserted with the
    others at the end); ``changed_at``: a stored order whose status changed (updated)."""

    status: str
    values: dict[str, Any] | None = None
    changed_at: datetime | None = None


@dataclasses.dataclass(slots=True)
class Known:
    """What the batch reads besides the customers, in one statement: the stored orders its
    order events name, and when each action rule it may trigger last acted per customer."""

    orders: dict[tuple[str, str], _Order] = dataclasses.field(default_factory=dict)
    last_actions: dict[tuple[str, str], datetime] = dataclasses.field(default_factory=dict)


@functools.cache
def _known_query(dialect: str, orders: bool, actions: bool) -> Any:
    at = type_coerce(null(), UTCDateTime())
    parts = []
    if orders:
        parts.append(
            select(  # type: ignore[call-overload]
                literal_column("'o'"),
                col(Purchase.shop_id),
                col(Purchase.order_id),
                col(Purchase.status),
                at,
            ).where(
                one_of(Purchase.shop_id, "shops", dialect),
                one_of(Purchase.order_id, "orders", dialect),
            )
        )
    if actions:
        parts.append(
            select(  # type: ignore[call-overload]
                literal_column("'a'"),
                col(LifecycleAction.customer_id),
                col(LifecycleAction.rule),
                null(),
                func.max(LifecycleAction.created_at),
            )
            .where(
                one_of(LifecycleAction.customer_id, "customers", dialect),
                one_of(LifecycleAction.rule, "rules", dialect),
            )
            .group_by(col(LifecycleAction.customer_id), col(LifecycleAction.rule))
        )
    return parts[0] if len(parts) == 1 else union_all(*parts)


async def load_known(
    db: AsyncSession, events: Sequence[Event], shops: dict[str, ShopRules]
) -> Known:
    """Skipped when the batch has no order event and can trigger no action rule."""
    order_keys = {
        (e.shop_id, order_id_of(e))
        for e in events
        if e.type in ORDER_EVENTS or e.type in REVERSAL_EVENTS
    }
    customers: set[str] = set()
    rules: set[str] = set()
    for e in events:
        if e.customer_id is None or e.shop_id not in shops:
            continue
        # The order effect is not known yet: any order event might be a new order.
        maybe = OrderEffect.NEW if e.type in ORDER_EVENTS else OrderEffect.NONE
        fired = on_event(shops[e.shop_id].actions, e.type, e.properties, maybe)
        if fired:
            customers.add(e.customer_id)
            rules.update(r.id for r in fired)
    known = Known()
    if not order_keys and not rules:
        return known
    conn = await db.connection()
    query = _known_query(conn.dialect.name, bool(order_keys), bool(rules))
    params = {
        "shops": sorted({s for s, _ in order_keys}),
        "orders": sorted({o for _, o in order_keys}),
        "customers": sorted(customers),
        "rules": sorted(rules),
    }
    for kind, a, b, status, at in (await conn.execute(query, params)).all():
        if kind == "o":
            if (a, b) in order_keys:  # shops x order ids can match more than the pairs
                known.orders[(a, b)] = _Order(status)
        else:
            known.last_actions[(a, b)] = at
    return known


class Applied(NamedTuple):
    """What :func:`apply_lifecycle` did: each order event's effect (by event id) and the
    ``stage_transition`` rows it wrote (as column values)."""

    effects: dict[int, OrderEffect]
    transitions: list[dict[str, Any]]


async def apply_lifecycle(
    db: AsyncSession,
    events: Sequence[Event],
    customers: dict[str, _Customer],
    shops: dict[str, ShopRules],
    orders: dict[tuple[str, str], _Order],
    last_seen: Mapping[str, datetime],
) -> Applied:
    """Run the rules over ``events`` (flushed, so they have ids, and in id order) for the
    ``customers`` locked by :func:`lock_customers` with the stored ``orders`` of
    :func:`load_known` (updated in place); ``last_seen``: ``last_seen_at`` times to write
    with the customers' new stages. Returns each order event's effect and the transitions
    written."""
    transitions: list[dict[str, Any]] = []
    touched: set[str] = set()
    effects: dict[int, OrderEffect] = {}
    for event in events:
        state = customers.get(event.customer_id or "")
        if state is None:
            continue
        settings, rules = shops[event.shop_id].settings, shops[event.shop_id].rules
        effect = OrderEffect.NONE
        if event.type in ORDER_EVENTS or event.type in REVERSAL_EVENTS:
            key = (event.shop_id, order_id_of(event))
            known = orders.get(key)
            effect = order_effect(event.type, known.status if known else None)
            recorded = _record_purchase(known, key, event, effect)
            if recorded is not None:
                orders[key] = recorded
            effects[event.id or 0] = effect
        lc_event = LifecycleEvent(
            type=event.type,
            at=event.created_at,
            properties=event.properties,
            event_id=event.id,
            order=effect,
        )
        state.facts, changes = advance(state.facts, lc_event, settings, rules)
        if changes:
            transitions.extend(transition_rows(event.shop_id, state.id, changes))
        weight = event_weight(settings, event, effect)
        state.engagement = add(state.engagement, weight, event.created_at, settings.half_life_days)
        touched.add(state.id)
    await _write_states(db, [customers[c] for c in sorted(touched)], shops, last_seen)
    await insert_dicts(db, StageTransition, transitions)
    await insert_dicts(db, Purchase, [o.values for o in orders.values() if o.values is not None])
    await update_values(
        db,
        Purchase.__table__,  # type: ignore[attr-defined]
        ("shop_id", "order_id"),
        [
            {"shop_id": s, "order_id": o, "status": order.status, "updated_at": order.changed_at}
            for (s, o), order in orders.items()
            if order.changed_at is not None and order.values is None
        ],
    )
    return Applied(effects, transitions)


def event_weight(settings: LifecycleSettings, event: Event, effect: OrderEffect) -> float:
    if event.type in ORDER_EVENTS:
        return settings.weight("order") if effect is OrderEffect.NEW else 0.0
    if event.type == "cart_updated" and not event.properties.get("items"):
        return 0.0
    name = event.properties.get("name") if event.type == "track" else None
    return settings.weight(event.type, name if isinstance(name, str) else None)


def _record_purchase(
    known: _Order | None,
    key: tuple[str, str],
    event: Event,
    effect: OrderEffect,
) -> _Order | None:
    props = event.properties
    if known is None:
        if effect is not OrderEffect.NEW or event.customer_id is None:
            return None
        status = order_status(event.type)
        return _Order(
            status,
            values={
                "shop_id": key[0],
                "order_id": key[1],
                "customer_id": event.customer_id,
                "total": _money(props.get("total")),
                "currency": str(props.get("currency") or "EUR")[:3].upper(),
                "status": status,
                "event_id": event.id,
                "created_at": event.created_at,
                "updated_at": event.created_at,
            },
        )
    if effect is OrderEffect.REVERSE or (event.type == "order_paid" and known.status == "placed"):
        known.status = order_status(event.type)
        if known.values is not None:
            known.values["status"] = known.status
        else:
            known.changed_at = event.created_at
    return known


def _money(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw)) if raw is not None else Decimal("0")
    except InvalidOperation:
        return Decimal("0")
    return value.quantize(Decimal("0.01")) if value.is_finite() else Decimal("0")


def transition_rows(
    shop_id: str, customer_id: str, changes: Sequence[Change]
) -> list[dict[str, Any]]:
    """``stage_transition`` rows as column values (see :func:`insert_dicts`)."""
    return [
        {
            "shop_id": shop_id,
            "customer_id": customer_id,
            "from_stage": c.from_stage.value if c.from_stage else None,
            "to_stage": c.to_stage.value,
            "reason": c.reason,
            "detail": dict(c.detail),
            "event_id": c.event_id,
            "created_at": c.at,
        }
        for c in changes
    ]


def _life_values(facts: Facts, settings: LifecycleSettings) -> dict[str, Any]:
    return {
        "orders": facts.orders,
        "first_order_at": facts.first_order_at,
        "last_order_at": facts.last_order_at,
        "last_order_event_id": facts.last_order_event_id,
        "stage_since": facts.stage_since,
        "seen_until": facts.seen_until,
        "next_due_at": next_due(facts, settings),
    }


async def _write_states(
    db: AsyncSession,
    states: Sequence[_Customer],
    shops: dict[str, ShopRules],
    last_seen: Mapping[str, datetime],
) -> None:
    """The batch's new stages, scores and facts in one executemany per table and shape (the
    ORM would update row by row). ORM objects of these rows loaded elsewhere in the same session
    are not refreshed; the lifecycle itself always reads the rows anew."""
    customers: list[dict[str, Any]] = []
    seen: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for st in states:
        values = _life_values(st.facts, shops[st.shop_id].settings)
        stage = st.facts.stage.value if st.facts.stage is not None else st.stage
        row = {
            "id": st.id,
            "stage": stage,
            "engagement_sum": st.engagement.total,
            "engagement_at": st.engagement.at,
        }
        if st.id in last_seen:
            row["last_seen_at"] = last_seen[st.id]
            seen.append(row)
        else:
            customers.append(row)
        if not st.has_life:
            inserts.append(
                {
                    "customer_id": st.id,
                    "shop_id": st.shop_id,
                    "email_consent": False,
                    **values,
                }
            )
        else:
            updates.append({"customer_id": st.id, **values})
    written = {st.id for st in states}
    customer_t = Customer.__table__  # type: ignore[attr-defined]
    await update_values(db, customer_t, ("id",), customers)
    await update_values(db, customer_t, ("id",), seen)
    others = [{"id": c, "last_seen_at": at} for c, at in last_seen.items() if c not in written]
    await update_values(db, customer_t, ("id",), others)
    life_t = CustomerLifecycle.__table__  # type: ignore[attr-defined]
    await update_values(db, life_t, ("customer_id",), updates)
    await insert_values(db, life_t, inserts)


def write_state(
    db: AsyncSession,
    customer: Customer,
    life: CustomerLifecycle | None,
    facts: Facts,
    settings: LifecycleSettings,
    engagement: Engagement | None = None,
) -> CustomerLifecycle:
    """Put ``facts`` (and the score) into the customer's rows; the flush writes them."""
    if facts.stage is not None and customer.stage != facts.stage.value:
        customer.stage = facts.stage.value
    if engagement is not None and (
        engagement.total != customer.engagement_sum or engagement.at != customer.engagement_at
    ):
        customer.engagement_sum = engagement.total
        customer.engagement_at = engagement.at
    if life is None:
        life = CustomerLifecycle(customer_id=customer.id, shop_id=customer.shop_id)
        db.add(life)
    values = _life_values(facts, settings)
    for name, value in values.items():
        if getattr(life, name) != value:
            setattr(life, name, value)
    return life


async def sweep_due(db: AsyncSession, now: datetime, limit: int = 500) -> int:
    """Write the time-based transitions (at-risk, lapsed) that fell due by ``now`` for up to
    ``limit`` customers; returns how many customers changed. Nothing else runs this path
    at night: it only catches up customers who have not come back to trigger it themselves."""
    query = (
        select(Customer, CustomerLifecycle)
        .join(CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id))
        .where(col(CustomerLifecycle.next_due_at) <= now)
        .order_by(col(CustomerLifecycle.next_due_at))
        .limit(limit)
        .with_for_update(of=Customer, skip_locked=True)
    )
    rows = (await db.exec(query)).all()
    settings_by_shop: dict[str, LifecycleSettings] = {}
    all_moved: list[dict[str, Any]] = []
    for customer, life in rows:
        if customer.shop_id not in settings_by_shop:
            settings_by_shop[customer.shop_id] = await shop_settings(db, customer.shop_id)
        settings = settings_by_shop[customer.shop_id]
        facts, changes = due_changes(facts_of(customer, life), now, settings)
        moved = transition_rows(customer.shop_id, customer.id, changes)
        await insert_dicts(db, StageTransition, moved)
        all_moved.extend(moved)
        write_state(db, customer, life, facts, settings)
    await queue_hooks(db, stage_changes(all_moved))
    return len(rows)

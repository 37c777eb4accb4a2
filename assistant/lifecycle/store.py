"""The lifecycle's database side: load the facts of the customers a batch of events touches,
run the pure rules, and write stages, scores, transitions and orders in the caller's
transaction. Two queries per batch whatever its size (customers, known orders), so group
commit keeps the cost per event close to a bare insert."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import and_, bindparam, insert, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.lifecycle.actions import ActionRule, actions_for
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
from assistant.storage.bulk import insert_dicts
from assistant.storage.models import (
    Customer,
    CustomerLifecycle,
    Event,
    Purchase,
    Shop,
    StageTransition,
)


@dataclasses.dataclass(slots=True)
class _Customer:
    row: Customer
    life: CustomerLifecycle | None
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


async def lock_customers(
    db: AsyncSession, customer_ids: Iterable[str]
) -> tuple[dict[str, _Customer], dict[str, ShopRules]]:
    """Load (and on PostgreSQL lock, in id order) the customers with their lifecycle rows and
    their shops' rules, in one query. Locking before the events are inserted keeps event ids
    in the order the rules saw them, which is the order a replay uses."""
    ids = sorted(set(customer_ids))
    if not ids:
        return {}, {}
    query = (
        select(Customer, CustomerLifecycle, Shop)
        .join(Shop, col(Shop.id) == col(Customer.shop_id))
        .outerjoin(CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id))
        .where(col(Customer.id).in_(ids))
        .order_by(col(Customer.id))
        .with_for_update(of=Customer)
        .execution_options(populate_existing=True)
    )
    found: dict[str, _Customer] = {}
    shops: dict[str, ShopRules] = {}
    for customer, life, shop in (await db.exec(query)).all():
        found[customer.id] = _Customer(
            customer,
            life,
            facts_of(customer, life),
            Engagement(customer.engagement_sum, customer.engagement_at),
        )
        if shop.id not in shops:
            settings = parse_settings(shop.settings)
            shops[shop.id] = ShopRules(settings, rules_for(settings), actions_for(shop.settings))
    return found, shops


async def _known_orders(
    db: AsyncSession, events: Sequence[Event]
) -> dict[tuple[str, str], Purchase]:
    keys = {
        (e.shop_id, order_id_of(e))
        for e in events
        if e.type in ORDER_EVENTS or e.type in REVERSAL_EVENTS
    }
    if not keys:
        return {}
    clauses = [
        and_(col(Purchase.shop_id) == shop, col(Purchase.order_id) == order) for shop, order in keys
    ]
    rows = (await db.exec(select(Purchase).where(or_(*clauses)))).all()
    return {(p.shop_id, p.order_id): p for p in rows}


async def apply_lifecycle(
    db: AsyncSession,
    events: Sequence[Event],
    customers: dict[str, _Customer],
    shops: dict[str, ShopRules],
) -> dict[int, OrderEffect]:
    """Run the rules over ``events`` (flushed, so they have ids, and in id order) for the
    ``customers`` locked by :func:`lock_customers`; returns each order event's effect."""
    purchases = await _known_orders(db, events)
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
            known = purchases.get(key)
            effect = order_effect(event.type, known.status if known else None)
            purchases[key] = _record_purchase(db, known, key, event, effect)
            effects[event.id or 0] = effect
        lc_event = LifecycleEvent(
            type=event.type,
            at=event.created_at,
            properties=event.properties,
            event_id=event.id,
            order=effect,
        )
        state.facts, changes = advance(state.facts, lc_event, settings, rules)
        transitions.extend(transition_rows(event.shop_id, state.row.id, changes))
        weight = event_weight(settings, event, effect)
        state.engagement = add(state.engagement, weight, event.created_at, settings.half_life_days)
        touched.add(state.row.id)
    await _write_states(db, [customers[c] for c in sorted(touched)], shops)
    await insert_dicts(db, StageTransition, transitions)
    return effects


def event_weight(settings: LifecycleSettings, event: Event, effect: OrderEffect) -> float:
    if event.type in ORDER_EVENTS:
        return settings.weight("order") if effect is OrderEffect.NEW else 0.0
    if event.type == "cart_updated" and not event.properties.get("items"):
        return 0.0
    name = event.properties.get("name") if event.type == "track" else None
    return settings.weight(event.type, name if isinstance(name, str) else None)


def _record_purchase(
    db: AsyncSession,
    known: Purchase | None,
    key: tuple[str, str],
    event: Event,
    effect: OrderEffect,
) -> Purchase | None:
    props = event.properties
    if known is None:
        if effect is not OrderEffect.NEW or event.customer_id is None:
            return None
        known = Purchase(
            shop_id=key[0],
            order_id=key[1],
            customer_id=event.customer_id,
            total=_money(props.get("total")),
            currency=str(props.get("currency") or "EUR")[:3].upper(),
            status=order_status(event.type),
            event_id=event.id,
            created_at=event.created_at,
            updated_at=event.created_at,
        )
        db.add(known)
        return known
    if effect is OrderEffect.REVERSE or (event.type == "order_paid" and known.status == "placed"):
        known.status = order_status(event.type)
        known.updated_at = event.created_at
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
    db: AsyncSession, states: Sequence[_Customer], shops: dict[str, ShopRules]
) -> None:
    """The batch's new stages, scores and facts in three executemany statements (the ORM
    would update row by row). The loaded objects go stale; :func:`lock_customers` reloads
    them (``populate_existing``) whenever the lifecycle reads them again."""
    if not states:
        return
    customers, updates, inserts = [], [], []
    for st in states:
        values = _life_values(st.facts, shops[st.row.shop_id].settings)
        stage = st.facts.stage.value if st.facts.stage is not None else st.row.stage
        customers.append(
            {
                "b_id": st.row.id,
                "stage": stage,
                "engagement_sum": st.engagement.total,
                "engagement_at": st.engagement.at,
            }
        )
        if st.life is None:
            inserts.append(
                {
                    "customer_id": st.row.id,
                    "shop_id": st.row.shop_id,
                    "email_consent": False,
                    **values,
                }
            )
        else:
            updates.append({"b_customer_id": st.row.id, **values})
    customer_t = Customer.__table__  # type: ignore[attr-defined]
    life_t = CustomerLifecycle.__table__  # type: ignore[attr-defined]
    conn = await db.connection()
    await conn.execute(
        update(customer_t)
        .where(customer_t.c.id == bindparam("b_id"))
        .values(
            stage=bindparam("stage"),
            engagement_sum=bindparam("engagement_sum"),
            engagement_at=bindparam("engagement_at"),
        ),
        customers,
    )
    if updates:
        await conn.execute(
            update(life_t)
            .where(life_t.c.customer_id == bindparam("b_customer_id"))
            .values({name: bindparam(name) for name in updates[0] if name != "b_customer_id"}),
            updates,
        )
    if inserts:
        await conn.execute(insert(life_t), inserts)


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
    values = {
        "orders": facts.orders,
        "first_order_at": facts.first_order_at,
        "last_order_at": facts.last_order_at,
        "last_order_event_id": facts.last_order_event_id,
        "stage_since": facts.stage_since,
        "seen_until": facts.seen_until,
        "next_due_at": next_due(facts, settings),
    }
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
    for customer, life in rows:
        if customer.shop_id not in settings_by_shop:
            settings_by_shop[customer.shop_id] = await shop_settings(db, customer.shop_id)
        settings = settings_by_shop[customer.shop_id]
        facts, changes = due_changes(facts_of(customer, life), now, settings)
        await insert_dicts(
            db, StageTransition, transition_rows(customer.shop_id, customer.id, changes)
        )
        write_state(db, customer, life, facts, settings)
    return len(rows)

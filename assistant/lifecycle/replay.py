"""Replaying stored events from scratch: the same pure rules, fed in event-id order, must give
the stages, transitions and scores that were written live. Used to check that claim, and to
rebuild a customer whose history changed (two customers merged on identify)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.lifecycle.rules import (
    ORDER_EVENTS,
    REVERSAL_EVENTS,
    Change,
    Facts,
    LifecycleEvent,
    OrderEffect,
    advance,
    due_changes,
    order_effect,
    order_status,
    rules_for,
)
from assistant.lifecycle.score import Engagement, add
from assistant.lifecycle.settings import LifecycleSettings
from assistant.lifecycle.store import (
    event_weight,
    order_id_of,
    shop_settings,
    transition_rows,
    write_state,
)
from assistant.storage.bulk import insert_dicts
from assistant.storage.models import Customer, CustomerLifecycle, Event, StageTransition


@dataclass(slots=True)
class Replayed:
    facts: Facts = field(default_factory=Facts)
    changes: list[Change] = field(default_factory=list)
    engagement: Engagement = field(default_factory=Engagement)


def replay_events(
    events: Iterable[Event], settings: LifecycleSettings, until: datetime | None = None
) -> dict[str, Replayed]:
    """Events of one shop in id order -> each customer's end state (time rules applied up to
    ``until`` when given, as the sweeper would have by then)."""
    rules = rules_for(settings)
    orders: dict[str, str] = {}
    out: dict[str, Replayed] = {}
    for event in events:
        if event.customer_id is None:
            continue
        state = out.setdefault(event.customer_id, Replayed())
        effect = OrderEffect.NONE
        if event.type in ORDER_EVENTS or event.type in REVERSAL_EVENTS:
            key = order_id_of(event)
            effect = order_effect(event.type, orders.get(key))
            if (
                effect is OrderEffect.NEW
                or effect is OrderEffect.REVERSE
                or (event.type == "order_paid" and orders.get(key) == "placed")
            ):
                orders[key] = order_status(event.type)
        lc = LifecycleEvent(event.type, event.created_at, event.properties, event.id, effect)
        state.facts, changes = advance(state.facts, lc, settings, rules)
        state.changes.extend(changes)
        state.engagement = add(
            state.engagement,
            event_weight(settings, event, effect),
            event.created_at,
            settings.half_life_days,
        )
    if until is not None:
        for state in out.values():
            state.facts, changes = due_changes(state.facts, until, settings)
            state.changes.extend(changes)
    return out


async def _events(db: AsyncSession, shop_id: str, customer_ids: list[str] | None) -> list[Event]:
    query = select(Event).where(Event.shop_id == shop_id, col(Event.customer_id).is_not(None))
    if customer_ids is not None:
        query = query.where(col(Event.customer_id).in_(customer_ids))
    return list((await db.exec(query.order_by(col(Event.id)))).all())


def transition_key(row: StageTransition | Change) -> tuple[Any, ...]:
    if isinstance(row, StageTransition):
        return (row.from_stage, row.to_stage, row.reason, row.event_id, row.created_at)
    return (
        row.from_stage.value if row.from_stage else None,
        row.to_stage.value,
        row.reason,
        row.event_id,
        row.at,
    )


@dataclass(frozen=True, slots=True)
class ReplayCheck:
    customers: int
    stage_mismatches: list[str]
    transition_mismatches: list[str]
    score_mismatches: list[str]

    @property
    def ok(self) -> bool:
        return not (self.stage_mismatches or self.transition_mismatches or self.score_mismatches)


async def check_replay(
    db: AsyncSession, shop_id: str, until: datetime | None = None
) -> ReplayCheck:
    """Replay a shop's events and compare with what was stored live. ``until``: how far the
    sweeper got (``None``: compare without applying time rules after the last event)."""
    settings = await shop_settings(db, shop_id)
    replayed = replay_events(await _events(db, shop_id, None), settings, until)
    customers = {
        c.id: c for c in (await db.exec(select(Customer).where(Customer.shop_id == shop_id))).all()
    }
    stored: dict[str, list[tuple[Any, ...]]] = {}
    rows = await db.exec(
        select(StageTransition)
        .where(StageTransition.shop_id == shop_id)
        .order_by(col(StageTransition.id))
    )
    for row in rows.all():
        stored.setdefault(row.customer_id, []).append(transition_key(row))
    stage_bad, trans_bad, score_bad = [], [], []
    for customer_id, state in replayed.items():
        customer = customers.get(customer_id)
        if customer is None or state.facts.stage is None:
            continue
        if customer.stage != state.facts.stage.value:
            stage_bad.append(customer_id)
        if stored.get(customer_id, []) != [transition_key(c) for c in state.changes]:
            trans_bad.append(customer_id)
        if customer.engagement_at != state.engagement.at or not math.isclose(
            customer.engagement_sum, state.engagement.total, rel_tol=1e-9, abs_tol=1e-9
        ):
            score_bad.append(customer_id)
    return ReplayCheck(len(replayed), stage_bad, trans_bad, score_bad)


async def rebuild_customer(db: AsyncSession, customer: Customer) -> None:
    """Recompute one customer's lifecycle from their stored events (after a merge)."""
    settings = await shop_settings(db, customer.shop_id)
    await db.flush()
    events = await _events(db, customer.shop_id, [customer.id])
    state = replay_events(events, settings).get(customer.id, Replayed())
    await db.exec(delete(StageTransition).where(col(StageTransition.customer_id) == customer.id))
    await insert_dicts(
        db, StageTransition, transition_rows(customer.shop_id, customer.id, state.changes)
    )
    life = await db.get(CustomerLifecycle, customer.id)
    write_state(db, customer, life, state.facts, settings, state.engagement)

"""Lifecycle actions in the database: scheduled when an event triggers a rule (inside the
event's transaction), offered to the widget on the shopper's next page load, sent by email
(with consent) by the background sweeper, rate-limited per customer, and measured through
their events (``action_offered``, ``action_shown``, ``action_clicked``, ``action_dismissed``,
``action_sent``) and the orders that follow them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.i18n import pick_locale
from assistant.lifecycle.actions import ActionRule, actions_for, cooled_down, on_event, on_visit
from assistant.lifecycle.codes import issue_code
from assistant.lifecycle.review_orders import request_answered
from assistant.lifecycle.rules import OrderEffect, due_changes
from assistant.lifecycle.store import ShopRules, facts_of, shop_settings
from assistant.storage.bulk import insert_dicts
from assistant.storage.models import (
    Customer,
    CustomerLifecycle,
    Event,
    LifecycleAction,
    Purchase,
    Shop,
)

log = logging.getLogger(__name__)

#: At most one proactive message a day per customer, whatever the rules say.
MIN_GAP = timedelta(days=1)
#: Actions that fell due this long ago without being delivered are dropped, not sent late.
STALE_AFTER = timedelta(days=30)
LIVE = ("scheduled", "offered")


async def _rules(db: AsyncSession, shop_id: str) -> tuple[ActionRule, ...]:
    shop = await db.get(Shop, shop_id)
    return actions_for(shop.settings if shop is not None else None)


async def _last_by_rule(
    db: AsyncSession, customer_ids: Sequence[str], rules: Sequence[str]
) -> dict[tuple[str, str], datetime]:
    rows = await db.exec(
        select(
            LifecycleAction.customer_id, LifecycleAction.rule, func.max(LifecycleAction.created_at)
        )
        .where(
            col(LifecycleAction.customer_id).in_(customer_ids), col(LifecycleAction.rule).in_(rules)
        )
        .group_by(col(LifecycleAction.customer_id), col(LifecycleAction.rule))
    )
    return {(c, r): at for c, r, at in rows.all()}


async def schedule_actions(
    db: AsyncSession,
    events: Sequence[Event],
    effects: dict[int, OrderEffect],
    shops: dict[str, ShopRules],
    last: dict[tuple[str, str], datetime],
) -> int:
    """The event rules these events trigger, one row per channel, unless the rule acted for
    the customer within its cool-down. ``last``: when each (customer, rule) last acted, as
    :func:`~assistant.lifecycle.store.load_known` read it with the batch's other facts."""
    fired: list[tuple[Event, ActionRule]] = []
    for event in events:
        if event.customer_id is None:
            continue
        effect = effects.get(event.id or 0, OrderEffect.NONE)
        for rule in on_event(shops[event.shop_id].actions, event.type, event.properties, effect):
            fired.append((event, rule))
    if not fired:
        return 0
    rows: list[dict[str, Any]] = []
    for event, rule in fired:
        key = (event.customer_id or "", rule.id)
        if not cooled_down(rule, last.get(key), event.created_at):
            continue
        last[key] = event.created_at
        for channel in rule.channels:
            rows.append(
                {
                    "shop_id": event.shop_id,
                    "customer_id": key[0],
                    "rule": rule.id,
                    "channel": channel,
                    "status": "scheduled",
                    "event_id": event.id,
                    "due_at": event.created_at + timedelta(seconds=rule.delay_s),
                    "created_at": event.created_at,
                }
            )
    await insert_dicts(db, LifecycleAction, rows)
    return len(rows)


async def ordered_since(db: AsyncSession, customer_id: str, since: datetime) -> bool:
    query = select(Purchase.order_id).where(
        Purchase.customer_id == customer_id, col(Purchase.created_at) > since
    )
    return (await db.exec(query.limit(1))).first() is not None


@dataclass(frozen=True, slots=True)
class ProactiveMessage:
    action: LifecycleAction
    rule: ActionRule
    #: The customer's own discount code, for a rule that gives one.
    code: str | None = None

    def frame(self, locale: str) -> dict[str, Any]:
        cta = self.rule.cta_text(locale, self.code)
        return {
            "type": "proactive",
            "action": self.action.id,
            "rule": self.rule.id,
            "text": self.rule.text(locale, self.code),
            "cta": {"label": cta, "text": cta} if cta else None,
            "delay": self.rule.delay_s if self.rule.trigger == "visit" else 0,
        }


async def offer_for_visit(
    db: AsyncSession, shop_id: str, customer_id: str, url: str, now: datetime
) -> ProactiveMessage | None:
    """The proactive message for this page load, if any: a due scheduled one first, else a
    visit rule that matches the customer's stage (evaluated now, time rules included)."""
    recent = await db.exec(
        select(LifecycleAction.id).where(
            LifecycleAction.customer_id == customer_id,
            col(LifecycleAction.shown_at) >= now - MIN_GAP,
        )
    )
    if recent.first() is not None:
        return None
    rules = {r.id: r for r in await _rules(db, shop_id)}
    pending = await db.exec(
        select(LifecycleAction)
        .where(
            LifecycleAction.customer_id == customer_id,
            LifecycleAction.channel == "widget",
            col(LifecycleAction.status).in_(LIVE),
            col(LifecycleAction.due_at) <= now,
        )
        .order_by(col(LifecycleAction.due_at))
    )
    for action in pending.all():
        rule = rules.get(action.rule)
        if rule is None or action.due_at < now - STALE_AFTER:
            action.status = "expired"
            continue
        if rule.unless_ordered and await ordered_since(db, customer_id, action.created_at):
            action.status = "cancelled"
            continue
        if rule.asks_review and await request_answered(db, action):
            action.status = "cancelled"
            continue
        action.status = "offered"
        return await _with_code(db, ProactiveMessage(action, rule), now)
    customer = await db.get(Customer, customer_id)
    life = await db.get(CustomerLifecycle, customer_id)
    if customer is None:
        return None
    facts, _ = due_changes(facts_of(customer, life), now, await shop_settings(db, shop_id))
    visit_rules = on_visit(tuple(rules.values()), facts.stage, url)
    if not visit_rules:
        return None
    last = await _last_by_rule(db, [customer_id], [r.id for r in visit_rules])
    for rule in visit_rules:
        if cooled_down(rule, last.get((customer_id, rule.id)), now):
            action = LifecycleAction(
                shop_id=shop_id,
                customer_id=customer_id,
                rule=rule.id,
                channel="widget",
                status="offered",
                due_at=now,
                created_at=now,
            )
            db.add(action)
            await db.flush()
            return await _with_code(db, ProactiveMessage(action, rule), now)
    return None


async def _with_code(db: AsyncSession, offer: ProactiveMessage, now: datetime) -> ProactiveMessage:
    """The offer with the customer's code when its rule gives one."""
    if offer.rule.code is None:
        return offer
    code = await issue_code(db, offer.action, offer.rule.code, now)
    return ProactiveMessage(offer.action, offer.rule, code)


def locale_of(customer: Customer | None, fallback: str) -> str:
    return pick_locale(customer.locale if customer else None, pick_locale(fallback))

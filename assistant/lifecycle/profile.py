"""A customer's lifecycle as the shop and its agents see it: the stage now (time rules
evaluated on read), the engagement score decayed to now, and every transition with its
reason in both languages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.lifecycle.rules import due_changes
from assistant.lifecycle.score import Engagement, score_at
from assistant.lifecycle.stages import STAGE_NAMES, Stage, describe
from assistant.lifecycle.store import facts_of, shop_settings
from assistant.storage.models import Customer, CustomerLifecycle, StageTransition


class CustomerNotFound(AssistantError):
    code = "customer_not_found"
    status = 404
    message = L10n(de="Diesen Kunden gibt es nicht.", en="There is no such customer.")


def _transition(
    from_stage: str | None,
    to_stage: str,
    reason: str,
    detail: dict[str, Any],
    at: datetime,
    event_id: int | None,
    *,
    pending: bool = False,
) -> dict[str, Any]:
    return {
        "from": from_stage,
        "to": to_stage,
        "reason": reason,
        "reason_text": {lang: describe(reason, detail, lang) for lang in ("de", "en")},
        "detail": detail,
        "at": at.isoformat(),
        "event": event_id,
        **({"pending": True} if pending else {}),
    }


async def lifecycle_profile(
    db: AsyncSession, shop_id: str, customer_key: str, now: datetime
) -> dict[str, Any]:
    """``customer_key``: the shop's customer id, or ours."""
    customer = (
        await db.exec(
            select(Customer).where(
                Customer.shop_id == shop_id,
                or_(col(Customer.external_id) == customer_key, col(Customer.id) == customer_key),
            )
        )
    ).first()
    if customer is None:
        raise CustomerNotFound(detail=customer_key[:64])
    settings = await shop_settings(db, shop_id)
    life = await db.get(CustomerLifecycle, customer.id)
    facts, due = due_changes(facts_of(customer, life), now, settings)
    rows = (
        await db.exec(
            select(StageTransition)
            .where(StageTransition.customer_id == customer.id)
            .order_by(col(StageTransition.id))
        )
    ).all()
    transitions = [
        _transition(r.from_stage, r.to_stage, r.reason, r.detail, r.created_at, r.event_id)
        for r in rows
    ]
    transitions += [
        _transition(
            c.from_stage.value if c.from_stage else None,
            c.to_stage.value,
            c.reason,
            dict(c.detail),
            c.at,
            c.event_id,
            pending=True,
        )
        for c in due
    ]
    stage = facts.stage or Stage(customer.stage)
    score = score_at(
        Engagement(customer.engagement_sum, customer.engagement_at),
        life.orders if life else 0,
        now,
        settings,
    )
    return {
        "customer": customer.external_id or customer.id,
        "stage": stage.value,
        "stage_name": {"de": STAGE_NAMES[stage].de, "en": STAGE_NAMES[stage].en},
        "engagement_score": round(score, 2),
        "orders": life.orders if life else 0,
        "last_order_at": life.last_order_at.isoformat() if life and life.last_order_at else None,
        "email_consent": bool(life and life.email_consent),
        "transitions": transitions,
    }

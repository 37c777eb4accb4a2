"""Per-day series behind the dashboard's charts, per shop and period ``[start, end)``: SQL
counts grouped by UTC day (the day expression lives in :mod:`assistant.storage.days`), every
day of the period present, days without anything as zeros."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.storage.days import utc_day
from assistant.storage.models import Conversation, Event

#: The FAQ decisions as events, in the order the charts stack them.
FAQ_EVENTS = ("faq_answered", "faq_suggested", "faq_unanswered")
#: The survey answers the widget and the webhooks accept.
SURVEY_SCALES = {"nps": range(0, 11), "csat": range(1, 6)}


@dataclass(frozen=True, slots=True)
class Daily:
    """One value per day of the period, in day order. ``self_served`` and ``handed_off`` count
    the conversations started that day (an FAQ answer and no hand-off; a hand-off)."""

    days: tuple[date, ...]
    conversations: tuple[int, ...]
    self_served: tuple[int, ...]
    handed_off: tuple[int, ...]
    faq: dict[str, tuple[int, ...]]

    @property
    def empty(self) -> bool:
        return not any(self.conversations) and not any(sum(v) for v in self.faq.values())


def day_range(start: datetime, end: datetime) -> tuple[date, ...]:
    """Every UTC calendar day that ``[start, end)`` touches."""
    first, last = start.date(), (end - timedelta(microseconds=1)).date()
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


def in_chunks(days: Sequence[date], values: Sequence[int], size: int) -> list[tuple[date, int]]:
    """Sums over consecutive runs of ``size`` days (the last run may be shorter), each
    labelled with its first day: weekly numbers from daily ones."""
    return [(days[i], sum(values[i : i + size])) for i in range(0, len(days), size)]


def _filled(days: tuple[date, ...], counts: dict[str, int]) -> tuple[int, ...]:
    return tuple(int(counts.get(d.isoformat(), 0)) for d in days)


def _in(column: Any, start: datetime, end: datetime) -> Any:
    return (column >= start) & (column < end)


async def daily(db: AsyncSession, shop_id: str, start: datetime, end: datetime) -> Daily:
    days = day_range(start, end)
    started = utc_day(db, col(Conversation.created_at))
    events = (Event.shop_id == shop_id) & _in(col(Event.created_at), start, end)
    flags = (
        select(
            col(Event.conversation_id).label("cid"),
            func.max(case((col(Event.type) == "faq_answered", 1), else_=0)).label("answered"),
            func.max(case((col(Event.type) == "handoff_requested", 1), else_=0)).label("handed"),
        )
        .where(
            events,
            col(Event.type).in_(["faq_answered", "handoff_requested"]),
            col(Event.conversation_id).is_not(None),
        )
        .group_by(col(Event.conversation_id))
        .subquery()
    )
    answered = func.coalesce(flags.c.answered, 0)
    handed = func.coalesce(flags.c.handed, 0)
    rows = (
        await db.exec(
            select(started, func.count(), func.sum(answered * (1 - handed)), func.sum(handed))
            .select_from(Conversation)
            .outerjoin(flags, flags.c.cid == Conversation.id)
            .where(Conversation.shop_id == shop_id, _in(col(Conversation.created_at), start, end))
            .group_by(started)
        )
    ).all()
    conversations = {d: n for d, n, _, _ in rows}
    served = {d: s or 0 for d, _, s, _ in rows}
    handoffs = {d: h or 0 for d, _, _, h in rows}
    day = utc_day(db, col(Event.created_at))
    faq_rows = (
        await db.exec(
            select(day, Event.type, func.count())
            .where(events, col(Event.type).in_(FAQ_EVENTS))
            .group_by(day, col(Event.type))
        )
    ).all()
    faq: dict[str, dict[str, int]] = {kind: {} for kind in FAQ_EVENTS}
    for d, kind, n in faq_rows:
        faq[kind][d] = n
    return Daily(
        days=days,
        conversations=_filled(days, conversations),
        self_served=_filled(days, served),
        handed_off=_filled(days, handoffs),
        faq={kind: _filled(days, counts) for kind, counts in faq.items()},
    )


async def survey_distribution(
    db: AsyncSession, shop_id: str, start: datetime, end: datetime
) -> dict[str, dict[int, int]]:
    """How many answers gave each score, per survey kind (every score of the scale present)."""
    rows = (
        await db.exec(
            select(Event.properties).where(
                Event.shop_id == shop_id,
                Event.type == "survey_answered",
                _in(col(Event.created_at), start, end),
            )
        )
    ).all()
    counts: dict[str, Counter[int]] = {kind: Counter() for kind in SURVEY_SCALES}
    for props in rows:
        kind, score = props.get("kind"), props.get("score")
        if kind in SURVEY_SCALES and isinstance(score, int) and score in SURVEY_SCALES[kind]:
            counts[kind][score] += 1
    return {kind: {s: counts[kind][s] for s in scale} for kind, scale in SURVEY_SCALES.items()}

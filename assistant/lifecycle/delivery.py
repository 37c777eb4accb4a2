"""Delivering lifecycle actions: proactive widget messages on a page load, the widget's
feedback on them, and due emails (run by the background sweeper)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import aiosmtplib
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.conversation.engine import ChatSession
from assistant.conversation.replies import EventDraft
from assistant.errors import BadFrame
from assistant.i18n import L10n
from assistant.lifecycle.actions import actions_for
from assistant.lifecycle.codes import issue_code
from assistant.lifecycle.events import store_events
from assistant.lifecycle.mailer import Mailer
from assistant.lifecycle.outreach import STALE_AFTER, locale_of, offer_for_visit, ordered_since
from assistant.lifecycle.store import sweep_due
from assistant.lifecycle.tracking import ActionFeedback
from assistant.storage.models import Customer, CustomerLifecycle, LifecycleAction, Shop
from assistant.storage.writer import BatchWriter

log = logging.getLogger(__name__)

SUBJECT = L10n(de="Neuigkeiten von {shop}", en="News from {shop}")
FOOTER = L10n(
    de="Sie erhalten diese Nachricht, weil Sie E-Mails von {shop} zugestimmt haben.",
    en="You receive this message because you agreed to emails from {shop}.",
)
STATUS_BY_FEEDBACK = {"shown": "shown", "clicked": "clicked", "dismissed": "dismissed"}


class ActionService:
    def __init__(self, *, writer: BatchWriter, clock: Clock = utc_now) -> None:
        self._writer = writer
        self._clock = clock

    async def deliver(self, session: ChatSession, url: str) -> list[dict[str, Any]]:
        """The proactive frames for this page load (at most one)."""
        if session.customer_id is None:
            return []
        now = self._clock()
        customer_id = session.customer_id

        async def work(db: AsyncSession) -> list[dict[str, Any]]:
            offer = await offer_for_visit(db, session.shop.id, customer_id, url, now)
            if offer is None:
                return []
            await store_events(
                db,
                shop_id=session.shop.id,
                customer_id=customer_id,
                conversation_id=None,
                drafts=(
                    EventDraft(
                        "action_offered", {"action": offer.action.id, "rule": offer.rule.id}
                    ),
                ),
                now=now,
            )
            return [offer.frame(session.locale)]

        return await self._writer.submit(work)

    async def feedback(self, session: ChatSession, feedback: ActionFeedback) -> None:
        """The widget showed, clicked or dismissed a proactive message."""
        now = self._clock()

        async def work(db: AsyncSession) -> None:
            action = await db.get(LifecycleAction, feedback.action_id)
            if action is None or action.customer_id != session.customer_id:
                raise BadFrame(detail="action.id is not a message offered to this shopper")
            action.status = STATUS_BY_FEEDBACK[feedback.event]
            if feedback.event == "shown" and action.shown_at is None:
                action.shown_at = now
            if feedback.event == "clicked":
                action.clicked_at = now
                action.shown_at = action.shown_at or now
            await store_events(
                db,
                shop_id=session.shop.id,
                customer_id=action.customer_id,
                conversation_id=None,
                drafts=(
                    EventDraft(
                        f"action_{feedback.event}", {"action": action.id, "rule": action.rule}
                    ),
                ),
                now=now,
            )

        await self._writer.submit(work)

    async def sweep(self, limit: int = 500) -> int:
        """Write due time-based transitions; returns how many customers changed."""
        now = self._clock()

        async def work(db: AsyncSession) -> int:
            return await sweep_due(db, now, limit)

        return await self._writer.submit(work)

    async def send_due_emails(self, mailer: Mailer, limit: int = 50) -> int:
        """Send email actions that are due; returns how many were sent. Each is marked in its
        own unit after the SMTP server accepted it, so a crash can resend at most one. One the
        server refused (or could not take) is scheduled again for the next sweep."""
        now = self._clock()
        due = await self._writer.submit(_due_emails(now, limit))
        sent = 0
        for action_id, to, subject, body in due:
            try:
                await mailer.send(to, subject, body)
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                log.warning(
                    "lifecycle email failed, retrying with the next sweep: %s",
                    type(exc).__name__,
                    extra={"action": action_id},
                )
                await self._writer.submit(_retry_later(action_id))
                continue
            await self._writer.submit(_mark_sent(action_id, self._clock()))
            sent += 1
        return sent


def _due_emails(now: datetime, limit: int) -> Any:
    async def work(db: AsyncSession) -> list[tuple[int, str, str, str]]:
        rows = (
            await db.exec(
                select(LifecycleAction, Customer, CustomerLifecycle)
                .join(Customer, col(Customer.id) == col(LifecycleAction.customer_id))
                .outerjoin(
                    CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id)
                )
                .where(
                    LifecycleAction.channel == "email",
                    LifecycleAction.status == "scheduled",
                    col(LifecycleAction.due_at) <= now,
                )
                .order_by(col(LifecycleAction.due_at))
                .limit(limit)
                # Several instances sweep at once: each takes the rows no other is taking.
                .with_for_update(of=LifecycleAction, skip_locked=True)
            )
        ).all()
        out = []
        for action, customer, life in rows:
            shop = await db.get(Shop, action.shop_id)
            rules = {r.id: r for r in actions_for(shop.settings if shop else None)}
            rule = rules.get(action.rule)
            if rule is None or action.due_at < now - STALE_AFTER:
                action.status = "expired"
            elif not customer.email or life is None or not life.email_consent:
                action.status = "skipped"  # no address or no consent: never mailed
            elif rule.unless_ordered and await ordered_since(db, customer.id, action.created_at):
                action.status = "cancelled"
            else:
                action.status = "sending"
                lang = locale_of(customer, shop.default_locale if shop else "de")
                name = shop.name if shop else ""
                code = await issue_code(db, action, rule.code, now) if rule.code else None
                body = f"{rule.text(lang, code)}\n\n-- \n{FOOTER.get(lang, shop=name)}\n"
                out.append((action.id or 0, customer.email, SUBJECT.get(lang, shop=name), body))
        return out

    return work


def _retry_later(action_id: int) -> Any:
    async def work(db: AsyncSession) -> None:
        action = await db.get(LifecycleAction, action_id)
        if action is not None and action.status == "sending":
            action.status = "scheduled"

    return work


def _mark_sent(action_id: int, now: datetime) -> Any:
    async def work(db: AsyncSession) -> None:
        action = await db.get(LifecycleAction, action_id)
        if action is None:
            return
        action.status = "sent"
        action.shown_at = now
        await store_events(
            db,
            shop_id=action.shop_id,
            customer_id=action.customer_id,
            conversation_id=None,
            drafts=(EventDraft("action_sent", {"action": action.id, "rule": action.rule}),),
            now=now,
        )

    return work

"""Delivering lifecycle actions: proactive widget messages on a page load, the widget's
feedback on them, and due emails (run by the background sweeper): every rule's e-mail is
marketing (consent, unsubscribe headers); the double opt-in's confirmation is the one
transactional e-mail, sent without consent."""

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
from assistant.errors import AssistantError, BadFrame
from assistant.lifecycle.actions import ActionRule, actions_for
from assistant.lifecycle.codes import issue_code
from assistant.lifecycle.consent import PENDING, marketing_address, recently_confirmed_to
from assistant.lifecycle.events import store_events
from assistant.lifecycle.mailer import Mailer
from assistant.lifecycle.outbox import DueEmail, EmailComposer, PendingConfirmation
from assistant.lifecycle.outreach import STALE_AFTER, locale_of, offer_for_visit, ordered_since
from assistant.lifecycle.review_orders import order_of, request_answered
from assistant.lifecycle.store import sweep_due
from assistant.lifecycle.tracking import ActionFeedback
from assistant.storage.models import (
    Customer,
    CustomerLifecycle,
    EmailConsent,
    LifecycleAction,
    Shop,
)
from assistant.storage.writer import BatchWriter

log = logging.getLogger(__name__)

#: Failures after which an e-mail is tried again with the next sweep.
RETRY = (aiosmtplib.SMTPException, OSError, TimeoutError, AssistantError)
STATUS_BY_FEEDBACK = {"shown": "shown", "clicked": "clicked", "dismissed": "dismissed"}


class ActionService:
    def __init__(
        self,
        *,
        writer: BatchWriter,
        clock: Clock = utc_now,
        composer: EmailComposer | None = None,
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._composer = composer

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
        assert self._composer is not None, "e-mail needs a composer"
        now = self._clock()
        due: list[DueEmail] = await self._writer.submit(_due_emails(now, limit))
        sent = 0
        for item in due:
            try:
                message = await self._composer.marketing(item)
                if message is None:
                    await self._writer.submit(_retry_later(item.action_id, "cancelled"))
                    continue
                await mailer.deliver(message)
            except RETRY as exc:
                log.warning(
                    "lifecycle email failed, retrying with the next sweep: %s",
                    type(exc).__name__,
                    extra={"action": item.action_id},
                )
                await self._writer.submit(_retry_later(item.action_id))
                continue
            await self._writer.submit(_mark_sent(item.action_id, self._clock()))
            sent += 1
        return sent

    async def send_confirmations(self, mailer: Mailer, limit: int = 50) -> int:
        """Send the double opt-in's confirmation e-mails that are waiting; one the server
        refused is tried again with the next sweep."""
        assert self._composer is not None, "e-mail needs a composer"
        now = self._clock()
        pending: list[PendingConfirmation] = await self._writer.submit(
            _pending_confirmations(now, limit)
        )
        sent = 0
        for item in pending:
            try:
                await mailer.deliver(await self._composer.confirmation(item, now))
            except RETRY as exc:
                log.warning("confirmation email failed, retrying: %s", type(exc).__name__)
                await self._writer.submit(_confirmation_failed(item.customer_id, now))
                continue
            sent += 1
        return sent


def _due_emails(now: datetime, limit: int) -> Any:
    async def work(db: AsyncSession) -> list[DueEmail]:
        rows = (
            await db.exec(
                select(LifecycleAction, Customer, CustomerLifecycle, EmailConsent)
                .join(Customer, col(Customer.id) == col(LifecycleAction.customer_id))
                .outerjoin(
                    CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id)
                )
                .outerjoin(EmailConsent, col(EmailConsent.customer_id) == col(Customer.id))
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
        for action, customer, life, consent in rows:
            shop = await db.get(Shop, action.shop_id)
            rules = {r.id: r for r in actions_for(shop.settings if shop else None)}
            rule = rules.get(action.rule)
            to = marketing_address(customer, life, consent)
            if rule is None or action.due_at < now - STALE_AFTER:
                action.status = "expired"
            elif to is None:
                action.status = "skipped"  # no address with consent: never mailed
            elif await _answered_already(db, rule, action):
                action.status = "cancelled"
            else:
                action.status = "sending"
                lang = locale_of(customer, shop.default_locale if shop else "de")
                code = await issue_code(db, action, rule.code, now) if rule.code else None
                out.append(
                    DueEmail(
                        action_id=action.id or 0,
                        shop_id=action.shop_id,
                        customer_id=customer.id,
                        to=to,
                        rule=rule.id,
                        message=rule.text(lang, code),
                        lang=lang,
                        review_order=await order_of(db, action) if rule.asks_review else None,
                    )
                )
        return out

    return work


async def _answered_already(db: AsyncSession, rule: ActionRule, action: LifecycleAction) -> bool:
    """Ordered since (a cart reminder), or the order has its review (a review request)."""
    if rule.unless_ordered and await ordered_since(db, action.customer_id, action.created_at):
        return True
    return rule.asks_review and await request_answered(db, action)


def _pending_confirmations(now: datetime, limit: int) -> Any:
    """Take the waiting requests (marked as sent now, so no other sweep takes them too)."""

    async def work(db: AsyncSession) -> list[PendingConfirmation]:
        rows = (
            await db.exec(
                select(EmailConsent)
                .where(
                    EmailConsent.status == PENDING,
                    col(EmailConsent.confirm_sent_at).is_(None),
                    col(EmailConsent.email).is_not(None),
                )
                .order_by(col(EmailConsent.requested_at))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        out = []
        for consent in rows:
            consent.confirm_sent_at = now
            email = consent.email or ""
            if await recently_confirmed_to(db, consent.shop_id, email, consent.customer_id, now):
                continue  # counted as sent: the address got one today
            out.append(
                PendingConfirmation(
                    consent.shop_id, consent.customer_id, consent.email or "", consent.locale
                )
            )
        return out

    return work


def _confirmation_failed(customer_id: str, taken_at: datetime) -> Any:
    async def work(db: AsyncSession) -> None:
        consent = await db.get(EmailConsent, customer_id)
        if consent is not None and consent.confirm_sent_at == taken_at:
            consent.confirm_sent_at = None

    return work


def _retry_later(action_id: int, status: str = "scheduled") -> Any:
    async def work(db: AsyncSession) -> None:
        action = await db.get(LifecycleAction, action_id)
        if action is not None and action.status == "sending":
            action.status = status

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

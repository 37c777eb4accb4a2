"""Marketing e-mail consent by double opt-in, kept apart from who a customer is.

The chat checkout records the address a guest typed (``checkout_email``) and, when the guest
ticked the choice, a consent request (``marketing_consent``). The address goes to
``Customer.email_unverified`` (it proves nothing about who the shopper is) and a request to
an :class:`~assistant.storage.models.EmailConsent` row in ``pending``. The background
sweeper sends the confirmation e-mail (transactional); its signed link confirms the address
(``confirmed``, with the time). Only a confirmed address, or one the shop signed with its own
consent, receives marketing e-mail, and an unsubscribe stops both for good."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.storage.models import Customer, CustomerLifecycle, EmailConsent, Event

#: Events the chat checkout records; their properties carry the typed address.
CHECKOUT_EMAIL = "checkout_email"
CONSENT_REQUESTED = "marketing_consent"
#: Events the links record (no address in them).
CONFIRMED_EVENT = "email_confirmed"
UNSUBSCRIBED_EVENT = "email_unsubscribed"

PENDING, CONFIRMED, UNSUBSCRIBED = "pending", "confirmed", "unsubscribed"
#: At most one confirmation e-mail per address and day.
RESEND_AFTER = timedelta(days=1)
CHAT_CHECKOUT = "chat_checkout"


async def apply_contact_events(db: AsyncSession, rows: Sequence[Event]) -> None:
    """Inside :func:`~assistant.lifecycle.events.ingest`: keep typed addresses as unverified
    and open (or renew) consent requests, in the same transaction as the events."""
    for row in rows:
        props = row.properties or {}
        email = props.get("email")
        if row.customer_id is None or not isinstance(email, str) or "@" not in email:
            continue
        if row.type == CHECKOUT_EMAIL:
            await _keep_unverified(db, row.customer_id, email)
        elif row.type == CONSENT_REQUESTED and props.get("consent") is True:
            await _request(db, row, email, str(props.get("locale") or "de"))


async def _keep_unverified(db: AsyncSession, customer_id: str, email: str) -> None:
    """The address next to the signed one, never in its place; the signed one wins."""
    await db.exec(
        update(Customer)
        .where(
            col(Customer.id) == customer_id,
            or_(col(Customer.email).is_(None), func.lower(Customer.email) != email.lower()),
        )
        .values(email_unverified=email, unverified_source="checkout")
    )


async def _request(db: AsyncSession, row: Event, email: str, locale: str) -> None:
    assert row.customer_id is not None
    consent = await db.get(EmailConsent, row.customer_id)
    if consent is None:
        consent = EmailConsent(
            customer_id=row.customer_id,
            shop_id=row.shop_id,
            status=PENDING,
            source=CHAT_CHECKOUT,
            requested_at=row.created_at,
        )
        db.add(consent)
    elif (consent.email or "").lower() == email.lower() and (
        consent.status == CONFIRMED
        or (consent.status == PENDING and _recently_sent(consent, row.created_at))
    ):
        return  # already confirmed, or its confirmation just went out: nothing new to send
    consent.email = email
    consent.status = PENDING
    consent.source = str((row.properties or {}).get("source") or CHAT_CHECKOUT)[:32]
    consent.locale = locale
    consent.requested_at = row.created_at
    consent.confirm_sent_at = None
    consent.confirmed_at = None
    await db.flush()


def _recently_sent(consent: EmailConsent, now: datetime) -> bool:
    sent = consent.confirm_sent_at
    return sent is not None and now - sent < RESEND_AFTER


async def recently_confirmed_to(
    db: AsyncSession, shop_id: str, email: str, customer_id: str, now: datetime
) -> bool:
    """Did another request of this shop get a confirmation to this address within a day?
    Then no second one goes out: nobody can flood a stranger's mailbox from the chat."""
    query = select(EmailConsent.customer_id).where(
        EmailConsent.shop_id == shop_id,
        func.lower(EmailConsent.email) == email.lower(),
        EmailConsent.customer_id != customer_id,
        col(EmailConsent.confirm_sent_at) >= now - RESEND_AFTER,
    )
    return (await db.exec(query.limit(1))).first() is not None


class Outcome(Enum):
    DONE = "done"
    ALREADY = "already"
    INVALID = "invalid"


async def confirm(
    db: AsyncSession, shop_id: str, customer_id: str, email: str, now: datetime
) -> Outcome:
    """The signed link was opened: the pending request for exactly this address is
    confirmed. A link for an older address, or after an unsubscribe, confirms nothing."""
    consent = await db.get(EmailConsent, customer_id, with_for_update=True)
    if consent is None or consent.shop_id != shop_id or consent.email is None:
        return Outcome.INVALID
    if consent.email.lower() != email.lower():
        return Outcome.INVALID
    if consent.status == CONFIRMED:
        return Outcome.ALREADY
    if consent.status != PENDING:
        return Outcome.INVALID
    consent.status = CONFIRMED
    consent.confirmed_at = now
    await db.flush()
    return Outcome.DONE


async def unsubscribe(db: AsyncSession, shop_id: str, customer_id: str, now: datetime) -> Outcome:
    """No more marketing e-mail to this customer, whichever way it had been agreed."""
    customer = await db.get(Customer, customer_id)
    if customer is None or customer.shop_id != shop_id:
        return Outcome.INVALID
    consent = await db.get(EmailConsent, customer_id, with_for_update=True)
    if consent is not None and consent.status == UNSUBSCRIBED:
        return Outcome.ALREADY
    if consent is None:
        consent = EmailConsent(
            customer_id=customer_id,
            shop_id=shop_id,
            email=customer.email,
            status=UNSUBSCRIBED,
            source="shop",
            locale=customer.locale,
            requested_at=now,
        )
        db.add(consent)
    consent.status = UNSUBSCRIBED
    consent.unsubscribed_at = now
    await db.exec(
        update(CustomerLifecycle)
        .where(col(CustomerLifecycle.customer_id) == customer_id)
        .values(email_consent=False)
    )
    await db.flush()
    return Outcome.DONE


def marketing_address(
    customer: Customer, life: CustomerLifecycle | None, consent: EmailConsent | None
) -> str | None:
    """Where marketing e-mail may go: the address the customer confirmed by double opt-in,
    else the shop-signed address with the shop's consent; nowhere after an unsubscribe."""
    if consent is not None:
        if consent.status == UNSUBSCRIBED:
            return None
        if consent.status == CONFIRMED and consent.email:
            return consent.email
    if customer.email and life is not None and life.email_consent:
        return customer.email
    return None

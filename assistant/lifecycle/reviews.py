"""Reviews in the database: which order a review request asks about, the one review per
order (stored, recorded as a ``review`` event through the normal event path so the rules,
the score and outgoing webhooks see it), the conversation an agent gets for a detractor,
and handing the review to the shop's adapter where it takes reviews.

A review request is a lifecycle action of a rule with ``asks_review`` (by default
``ask_review``, scheduled by an ``order_delivered`` event); the order is the one that event
names. Nothing from a browser names the order: the widget and the e-mail link name the
action, which must belong to the customer asking."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import IdFactory, new_id
from assistant.conversation.replies import EventDraft
from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.lifecycle.actions import actions_for
from assistant.lifecycle.events import store_events
from assistant.lifecycle.review_orders import order_of, reviewed
from assistant.lifecycle.settings import LifecycleSettings
from assistant.shop.adapter import ShopAdapter, ShopReview, ShopUnavailable, TakesReviews
from assistant.storage.models import (
    Conversation,
    Customer,
    LifecycleAction,
    Message,
    Review,
    Shop,
)

log = logging.getLogger(__name__)

REVIEW_EVENT = "review"
#: The hand-off a detractor's review opens (the agents' queue counts it like any other).
HANDOFF_EVENT = "handoff_requested"
SENT, UNSUPPORTED, UNKNOWN_ORDER, FAILED = "sent", "unsupported", "unknown_order", "failed"

#: The line an agent reads in the queue for a review given by e-mail (no chat to read).
EMAIL_REVIEW_LINE = L10n(
    de="Bewertung per E-Mail: {stars} ({rating} von 5) für Bestellung {order}. {text}",
    en="Review by email: {stars} ({rating} of 5) for order {order}. {text}",
)


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    action_id: int
    shop_id: str
    customer_id: str
    order_id: str


@dataclass(frozen=True, slots=True)
class SavedReview:
    review_id: int
    rating: int
    order_id: str
    detractor: bool
    positive: bool


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


async def _review_rules(db: AsyncSession, shop_id: str) -> set[str]:
    shop = await db.get(Shop, shop_id)
    return {r.id for r in actions_for(shop.settings if shop else None) if r.asks_review}


async def request_of(
    db: AsyncSession, shop_id: str, customer_id: str, action_id: int
) -> ReviewRequest | None:
    """The review request ``action_id`` when it is one of this customer's, else ``None``."""
    action = await db.get(LifecycleAction, action_id)
    if action is None or action.customer_id != customer_id or action.shop_id != shop_id:
        return None
    if action.rule not in await _review_rules(db, shop_id):
        return None
    order_id = await order_of(db, action)
    if order_id is None:
        return None
    return ReviewRequest(action.id or 0, shop_id, customer_id, order_id)


async def open_request(db: AsyncSession, shop_id: str, customer_id: str) -> ReviewRequest | None:
    """The customer's latest review request whose order has no review yet (for a shopper
    who asks to rate an order without pressing the request's button)."""
    rules = await _review_rules(db, shop_id)
    if not rules:
        return None
    actions = (
        await db.exec(
            select(LifecycleAction)
            .where(
                LifecycleAction.customer_id == customer_id,
                LifecycleAction.shop_id == shop_id,
                col(LifecycleAction.rule).in_(sorted(rules)),
            )
            .order_by(col(LifecycleAction.created_at).desc())
            .limit(20)
        )
    ).all()
    for action in actions:
        order_id = await order_of(db, action)
        if order_id is not None and not await reviewed(db, shop_id, order_id):
            return ReviewRequest(action.id or 0, shop_id, customer_id, order_id)
    return None


async def save_review(
    db: AsyncSession,
    request: ReviewRequest,
    *,
    rating: int,
    text: str,
    channel: str,
    locale: str,
    settings: LifecycleSettings,
    conversation_id: str | None,
    now: datetime,
) -> SavedReview | None:
    """Store the review and its ``review`` event (``None``: the order has one already). The
    caller hands a detractor's conversation to the agents (:func:`open_for_agent`)."""
    if await reviewed(db, request.shop_id, request.order_id):
        return None
    review = Review(
        shop_id=request.shop_id,
        customer_id=request.customer_id,
        order_id=request.order_id,
        rating=rating,
        text=text,
        channel=channel,
        locale=locale,
        conversation_id=conversation_id,
        created_at=now,
    )
    db.add(review)
    await db.flush()
    props = {"rating": rating, "text": text, "order_id": request.order_id, "channel": channel}
    await store_events(
        db,
        shop_id=request.shop_id,
        customer_id=request.customer_id,
        conversation_id=conversation_id,
        drafts=(EventDraft(REVIEW_EVENT, props),),
        now=now,
    )
    action = await db.get(LifecycleAction, request.action_id)
    if action is not None and action.clicked_at is None:
        action.clicked_at = now  # answering the request is what its click is measured by
    return SavedReview(
        review_id=review.id or 0,
        rating=rating,
        order_id=request.order_id,
        detractor=rating <= settings.detractor_rating,
        positive=rating >= settings.min_review_rating,
    )


async def open_for_agent(
    db: AsyncSession,
    saved: SavedReview,
    request: ReviewRequest,
    *,
    text: str,
    locale: str,
    now: datetime,
    ids: IdFactory = new_id,
) -> str:
    """A detractor's review given outside the chat (e-mail): a conversation in the agents'
    queue (``waiting``) whose first line is the review, as the shopper gave it."""
    customer = await db.get(Customer, request.customer_id)
    conversation = Conversation(
        id=ids(),
        shop_id=request.shop_id,
        customer_id=request.customer_id,
        locale=customer.locale if customer else locale,
        status="waiting",
        created_at=now,
        updated_at=now,
        last_message_at=now,
    )
    db.add(conversation)
    await db.flush()
    line = EMAIL_REVIEW_LINE.get(
        locale, stars=stars(saved.rating), rating=saved.rating, order=saved.order_id, text=text
    ).strip()
    db.add(
        Message(
            conversation_id=conversation.id,
            direction="in",
            author="shopper",
            text=line,
            payload={"review": {"rating": saved.rating, "order_id": saved.order_id}},
            created_at=now,
        )
    )
    await mark_handed_off(db, saved, conversation.id, now)
    return conversation.id


async def mark_handed_off(
    db: AsyncSession, saved: SavedReview, conversation_id: str, now: datetime
) -> None:
    """The review points at the agent's conversation, and the hand-off is an event."""
    await db.exec(
        update(Review)
        .where(col(Review.id) == saved.review_id)
        .values(conversation_id=conversation_id)
    )
    review = await db.get(Review, saved.review_id)
    assert review is not None
    await store_events(
        db,
        shop_id=review.shop_id,
        customer_id=review.customer_id,
        conversation_id=conversation_id,
        drafts=(EventDraft(HANDOFF_EVENT, {"reason": "review", "rating": saved.rating}),),
        now=now,
    )


async def shop_review(db: AsyncSession, review_id: int) -> ShopReview | None:
    review = await db.get(Review, review_id)
    if review is None:
        return None
    customer = await db.get(Customer, review.customer_id)
    return ShopReview(
        order_id=review.order_id,
        rating=review.rating,
        text=review.text,
        locale=review.locale,
        customer_ref=customer.external_id if customer else None,
        created_at=review.created_at,
    )


async def send_to_shop(adapter: ShopAdapter, review: ShopReview, wait_s: float) -> str:
    """Hand the review to the shop; the outcome for ``review.shop_status``. A shop that is
    down loses nothing: the review stays here (``failed``) and in the events."""
    if not isinstance(adapter, TakesReviews):
        return UNSUPPORTED
    try:
        async with asyncio.timeout(wait_s):
            taken = await adapter.post_review(review)
    except (ShopUnavailable, TimeoutError) as exc:
        log.warning("the shop did not take a review: %s", type(exc).__name__)
        return FAILED
    except AssistantError as exc:
        log.warning("the shop refused a review: %s", exc.code)
        return FAILED
    return SENT if taken else UNKNOWN_ORDER


async def set_shop_status(db: AsyncSession, review_id: int, status: str) -> None:
    await db.exec(update(Review).where(col(Review.id) == review_id).values(shop_status=status))

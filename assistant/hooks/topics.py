"""What each topic's payload says, computed from what the ingest stored; the retry schedule;
which subscriber URLs are allowed. Pure: no database, no clock, no network."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

STAGE_CHANGED = "stage_changed"
LEAD = "lead"
ORDER_PLACED = "order_placed"
REVIEW = "review"
REFERRAL = "referral"
#: What a subscription may choose, in the order the console lists them.
TOPICS: tuple[str, ...] = (STAGE_CHANGED, LEAD, ORDER_PLACED, REVIEW, REFERRAL)
#: Sent only on request ("send test event"), to one subscription whatever its topics.
TEST = "test"

#: Attempts before a delivery is marked failed, and the wait after the first failure
#: (doubling each time: 1, 2, 4, ... 64 minutes, about two hours in all).
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
MAX_URL = 2000
#: Hosts a plain ``http://`` URL may name (tests and development on one machine).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class BadHook(ValueError):
    """A URL or topic choice we refuse: ``reason`` is a stable key (the console and the CLI
    word it, see :data:`assistant.hooks.subscriptions.REASONS`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_url(raw: str) -> str:
    """``https://`` anywhere, ``http://`` only to this machine (127.0.0.1, localhost)."""
    url = raw.strip()
    if not url or len(url) > MAX_URL:
        raise BadHook("url_length")
    if any(ch.isspace() for ch in url):
        raise BadHook("url_unreadable")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise BadHook("url_unreadable") from None
    if parts.scheme not in ("https", "http") or not host:
        raise BadHook("url_scheme")
    if parts.username or parts.password:
        raise BadHook("url_credentials")
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise BadHook("url_not_https")
    return url


def check_topics(raw: Iterable[str]) -> list[str]:
    chosen = {t.strip() for t in raw if t.strip()}
    if chosen - set(TOPICS):
        raise BadHook("topic_unknown")
    if not chosen:
        raise BadHook("topic_none")
    return [t for t in TOPICS if t in chosen]


def next_attempt(attempts: int, now: datetime) -> datetime | None:
    """When to try again after ``attempts`` failed ones; ``None``: give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    wait: timedelta = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return now + wait


@dataclass(frozen=True, slots=True)
class Happening:
    """Something a subscriber may want: its topic, the shop, the customer it is about (for the
    customer reference and for GDPR) and the topic's own fields."""

    shop_id: str
    topic: str
    customer_id: str | None
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    #: Other customers named in the data (a referral's referrer), as ``field -> id``.
    others: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Conversion:
    """A referral the ingest converted (:func:`assistant.lifecycle.referrals.convert_referrals`)."""

    shop_id: str
    referred_id: str
    referrer_id: str
    order_id: str
    at: datetime
    referrer_credit: str
    referred_credit: str


def happenings(
    events: Sequence[Any],
    new_orders: Iterable[int],
    transitions: Sequence[Mapping[str, Any]],
    conversions: Sequence[Conversion],
) -> list[Happening]:
    """The batch's happenings in order: ``events`` (stored rows with ids), the ids of those
    that are new orders, the ``stage_transition`` rows written, the referrals converted."""
    new = set(new_orders)
    out: list[Happening] = []
    for event in events:
        hit = _of_event(event, event.id in new)
        if hit is not None:
            out.append(hit)
    out.extend(stage_changes(transitions))
    for c in conversions:
        out.append(
            Happening(
                c.shop_id,
                REFERRAL,
                c.referred_id,
                c.at,
                {
                    "order_id": c.order_id,
                    "referrer_credit": c.referrer_credit,
                    "referred_credit": c.referred_credit,
                },
                others=(("referrer", c.referrer_id),),
            )
        )
    return out


def stage_changes(transitions: Sequence[Mapping[str, Any]]) -> list[Happening]:
    return [
        Happening(
            t["shop_id"],
            STAGE_CHANGED,
            t["customer_id"],
            t["created_at"],
            {"from": t.get("from_stage"), "to": t["to_stage"], "reason": t.get("reason")},
        )
        for t in transitions
    ]


def _of_event(event: Any, new_order: bool) -> Happening | None:
    props: Mapping[str, Any] = event.properties or {}
    kind = event.type
    conv = event.conversation_id
    if kind == "offline_message":
        data = {"kind": "offline_form", "email": props.get("email"), "conversation_id": conv}
        return Happening(event.shop_id, LEAD, event.customer_id, event.created_at, data)
    if kind == "handoff_requested" and props.get("outside_hours") is True:
        data = {"kind": "handoff_outside_hours", "email": None, "conversation_id": conv}
        return Happening(event.shop_id, LEAD, event.customer_id, event.created_at, data)
    if kind == "order_placed" and new_order:
        data = {
            "order_id": props.get("order_id"),
            "total": props.get("total"),
            "currency": props.get("currency"),
            "items": list(props.get("items") or []),
            "email": props.get("email"),
            "conversation_id": conv,
        }
        return Happening(event.shop_id, ORDER_PLACED, event.customer_id, event.created_at, data)
    if kind == "review":
        data = {
            "rating": props.get("rating"),
            "text": props.get("text"),
            "order_id": props.get("order_id"),
        }
        return Happening(event.shop_id, REVIEW, event.customer_id, event.created_at, data)
    return None


def customer_ref(customer: Any | None, customer_id: str | None) -> dict[str, Any] | None:
    """How a payload names a customer: our id, the shop's id, the e-mail the shop signed."""
    if customer_id is None:
        return None
    if customer is None:
        return {"id": customer_id, "external_id": None, "email": None}
    return {"id": customer.id, "external_id": customer.external_id, "email": customer.email}


def envelope(
    delivery_id: str, shop_id: str, topic: str, at: datetime, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The body every delivery has: ``{id, type, shop, occurred_at, data}`` (``id`` is the
    delivery's, the same on every attempt)."""
    return {
        "id": delivery_id,
        "type": topic,
        "shop": shop_id,
        "occurred_at": at.isoformat(),
        "data": dict(data),
    }

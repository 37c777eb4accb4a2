"""A shop's webhook subscriptions (add, list, switch on and off, remove, send a test event)
and their delivery log; what the console and ``shopassist hooks`` call. The signing secret
is generated here, shown once and stored sealed (:class:`SecretBox`), like a connector's."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, IdFactory, new_id, utc_now
from assistant.errors import AssistantError
from assistant.hooks.outbox import PENDING
from assistant.hooks.topics import (
    MAX_URL,
    TEST,
    TOPICS,
    BadHook,
    Happening,
    check_topics,
    check_url,
    envelope,
)
from assistant.i18n import L10n
from assistant.security.secret_key import derive_key
from assistant.shop.platforms.secrets import SecretBox
from assistant.storage.engine import Sessions
from assistant.storage.models import Shop, WebhookDelivery, WebhookSubscription

#: The purpose the sealing key is derived for from the installation's secret.
HOOK_SECRETS = "outgoing-webhook-secrets"
MAX_PER_SHOP = 10
LOG_ROWS = 50


def hook_box(installation_secret: str) -> SecretBox:
    """The box the server and the CLI share (the same installation secret, the same key)."""
    return SecretBox({}, derive_key(installation_secret, HOOK_SECRETS))


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


#: Why a subscription was refused, worded for the console (German, English) and the CLI.
REASONS: dict[str, L10n] = {
    "url_length": L10n(
        de=f"die Adresse muss 1–{MAX_URL} Zeichen haben",
        en=f"the URL must have 1-{MAX_URL} characters",
    ),
    "url_unreadable": L10n(de="die Adresse ist nicht lesbar", en="the URL cannot be read"),
    "url_scheme": L10n(
        de="die Adresse muss mit https:// beginnen und einen Host nennen",
        en="the URL must start with https:// and name a host",
    ),
    "url_credentials": L10n(
        de="die Adresse darf keinen Benutzernamen und kein Passwort enthalten",
        en="the URL must not contain a user name or password",
    ),
    "url_not_https": L10n(
        de="nur https://-Adressen (http:// nur an 127.0.0.1 oder localhost)",
        en="only https:// URLs (http:// only to 127.0.0.1 or localhost)",
    ),
    "topic_unknown": L10n(
        de="unbekanntes Thema (möglich: {topics})", en="unknown topic (one of {topics})"
    ),
    "topic_none": L10n(de="bitte mindestens ein Thema wählen", en="choose at least one topic"),
    "no_shop": L10n(de="den Shop {shop} gibt es nicht", en="there is no shop {shop}"),
    "too_many": L10n(
        de="ein Shop kann höchstens {limit} Abonnements haben",
        en="a shop may have at most {limit} subscriptions",
    ),
}


class BadSubscription(AssistantError):
    """The URL, the topics or the shop were refused; ``detail`` is the reason's key."""

    code = "bad_subscription"
    status = 400
    message = L10n(
        de="Das Abonnement wurde nicht gespeichert",
        en="The subscription was not saved",
    )

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(detail=reason)
        self.params = params

    def user_message(self, locale: str) -> str:
        params = {"topics": ", ".join(TOPICS), "limit": MAX_PER_SHOP, **self.params}
        return f"{self.message.get(locale)}: {REASONS[self.detail].get(locale, **params)}."


class SubscriptionNotFound(AssistantError):
    code = "subscription_not_found"
    status = 404
    message = L10n(
        de="Dieses Webhook-Abonnement gibt es (nicht mehr).",
        en="This webhook subscription does not exist (any more).",
    )


@dataclass(frozen=True, slots=True)
class Subscription:
    id: str
    shop_id: str
    url: str
    topics: tuple[str, ...]
    enabled: bool
    created_at: datetime
    pending: int = 0


@dataclass(frozen=True, slots=True)
class Created:
    """A new subscription and its secret: the only time the secret is shown."""

    subscription: Subscription
    secret: str


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: str
    subscription_id: str
    url: str
    topic: str
    status: str
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    finished_at: datetime | None


def _view(row: WebhookSubscription, pending: int = 0) -> Subscription:
    return Subscription(
        row.id, row.shop_id, row.url, tuple(row.topics), row.enabled, row.created_at, pending
    )


class HookAdmin:
    def __init__(
        self,
        sessions: Sessions,
        box: SecretBox,
        *,
        clock: Clock = utc_now,
        timeout: float = 10.0,
        new_secret: Callable[[], str] = _new_secret,
        ids: IdFactory = new_id,
    ) -> None:
        self._sessions = sessions
        self._box = box
        self._clock = clock
        self._timeout = timeout
        self._new_secret = new_secret
        self._ids = ids

    async def subscriptions(self, shop_id: str) -> list[Subscription]:
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            rows = (
                await db.exec(
                    select(WebhookSubscription)
                    .where(WebhookSubscription.shop_id == shop_id)
                    .order_by(col(WebhookSubscription.created_at), col(WebhookSubscription.id))
                )
            ).all()
            pending = dict(
                (
                    await db.exec(
                        select(WebhookDelivery.subscription_id, func.count())
                        .where(
                            WebhookDelivery.shop_id == shop_id, WebhookDelivery.status == PENDING
                        )
                        .group_by(col(WebhookDelivery.subscription_id))
                    )
                ).all()
            )
        return [_view(r, int(pending.get(r.id, 0))) for r in rows]

    async def add(self, shop_id: str, url: str, topics: Iterable[str]) -> Created:
        """A new enabled subscription; refused (nothing stored) for a URL we do not post to,
        an unknown topic, or a shop that has :data:`MAX_PER_SHOP` already."""
        try:
            url = check_url(url)
            chosen = check_topics(topics)
        except BadHook as exc:
            raise BadSubscription(exc.reason) from None
        secret = self._new_secret()
        row = WebhookSubscription(
            id=self._ids(),
            shop_id=shop_id,
            url=url,
            topics=chosen,
            secret=self._box.seal(secret),
            enabled=True,
            created_at=self._clock(),
        )
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            if await db.get(Shop, shop_id) is None:
                raise BadSubscription("no_shop", shop=repr(shop_id[:64]))
            count = (
                await db.exec(select(func.count()).where(WebhookSubscription.shop_id == shop_id))
            ).one()
            if count >= MAX_PER_SHOP:
                raise BadSubscription("too_many")
            db.add(row)
            await db.commit()
        return Created(_view(row), secret)

    async def set_enabled(self, shop_id: str, subscription_id: str, enabled: bool) -> None:
        """Switched off, nothing new is queued for it and its pending deliveries wait; on
        again, they go out."""
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            row = await self._get(db, shop_id, subscription_id)
            row.enabled = enabled
            db.add(row)
            await db.commit()

    async def remove(self, shop_id: str, subscription_id: str) -> None:
        """The subscription and its deliveries (pending ones are never sent)."""
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            row = await self._get(db, shop_id, subscription_id)
            await db.exec(
                delete(WebhookDelivery).where(
                    col(WebhookDelivery.subscription_id) == subscription_id
                )
            )
            await db.delete(row)
            await db.commit()

    async def test(self, shop_id: str, subscription_id: str) -> str:
        """Queue a ``test`` event for one subscription (whatever its topics); returns the
        delivery id. The sender posts it like any other."""
        now = self._clock()
        delivery = self._ids()
        hit = Happening(shop_id, TEST, None, now, {"message": "Test event from the shop assistant"})
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            await self._get(db, shop_id, subscription_id)
            db.add(
                WebhookDelivery(
                    id=delivery,
                    subscription_id=subscription_id,
                    shop_id=shop_id,
                    topic=TEST,
                    payload=envelope(delivery, shop_id, TEST, now, hit.data),
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            await db.commit()
        return delivery

    async def log(self, shop_id: str, limit: int = LOG_ROWS) -> list[LogEntry]:
        """The latest deliveries of the shop, newest first."""
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            rows = (
                await db.exec(
                    select(WebhookDelivery, WebhookSubscription.url)
                    .join(
                        WebhookSubscription,
                        col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id),
                    )
                    .where(WebhookDelivery.shop_id == shop_id)
                    .order_by(col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.id))
                    .limit(limit)
                )
            ).all()
        return [
            LogEntry(
                id=d.id,
                subscription_id=d.subscription_id,
                url=url,
                topic=d.topic,
                status=d.status,
                attempts=d.attempts,
                last_status=d.last_status,
                last_error=d.last_error,
                created_at=d.created_at,
                next_attempt_at=d.next_attempt_at if d.status == PENDING else None,
                finished_at=d.finished_at,
            )
            for d, url in rows
        ]

    @staticmethod
    async def _get(db: AsyncSession, shop_id: str, subscription_id: str) -> WebhookSubscription:
        row = await db.get(WebhookSubscription, subscription_id)
        if row is None or row.shop_id != shop_id:
            raise SubscriptionNotFound(detail=subscription_id[:64])
        return row

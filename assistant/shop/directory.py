"""Which shops exist and which web origins may embed each one. Shops change rarely and are
read on every connection, so they are cached in memory. A change (the console's settings)
calls :func:`announce_change`: this instance forgets the shop at once, and every instance
following the live bus (:meth:`ShopDirectory.follow`) forgets it too."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import UnknownShop
from assistant.live.bus import SHOPS_TOPIC, Event, LiveBus, Subscription, shop_event
from assistant.shop.settings.hours import BusinessHours, hours_from_json
from assistant.shop.settings.keys import ShopKeys, shop_keys
from assistant.storage.engine import Sessions
from assistant.storage.models import Shop

log = logging.getLogger(__name__)
SELF_ORIGIN = "self"


@dataclass(frozen=True, slots=True)
class ShopInfo:
    id: str
    name: str
    default_locale: str
    allowed_origins: tuple[str, ...]
    #: The identity secret (``Shop.secret``); see :attr:`keys` for both secrets.
    secret: str
    #: ``Shop.settings`` without the stored secrets.
    settings: dict[str, Any]
    keys: ShopKeys | None = None
    hours: BusinessHours | None = None

    def identity_secrets(self, now: datetime) -> tuple[str, ...]:
        """The secrets an identify hash may be made with at ``now``."""
        return (self.keys or ShopKeys.single(self.secret)).identity.accepted(now)

    def webhook_secrets(self, now: datetime) -> tuple[str, ...]:
        """The secrets a webhook may be signed with at ``now``."""
        return (self.keys or ShopKeys.single(self.secret)).webhook.accepted(now)

    def allows_origin(self, origin: str | None, own_origin: str | None) -> bool:
        """May a page from ``origin`` talk to this shop's assistant?

        No Origin header means no browser (a server or an app), which CORS does not concern.
        ``"self"`` in the list stands for the assistant's own origin (the demo page).
        """
        if origin is None:
            return True
        wanted = _canonical(origin)
        for allowed in self.allowed_origins:
            if allowed == "*":
                return True
            if allowed == SELF_ORIGIN:
                if own_origin is not None and wanted == _canonical(own_origin):
                    return True
            elif wanted == _canonical(allowed):
                return True
        return False


def _canonical(origin: str) -> str:
    parts = urlsplit(origin.strip().lower())
    if not parts.scheme or not parts.hostname:
        return origin.strip().lower()
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def shop_info(shop: Shop) -> ShopInfo:
    """The cached, parsed form of a shop row."""
    settings = dict(shop.settings)
    return ShopInfo(
        id=shop.id,
        name=shop.name,
        default_locale=shop.default_locale,
        allowed_origins=tuple(shop.allowed_origins),
        secret=shop.secret,
        settings={k: v for k, v in settings.items() if k != "secrets"},
        keys=shop_keys(shop.secret, settings),
        hours=_hours(shop.id, settings.get("hours")),
    )


def _hours(shop_id: str, raw: Any) -> BusinessHours | None:
    """Unusable stored hours are logged and ignored (the team counts as always there) rather
    than breaking the chat; the console only ever stores valid ones."""
    try:
        return hours_from_json(raw)
    except ValueError as exc:
        log.warning("ignoring bad business hours: %s", exc, extra={"shop_id": shop_id})
        return None


class ShopDirectory:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        self._cache: dict[str, ShopInfo] = {}
        self._lock = asyncio.Lock()

    async def get(self, shop_id: str) -> ShopInfo:
        """The shop, or :class:`UnknownShop`. Unknown ids are looked up again each time, so a
        shop created after start-up is found without a restart."""
        cached = self._cache.get(shop_id)
        if cached is not None:
            return cached
        async with self._lock:
            cached = self._cache.get(shop_id)
            if cached is not None:
                return cached
            async with self._sessions() as session:
                shop = await session.get(Shop, shop_id)
            if shop is None:
                raise UnknownShop(detail=shop_id[:64])
            self._cache[shop_id] = info = shop_info(shop)
            return info

    def forget(self, shop_id: str | None = None) -> None:
        """Drop cached data after a shop's settings change."""
        if shop_id is None:
            self._cache.clear()
        else:
            self._cache.pop(shop_id, None)

    async def follow(self, bus: LiveBus) -> Subscription:
        """Forget a shop whenever a change of it is announced on the bus (by any instance,
        once the bus spans instances)."""

        async def changed(event: Event) -> None:
            shop_id = event.get("shop")
            if event.get("kind") == "shop_changed" and isinstance(shop_id, str):
                self.forget(shop_id)

        return await bus.subscribe([SHOPS_TOPIC], changed)


async def announce_change(shops: ShopDirectory, bus: LiveBus, shop_id: str) -> None:
    """After a shop's row changed: this instance reads it anew at once, the others when the
    bus tells them."""
    shops.forget(shop_id)
    await bus.publish(SHOPS_TOPIC, shop_event(shop_id))

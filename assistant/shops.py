"""Which shops exist and which web origins may embed each one. Shops change rarely and are
read on every connection, so they are cached in memory and reloaded on demand."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import UnknownShop
from assistant.storage.engine import Sessions
from assistant.storage.models import Shop

SELF_ORIGIN = "self"


@dataclass(frozen=True, slots=True)
class ShopInfo:
    id: str
    name: str
    default_locale: str
    allowed_origins: tuple[str, ...]
    secret: str
    settings: dict[str, Any]

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


def _info(shop: Shop) -> ShopInfo:
    return ShopInfo(
        id=shop.id,
        name=shop.name,
        default_locale=shop.default_locale,
        allowed_origins=tuple(shop.allowed_origins),
        secret=shop.secret,
        settings=dict(shop.settings),
    )


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
            self._cache[shop_id] = info = _info(shop)
            return info

    def forget(self, shop_id: str | None = None) -> None:
        """Drop cached data after a shop's settings change."""
        if shop_id is None:
            self._cache.clear()
        else:
            self._cache.pop(shop_id, None)

"""Which adapter talks to which shop, chosen from the shop's settings:

* no ``adapter`` (or ``"demo"``): the built-in database shop (catalog, carts, orders in our DB);
* ``{"adapter": "http", "base_url": "https://shop.example/assistant-api", "token": "...",
  "timeout": 5}``: the shop's REST API (see the README's "Shop REST API").
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from assistant.clock import Clock, IdFactory, new_id, utc_now
from assistant.demo.shop import DemoShop
from assistant.shop.adapter import ShopAdapter, ShopUnavailable
from assistant.shop.directory import ShopInfo
from assistant.shop.http import HttpShopAdapter
from assistant.storage.engine import Sessions

log = logging.getLogger(__name__)


class ShopAdapters:
    """One adapter per shop, made on first use and closed with :meth:`close`."""

    def __init__(
        self,
        sessions: Sessions,
        clock: Clock = utc_now,
        *,
        timeout: float = 5.0,
        ids: IdFactory = new_id,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._timeout = timeout
        self._ids = ids
        self._adapters: dict[str, ShopAdapter] = {}
        self._retired: list[ShopAdapter] = []

    def get(self, shop: ShopInfo) -> ShopAdapter:
        adapter = self._adapters.get(shop.id)
        if adapter is None:
            adapter = self._make(shop)
            self._adapters[shop.id] = adapter
        return adapter

    def _make(self, shop: ShopInfo) -> ShopAdapter:
        settings = shop.settings
        kind = settings.get("adapter") or "demo"
        if kind == "demo":
            return DemoShop(self._sessions, shop.id, self._clock, self._ids)
        if kind == "http":
            base_url, token = settings.get("base_url"), settings.get("token")
            timeout = settings.get("timeout", self._timeout)
            if (
                isinstance(base_url, str)
                and urlsplit(base_url).scheme in ("http", "https")
                and isinstance(token, str)
                and token
                and isinstance(timeout, int | float)
                and 0 < timeout <= 60
            ):
                return HttpShopAdapter(base_url, token, timeout=float(timeout))
        log.error("shop %s: unusable adapter settings (adapter=%r)", shop.id, kind)
        raise ShopUnavailable(detail=f"shop {shop.id}: bad adapter settings")

    def forget(self, shop_id: str) -> None:
        """Make the adapter anew on next use (after the shop's settings changed)."""
        adapter = self._adapters.pop(shop_id, None)
        if adapter is not None:
            self._retired.append(adapter)  # closed with the others at shutdown

    async def close(self) -> None:
        adapters = [*self._adapters.values(), *self._retired]
        self._adapters, self._retired = {}, []
        for adapter in adapters:
            await adapter.close()

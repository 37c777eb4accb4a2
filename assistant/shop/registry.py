"""Which adapter talks to which shop."""

from __future__ import annotations

from assistant.clock import Clock, utc_now
from assistant.shop.adapter import ShopAdapter
from assistant.shop.demo import DemoShop
from assistant.shops import ShopInfo
from assistant.storage.engine import Sessions


class ShopAdapters:
    """One adapter per shop, made on first use. Shops without an external system (the demo
    shop, or a shop whose settings name no ``adapter``) use the built-in database shop."""

    def __init__(self, sessions: Sessions, clock: Clock = utc_now) -> None:
        self._sessions = sessions
        self._clock = clock
        self._adapters: dict[str, ShopAdapter] = {}

    def get(self, shop: ShopInfo) -> ShopAdapter:
        adapter = self._adapters.get(shop.id)
        if adapter is None:
            adapter = DemoShop(self._sessions, shop.id, self._clock)
            self._adapters[shop.id] = adapter
        return adapter

    def forget(self, shop_id: str) -> None:
        self._adapters.pop(shop_id, None)

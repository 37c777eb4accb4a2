"""Which adapter talks to which shop, chosen from the shop's settings:

* no ``adapter`` (or ``"demo"``): the built-in database shop (catalog, carts, orders in our DB);
* ``{"adapter": "feed"}``: the catalog imported from the shop's product feed (in our DB); the
  cart lives on the shop's page (``ShopAssistant.setCart``), product cards ask the page to add;
* ``{"adapter": "http", "base_url": "https://shop.example/assistant-api", "token": "...",
  "timeout": 5}``: the shop's REST API (see the README's "Shop REST API");
* ``{"adapter": "shopware" | "woocommerce" | "shopify" | "vendure", ...}``: a platform
  connector (see :mod:`assistant.shop.platforms.connect` for the settings of each), whose cart
  tokens are kept in the database.
"""

from __future__ import annotations

import logging

from assistant.clock import Clock, IdFactory, new_id, utc_now
from assistant.demo.shop import DemoShop
from assistant.shop.adapter import ShopAdapter, ShopUnavailable
from assistant.shop.directory import ShopInfo
from assistant.shop.platforms.connect import BadConnectionSettings, build_adapter
from assistant.shop.platforms.secrets import SecretBox, SecretMissing
from assistant.shop.platforms.state import DbSessions
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
        secrets: SecretBox | None = None,
    ) -> None:
        self._sessions = sessions
        self._secrets = secrets or SecretBox()
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
        if kind in ("demo", "feed"):  # "feed": the imported catalog; the page has the cart
            return DemoShop(self._sessions, shop.id, self._clock, self._ids)
        try:
            return build_adapter(
                str(kind),
                settings,
                store=DbSessions(self._sessions, shop.id, self._clock),
                secrets=self._secrets,
                timeout=self._timeout,
                clock=self._clock,
            )
        except BadConnectionSettings as exc:
            log.error("shop %s: unusable adapter settings (%s)", shop.id, exc.detail)
            raise ShopUnavailable(detail=f"shop {shop.id}: bad adapter settings") from None

    def webhook_secrets(self, shop: ShopInfo) -> tuple[str, ...]:
        """The secret a platform signs the shop's webhooks with (its ``webhook_secret``)."""
        try:
            secret = self._secrets.reveal(shop.settings.get("webhook_secret"), "webhook_secret")
        except SecretMissing as exc:
            log.error("shop %s: %s", shop.id, exc)
            return ()
        return (secret,) if secret else ()

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

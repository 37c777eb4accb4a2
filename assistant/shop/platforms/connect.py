"""From a shop's settings to a working connector: :func:`build_adapter` checks that the settings
name everything the platform needs (and says which field is missing), reveals the secrets, and
returns the adapter, whose ``await adapter.check()`` then asks the platform whether the address,
the keys and the permissions are right. ``shopassist shops`` uses both before it stores a
connection; the registry uses :func:`build_adapter` for every shop with a platform adapter.

Settings per adapter (secrets may be ``{"env": ...}`` or ``{"encrypted": ...}``, see
:mod:`assistant.shop.platforms.secrets`)::

    http         base_url, token
    shopware     base_url, access_key; client_id + client_secret (Admin API integration)
    woocommerce  base_url, consumer_key, consumer_secret
    shopify      shop_domain, storefront_token; admin_token; api_version
    vendure      base_url; admin_user + admin_password; channel_token
    all          timeout (seconds), webhook_secret (platform webhooks)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from assistant.clock import Clock, utc_now
from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.shop.adapter import ShopAdapter, ShopUnavailable
from assistant.shop.http import HttpShopAdapter
from assistant.shop.platforms.base import Problem, problem, unreachable
from assistant.shop.platforms.secrets import SecretBox, SecretMissing
from assistant.shop.platforms.shopify import ShopifyAdapter
from assistant.shop.platforms.shopware import ShopwareAdapter
from assistant.shop.platforms.state import MemorySessions, SessionStore
from assistant.shop.platforms.vendure import VendureAdapter
from assistant.shop.platforms.woocommerce import WooCommerceAdapter

KINDS = ("http", "shopware", "woocommerce", "shopify", "vendure")
SECRETS = frozenset(
    {
        "token",
        "access_key",
        "client_secret",
        "consumer_secret",
        "storefront_token",
        "admin_token",
        "admin_password",
        "webhook_secret",
    }
)


class BadConnectionSettings(AssistantError):
    code = "bad_connection_settings"
    status = 400
    message = L10n(
        de="Die Verbindungsdaten des Shops sind unvollständig oder ungültig.",
        en="The shop's connection settings are incomplete or invalid.",
    )


class Connector(ShopAdapter, Protocol):
    async def check(self) -> list[Problem]: ...


@dataclass(frozen=True, slots=True)
class _Spec:
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


SPECS: dict[str, _Spec] = {
    "http": _Spec(("base_url", "token")),
    "shopware": _Spec(("base_url", "access_key"), ("client_id", "client_secret")),
    "woocommerce": _Spec(("base_url", "consumer_key", "consumer_secret")),
    "shopify": _Spec(("shop_domain", "storefront_token"), ("admin_token", "api_version")),
    "vendure": _Spec(("base_url",), ("admin_user", "admin_password", "channel_token")),
}
_COMMON = ("adapter", "timeout", "webhook_secret", "login_url")


def build_adapter(
    kind: str,
    settings: Mapping[str, Any],
    *,
    store: SessionStore | None = None,
    secrets: SecretBox | None = None,
    timeout: float = 5.0,
    clock: Clock = utc_now,
) -> Connector:
    """The adapter for ``kind`` from ``settings``, or :class:`BadConnectionSettings` whose
    ``detail`` says what is missing or wrong."""
    spec = SPECS.get(kind)
    if spec is None:
        raise BadConnectionSettings(detail=f"adapter must be one of {', '.join(KINDS)}")
    values = _values(kind, spec, settings, secrets or SecretBox())
    wait = settings.get("timeout", timeout)
    if isinstance(wait, bool) or not isinstance(wait, int | float) or not 0 < wait <= 60:
        raise BadConnectionSettings(detail="timeout must be 1 to 60 seconds")
    wait = float(wait)
    sessions = store or MemorySessions()
    if kind == "http":
        return _CheckedHttp(values["base_url"], values["token"], timeout=wait)
    if kind == "shopware":
        return ShopwareAdapter(
            values["base_url"],
            values["access_key"],
            client_id=values.get("client_id"),
            client_secret=values.get("client_secret"),
            store=sessions,
            timeout=wait,
            clock=clock,
        )
    if kind == "woocommerce":
        return WooCommerceAdapter(
            values["base_url"],
            values["consumer_key"],
            values["consumer_secret"],
            store=sessions,
            timeout=wait,
            clock=clock,
        )
    if kind == "shopify":
        return ShopifyAdapter(
            values["shop_domain"],
            values["storefront_token"],
            admin_token=values.get("admin_token"),
            api_version=values.get("api_version") or ShopifyAdapter.API_VERSION,
            store=sessions,
            timeout=wait,
            clock=clock,
        )
    return VendureAdapter(
        values["base_url"],
        admin_user=values.get("admin_user"),
        admin_password=values.get("admin_password"),
        channel_token=values.get("channel_token"),
        store=sessions,
        timeout=wait,
        clock=clock,
    )


def _values(kind: str, spec: _Spec, settings: Mapping[str, Any], box: SecretBox) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in (*spec.required, *spec.optional):
        raw = settings.get(name)
        try:
            value = box.reveal(raw, name) if name in SECRETS else raw
        except SecretMissing as exc:
            raise BadConnectionSettings(detail=str(exc)) from None
        if value in (None, ""):
            if name in spec.required:
                raise BadConnectionSettings(detail=f"{kind} needs {name}")
            continue
        if not isinstance(value, str):
            raise BadConnectionSettings(detail=f"{name} must be a text")
        values[name] = value.strip()
    base = values.get("base_url")
    if base is not None and (
        urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname
    ):
        raise BadConnectionSettings(detail="base_url must be an http(s) address")
    domain = values.get("shop_domain")
    bare = domain.split("://", 1)[-1].rstrip("/") if domain is not None else ""
    if domain is not None and ("/" in bare or " " in bare or not bare):
        raise BadConnectionSettings(
            detail="shop_domain is the shop's host, e.g. kaffee.myshopify.com"
        )
    for pair in (("client_id", "client_secret"), ("admin_user", "admin_password")):
        if (pair[0] in values) != (pair[1] in values):
            raise BadConnectionSettings(detail=f"{pair[0]} and {pair[1]} go together")
    return values


class _CheckedHttp(HttpShopAdapter):
    """The Shop REST API adapter with the same connection check as the platforms."""

    async def check(self) -> list[Problem]:
        try:
            await self.products()
        except ShopUnavailable as exc:
            if "HTTP 401" in exc.detail or "HTTP 403" in exc.detail:
                return [
                    problem(
                        "wrong_key",
                        "Der Shop lehnt den Token ab (HTTP 401/403).",
                        "The shop refuses the token (HTTP 401/403).",
                    )
                ]
            return [unreachable(self._base, exc.detail)]
        return []

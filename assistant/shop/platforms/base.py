"""What every platform connector shares: the HTTP transport (timeouts and failures become
:class:`ShopUnavailable`), the catalog cache, cart changes as line operations, VAT classes from
tax rates, and the problems a connection check reports.

A connector maps the platform's variants to our SKUs (the variant's SKU, or its id where the
platform has none), its gross or net prices to gross ``Decimal`` euros, its tax rates to
:data:`VatClass`, and its errors to the shopper-facing errors of :mod:`assistant.shop.adapter`.
"""

from __future__ import annotations

import asyncio
import json as _json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, TypeVar

import aiohttp

from assistant.clock import Clock, utc_now
from assistant.i18n import L10n
from assistant.shop.adapter import (
    Cart,
    CartLine,
    ProductInfo,
    SetTerms,
    ShopUnavailable,
    UnknownProduct,
    VatClass,
)
from assistant.shop.codes import CodeRejected
from assistant.shop.platforms.state import SessionStore

log = logging.getLogger(__name__)
T = TypeVar("T")
CENT = Decimal("0.01")
#: A platform that says only "in stock" (no count) is taken to have this many.
PLENTY = 999


class BadAnswer(ValueError):
    """The platform answered, but not in the shape its API reference describes."""


# -- connection checks ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a connection's settings, said so an owner can fix it."""

    code: str  # unreachable, not_the_api, wrong_key, wrong_admin_key, missing_scope, ...
    message: L10n

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "de": self.message.de, "en": self.message.en}


def problem(code: str, de: str, en: str) -> Problem:
    return Problem(code, L10n(de=de, en=en))


def unreachable(url: str, why: str) -> Problem:
    return problem(
        "unreachable",
        f"Unter {url} antwortet nichts ({why}). Ist die Adresse richtig und der Shop online?",
        f"Nothing answers at {url} ({why}). Is the address right and the shop online?",
    )


def not_the_api(url: str, what: str, status: int) -> Problem:
    return problem(
        "not_the_api",
        f"{url} antwortet (HTTP {status}), aber nicht als {what}. Bitte die Basis-Adresse des Shops angeben.",
        f"{url} answers (HTTP {status}), but not as the {what}. Please give the shop's base address.",
    )


# -- money and VAT ------------------------------------------------------------------------------


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Any, name: str = "amount") -> Decimal:
    """A decimal string or JSON number as ``Decimal``; anything else is a :class:`BadAnswer`."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadAnswer(f"expected an amount in {name}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise BadAnswer(f"expected an amount in {name}") from None
    if not amount.is_finite():
        raise BadAnswer(f"expected an amount in {name}")
    return amount


def minor(value: Any, digits: int, name: str = "amount") -> Decimal:
    """An amount in minor units ("1990" with 2 digits) as euros (19.90)."""
    return money(value, name).scaleb(-digits)


def vat_class(rate: Decimal) -> VatClass:
    """The class of a platform's tax rate: 13 % is Austria's intermediate rate, up to 10 %
    the reduced rates (DE 7, AT 10, CH 2.6), above that the standard ones (19, 20, 8.1)."""
    if rate == Decimal(13):
        return "intermediate"
    if rate <= Decimal(10) and rate != Decimal("8.1"):
        return "reduced"
    return "standard"


def gross(net: Decimal, rate: Decimal) -> Decimal:
    """A net price with ``rate`` percent VAT added, to the cent."""
    return cents(net * (Decimal(100) + rate) / Decimal(100))


def split_name(full: str) -> tuple[str, str]:
    """ "Max Muster" -> ("Max", "Muster"); one word is the last name."""
    parts = full.strip().split()
    if len(parts) < 2:
        return "", full.strip()
    return " ".join(parts[:-1]), parts[-1]


def split_street(street: str) -> tuple[str, str]:
    """ "Hauptstr. 5a" -> ("Hauptstr.", "5a"), for platforms with a separate house number."""
    match = re.match(r"^(.*?)\s+(\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$", street.strip())
    if match is None:
        return street.strip(), ""
    return match.group(1), match.group(2)


# -- transport ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: Any
    text: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Transport:
    """One aiohttp session per connector; every call under ``timeout``. A timeout, a refused
    connection or a body that is not JSON raise :class:`ShopUnavailable`; statuses are the
    caller's to judge."""

    def __init__(self, timeout: float, headers: Mapping[str, str] | None = None) -> None:
        self.timeout = timeout
        self._headers = {"Accept": "application/json", **(headers or {})}
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        server_errors: bool = False,
    ) -> Answer:
        """``server_errors``: return a 5xx answer too (a connection check reads its body)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers=self._headers)
        where = url.split("?")[0]
        try:
            async with asyncio.timeout(self.timeout):
                async with self._session.request(
                    method, url, params=params, json=json, headers=headers
                ) as resp:
                    status, text = resp.status, await resp.text()
                    answer_headers = {k.lower(): v for k, v in resp.headers.items()}
        except TimeoutError:
            raise ShopUnavailable(
                detail=f"{method} {where}: no answer in {self.timeout}s"
            ) from None
        except aiohttp.ClientError as exc:
            raise ShopUnavailable(detail=f"{method} {where}: {type(exc).__name__}") from None
        if status >= 500 and not server_errors:
            log.warning("platform %s %s answered HTTP %s", method, where, status)
            raise ShopUnavailable(detail=f"{method} {where}: HTTP {status}")
        try:
            body = _json.loads(text) if text.strip() else None
        except ValueError:
            body = None
            if 200 <= status < 300:
                raise ShopUnavailable(detail=f"{method} {where}: not JSON") from None
        return Answer(status, answer_headers, body, text[:500])


def parsed(build: Callable[[], T]) -> T:
    """Run a parser over a platform's answer; a shape it does not expect is ShopUnavailable."""
    try:
        return build()
    except (BadAnswer, KeyError, TypeError, ValueError, InvalidOperation, AttributeError) as exc:
        log.warning("platform answer not as documented: %s", exc)
        raise ShopUnavailable(detail=f"bad answer: {exc}") from None


def graphql_data(body: dict[str, Any], where: str) -> dict[str, Any]:
    """The ``data`` of a GraphQL answer (Shopify, Vendure); errors, named by their codes, and
    an answer without data are :class:`ShopUnavailable`."""
    errors = body.get("errors")
    if errors:
        codes = [str((e.get("extensions") or {}).get("code", "")) for e in errors]
        raise ShopUnavailable(detail=f"{where}: {', '.join(codes)[:120]}")
    data = body.get("data")
    if not isinstance(data, dict):
        raise ShopUnavailable(detail=f"{where}: no data")
    return data


# -- the shared adapter -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlatformLine:
    """A cart line with the platform's handle for it (line id, item key)."""

    line: CartLine
    ref: str


@dataclass(slots=True)
class _Catalog:
    products: dict[str, ProductInfo] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # sku -> platform variant id
    loaded_at: datetime | None = None


class PlatformAdapter:
    """The parts of :class:`~assistant.shop.adapter.ShopAdapter` that are the same for every
    platform. A subclass loads the catalog and does single line operations; carts are kept on
    the platform under a token per cart id (:class:`SessionStore`).

    Set prices (:meth:`apply_set`) are not available through a platform connector: the
    platforms keep discounts in their own promotions, so the cart is returned unchanged.
    Discount codes (:meth:`apply_code`) are refused as "unsupported" for the same reason.
    """

    #: How long the catalog is kept before it is loaded again; a SKU not in it loads it
    #: again at most every ``_MISS_RELOAD``.
    catalog_ttl = timedelta(minutes=5)
    _MISS_RELOAD = timedelta(seconds=30)

    def __init__(self, store: SessionStore, clock: Clock = utc_now) -> None:
        self._store = store
        self._clock = clock
        self._catalog = _Catalog()
        self._loading = asyncio.Lock()

    # to be provided by each platform
    async def _load_catalog(self) -> list[tuple[ProductInfo, str]]:
        raise NotImplementedError

    async def _lines(self, cart_id: str) -> list[PlatformLine]:
        raise NotImplementedError

    async def _add(self, cart_id: str, ref: str, qty: int) -> None:
        raise NotImplementedError

    async def _change(self, cart_id: str, line: PlatformLine, qty: int) -> None:
        """Set a line's quantity; 0 removes it."""
        raise NotImplementedError

    # -- catalog --------------------------------------------------------------------------------

    async def _fresh_catalog(self, *, missing: bool = False) -> _Catalog:
        now = self._clock()
        loaded = self._catalog.loaded_at
        stale = loaded is None or now - loaded > self.catalog_ttl
        if missing and loaded is not None and now - loaded > self._MISS_RELOAD:
            stale = True
        if not stale:
            return self._catalog
        async with self._loading:
            if self._catalog.loaded_at != loaded:
                return self._catalog  # someone else loaded it meanwhile
            entries = await self._load_catalog()
            self._catalog = _Catalog(
                {p.sku: p for p, _ in entries}, {p.sku: ref for p, ref in entries}, now
            )
        return self._catalog

    async def products(self) -> list[ProductInfo]:
        return list((await self._fresh_catalog()).products.values())

    async def product(self, sku: str) -> ProductInfo | None:
        catalog = await self._fresh_catalog()
        if sku not in catalog.products:
            catalog = await self._fresh_catalog(missing=True)
        return catalog.products.get(sku)

    async def search(self, query: str, lang: str, limit: int = 5) -> list[ProductInfo]:
        words = [w for w in query.casefold().split() if len(w) > 1]
        scored = []
        for product in await self.products():
            haystack = f"{product.name(lang)} {product.sku} {product.category}".casefold()
            hits = sum(1 for w in words if w in haystack)
            if hits:
                scored.append((-hits, product.name(lang), product))
        return [p for *_, p in sorted(scored, key=lambda x: (x[0], x[1]))][:limit]

    async def ref(self, sku: str) -> str:
        """The platform's id for a SKU, or :class:`UnknownProduct`."""
        if await self.product(sku) is None:
            raise UnknownProduct(detail=sku)
        return self._catalog.refs[sku]

    # -- carts ------------------------------------------------------------------------------

    async def get_cart(self, cart_id: str) -> Cart:
        return Cart(tuple(x.line for x in await self._lines(cart_id)), cart_id=cart_id)

    async def add_to_cart(self, cart_id: str, sku: str, qty: int = 1) -> Cart:
        ref = await self.ref(sku)
        current = next((x for x in await self._lines(cart_id) if x.line.sku == sku), None)
        if current is None:
            await self._add(cart_id, ref, qty)
        else:
            await self._change(cart_id, current, current.line.qty + qty)
        return await self.get_cart(cart_id)

    async def set_quantity(self, cart_id: str, sku: str, qty: int) -> Cart:
        current = next((x for x in await self._lines(cart_id) if x.line.sku == sku), None)
        if current is not None and current.line.qty != qty:
            await self._change(cart_id, current, max(qty, 0))
        return await self.get_cart(cart_id)

    async def set_cart(self, cart_id: str, items: list[tuple[str, int]]) -> Cart:
        wanted: dict[str, int] = {}
        for sku, qty in items:
            if qty > 0 and await self.product(sku) is not None:
                wanted[sku] = wanted.get(sku, 0) + qty
        lines = await self._lines(cart_id)
        have = {x.line.sku: x for x in lines}
        for line in lines:
            if line.line.sku not in wanted:
                await self._change(cart_id, line, 0)
            elif wanted[line.line.sku] != line.line.qty:
                await self._change(cart_id, line, wanted[line.line.sku])
        for sku, qty in wanted.items():
            if sku not in have:
                await self._add(cart_id, self._catalog.refs[sku], qty)
        return await self.get_cart(cart_id)

    async def apply_set(self, cart_id: str, terms: SetTerms) -> Cart:
        return await self.get_cart(cart_id)

    async def apply_code(self, cart_id: str, code: str) -> Cart:
        """Discount codes live in the platform's own promotions and are entered in its own
        checkout: the chat says so instead of pretending to take the code."""
        raise CodeRejected("unsupported", code)

    # -- placed orders, for idempotency -------------------------------------------------------

    async def _placed(self, key: str) -> dict[str, Any] | None:
        raw = await self._store.get(f"order:{key}")
        if raw is None:
            return None
        value = _json.loads(raw)
        return value if isinstance(value, dict) else None

    async def _remember(self, key: str, placed: dict[str, Any]) -> None:
        await self._store.put(f"order:{key}", _json.dumps(placed))

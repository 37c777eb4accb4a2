"""Shops as their owners create and change them (``shopassist shops``, the console's shop
pages), so no real shop needs a database row written by hand.

Everything an owner gives is validated first and stored in one transaction: the name, the
languages (the first is the default), the origins that may embed the widget, how the
assistant reaches the shop (``feed`` by default: the catalog from the product feed, the cart on
the page), the connector's settings with every secret sealed before it is stored (encrypted
with the installation key, or a reference to a ``SHOPASSIST_SHOP_*`` environment variable),
the login and checkout pages and the business hours. A platform connection is checked against
the shop system before it is stored (:meth:`ShopAdmin.check_connection`).

:meth:`ShopAdmin.status` says what a shop still lacks before it can go live (FAQ, catalog,
origin, agents), for ``shops show`` and the console's dashboard.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func
from sqlmodel import SQLModel, col, select

from assistant.clock import Clock, utc_now
from assistant.errors import UnknownShop
from assistant.i18n import LOCALES, L10n
from assistant.shop.platforms.base import Problem
from assistant.shop.platforms.connect import (
    KINDS,
    SECRETS,
    SPECS,
    BadConnectionSettings,
    build_adapter,
)
from assistant.shop.platforms.secrets import ENV_PREFIX, SecretBox, SecretMissing
from assistant.shop.settings.errors import BadSetting
from assistant.shop.settings.hours import BusinessHours, hours_from_json
from assistant.shop.settings.keys import fresh_keys, stored
from assistant.storage.engine import Sessions
from assistant.storage.models import (
    AgentShop,
    Article,
    Basket,
    BasketItem,
    CatalogImport,
    Customer,
    DemoOrder,
    Event,
    Product,
    Shop,
)

#: ``feed``: the catalog from the product feed, the cart on the shop's page (no code);
#: ``demo``: catalog, cart and orders in the assistant's database; the rest: see
#: :mod:`assistant.shop.platforms.connect`.
ADAPTERS: tuple[str, ...] = ("feed", "demo", *KINDS)
#: Settings that belong to a connection and go when the adapter changes.
CONNECTION_KEYS = frozenset(
    {k for spec in SPECS.values() for k in (*spec.required, *spec.optional)}
    | {"timeout", "webhook_secret"}
)
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$")
_ENV_REF = "env:"

BAD_ID = L10n(
    de="„{value}“ taugt nicht als Shop-Kennung: 1 bis 64 Kleinbuchstaben, Ziffern, - oder _, "
    "z. B. kaffee-und-co.",
    en="“{value}” cannot be a shop id: 1 to 64 lower-case letters, digits, - or _, "
    "e.g. kaffee-und-co.",
)
TAKEN = L10n(de="Einen Shop „{value}“ gibt es schon.", en="There already is a shop “{value}”.")
BAD_NAME = L10n(
    de="Bitte einen Namen mit 1 bis 200 Zeichen angeben.",
    en="Please give a name of 1 to 200 characters.",
)
BAD_LANGUAGES = L10n(
    de="Sprachen: {value} – möglich sind de und en (die erste ist die Standardsprache).",
    en="Languages: {value} – possible are de and en (the first is the default).",
)
BAD_ADAPTER = L10n(
    de="„{value}“ ist keine Anbindung; möglich: {choices}.",
    en="“{value}” is not a connection; possible: {choices}.",
)
BAD_CONNECTION = L10n(
    de="Die Verbindungsdaten stimmen nicht: {value}.",
    en="The connection settings are wrong: {value}.",
)
CONNECTION_FAILS = L10n(
    de="Die Verbindung zum Shop-System klappt nicht: {value}",
    en="The connection to the shop system does not work: {value}",
)
BAD_URL = L10n(de="„{value}“ ist keine http(s)-Adresse.", en="“{value}” is not an http(s) address.")
BAD_HOURS = L10n(
    de="Öffnungszeiten „{value}“: bitte wie „mon-fri 09:00-18:00, sat 10:00-14:00“ angeben "
    "(Tage mon tue wed thu fri sat sun) oder off.",
    en="Business hours “{value}”: please write them like “mon-fri 09:00-18:00, "
    "sat 10:00-14:00” (days mon tue wed thu fri sat sun) or off.",
)
HAS_SHOPPERS = L10n(
    de="Der Shop „{value}“ hat schon Kundendaten ({count}); er wird nicht gelöscht. Erst die "
    "Kunden löschen (shopassist customers erase) oder den Shop behalten.",
    en="Shop “{value}” already holds shopper data ({count}); it is not removed. Erase the "
    "customers first (shopassist customers erase) or keep the shop.",
)


class ShopExists(BadSetting):
    def __init__(self, shop_id: str) -> None:
        super().__init__("id", TAKEN, value=shop_id)


@dataclass(frozen=True, slots=True)
class ShopForm:
    """What an owner gives for a shop; ``None`` leaves a field as it is (on a change)."""

    name: str | None = None
    languages: tuple[str, ...] | None = None
    #: Canonical origins (see :func:`~assistant.shop.settings.origins.parse_origins`).
    origins: tuple[str, ...] | None = None
    adapter: str | None = None
    #: The connector's settings as given: texts, a secret as ``env:SHOPASSIST_SHOP_...``.
    connection: Mapping[str, str] | None = None
    #: ``""`` removes the page.
    login_url: str | None = None
    checkout_url: str | None = None
    hours: BusinessHours | None = None
    no_hours: bool = False


@dataclass(frozen=True, slots=True)
class Gap:
    """Something a shop lacks before it can go live, and the command that fills it."""

    key: str
    message: L10n
    fix: str
    count: int = 0

    def text(self, lang: str) -> str:
        return self.message.get(lang, count=self.count)


@dataclass(frozen=True, slots=True)
class ShopStatus:
    shop: Shop
    articles: int
    products: int
    agents: int
    #: FAQ articles (per language) whose answer still holds a ``[[placeholder]]``.
    placeholders: int = 0
    gaps: tuple[Gap, ...] = field(default=())

    @property
    def adapter(self) -> str:
        return str(self.shop.settings.get("adapter") or "demo")

    @property
    def languages(self) -> tuple[str, ...]:
        return languages_of(self.shop)

    @property
    def hours(self) -> BusinessHours | None:
        try:
            return hours_from_json(self.shop.settings.get("hours"))
        except ValueError:
            return None

    def connection(self) -> dict[str, str]:
        """The connection's settings with every secret hidden."""
        out: dict[str, str] = {}
        for key in sorted(CONNECTION_KEYS & set(self.shop.settings)):
            value = self.shop.settings[key]
            if isinstance(value, Mapping) and "env" in value:
                out[key] = f"from ${value['env']}"
            elif isinstance(value, Mapping) and "encrypted" in value:
                out[key] = "(encrypted)"
            elif key in SECRETS:
                out[key] = "***"
            else:
                out[key] = str(value)
        return out


def languages_of(shop: Shop) -> tuple[str, ...]:
    raw = shop.settings.get("languages")
    if isinstance(raw, list) and raw and all(x in LOCALES for x in raw):
        return tuple(raw)
    return (shop.default_locale,)


# -- checking what is given ------------------------------------------------------------------


def check_id(raw: str) -> str:
    shop_id = raw.strip()
    if not _ID.match(shop_id):
        raise BadSetting("id", BAD_ID, value=shop_id[:80])
    return shop_id


def check_name(raw: str) -> str:
    name = raw.strip()
    if not 0 < len(name) <= 200:
        raise BadSetting("name", BAD_NAME)
    return name


def parse_languages(raw: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``"de, en"`` or ``("de", "en")``: each once, the first the default."""
    items = re.split(r"[\s,;]+", raw) if isinstance(raw, str) else list(raw)
    wanted = [x.strip().lower() for x in items if x.strip()]
    if not wanted or any(x not in LOCALES for x in wanted):
        raise BadSetting("languages", BAD_LANGUAGES, value=", ".join(wanted)[:40] or "–")
    return tuple(dict.fromkeys(wanted))


def check_url(raw: str, section: str) -> str:
    """A page of the shop: an http(s) address, or ``""`` for none."""
    url = raw.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 1000:
        raise BadSetting(section, BAD_URL, value=url[:120])
    return url


def check_adapter(raw: str) -> str:
    kind = raw.strip().lower()
    if kind not in ADAPTERS:
        raise BadSetting("connection", BAD_ADAPTER, value=kind[:40], choices=", ".join(ADAPTERS))
    return kind


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun)(?:\s*-\s*(mon|tue|wed|thu|fri|sat|sun))?\s+"
    r"(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})$"
)


def hours_form_from_text(text: str, timezone: str) -> dict[str, str]:
    """``"mon-fri 09:00-18:00, sat 10:00-14:00"`` as the fields of the console's hours form
    (then checked by :func:`~assistant.shop.settings.hours.hours_from_form`)."""
    form = {"enabled": "1", "timezone": timezone}
    for part in re.split(r"[,;]", text.lower()):
        if not part.strip():
            continue
        found = _SPAN.match(part.strip())
        if found is None:
            raise BadSetting("hours", BAD_HOURS, value=text[:80])
        first, last, opens, closes = found.groups()
        start, end = _DAY_NAMES.index(first), _DAY_NAMES.index(last or first)
        if end < start:
            raise BadSetting("hours", BAD_HOURS, value=text[:80])
        for day in _DAY_NAMES[start : end + 1]:
            form[f"{day}_opens"], form[f"{day}_closes"] = opens, closes
    return form


def hours_text(hours: BusinessHours | None) -> str:
    """The hours the way :func:`hours_form_from_text` reads them."""
    if hours is None:
        return ""
    parts = []
    for name, day in zip(_DAY_NAMES, hours.days, strict=True):
        if day is not None:
            parts.append(f"{name} {day.opens:%H:%M}-{day.closes:%H:%M}")
    off = "" if hours.enabled else " (switched off)"
    return ", ".join(parts) + f" ({hours.timezone}){off}" if parts else f"closed{off}"


def seal_connection(given: Mapping[str, str], box: SecretBox) -> dict[str, Any]:
    """The connection's settings as they are stored: a secret written ``env:NAME`` becomes a
    reference to that environment variable, any other secret is encrypted (never stored in
    the clear); the timeout is a number."""
    values: dict[str, Any] = {}
    for name, raw in given.items():
        if name not in CONNECTION_KEYS:
            raise BadSetting(
                "connection", BAD_CONNECTION, value=f"there is no setting {name[:40]!r}"
            )
        text = raw.strip()
        if name in SECRETS and text.startswith(_ENV_REF):
            var = text[len(_ENV_REF) :].strip()
            if not var.startswith(ENV_PREFIX) or len(var) > 100:
                raise BadSetting(
                    "connection",
                    BAD_CONNECTION,
                    value=f"{name}: environment variables must start with {ENV_PREFIX}",
                )
            values[name] = {"env": var}
        elif name in SECRETS and text:
            try:
                values[name] = box.seal(text)
            except SecretMissing as exc:
                raise BadSetting("connection", BAD_CONNECTION, value=str(exc)) from None
        elif name == "timeout":
            try:
                values[name] = float(text)
            except ValueError:
                raise BadSetting(
                    "connection", BAD_CONNECTION, value="timeout must be a number of seconds"
                ) from None
        elif text:
            values[name] = text
    return values


def check_complete(kind: str, values: Mapping[str, Any], box: SecretBox) -> None:
    """Build (without using) the connector, only to learn whether its settings are complete;
    :class:`BadSetting` says what is missing."""
    if kind not in KINDS:
        return
    # A secret from the environment is read where the server runs, which need not be here.
    here = {k: "(from the environment)" if _is_env(v) else v for k, v in values.items()}
    try:
        build_adapter(kind, here, secrets=box)
    except BadConnectionSettings as exc:
        raise BadSetting("connection", BAD_CONNECTION, value=exc.detail) from None


def _is_env(value: Any) -> bool:
    return isinstance(value, Mapping) and "env" in value


# -- the service -------------------------------------------------------------------------------


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class ShopAdmin:
    def __init__(
        self,
        sessions: Sessions,
        box: SecretBox,
        *,
        clock: Clock = utc_now,
        new_secret: Callable[[], str] = _new_secret,
        timeout: float = 10.0,
    ) -> None:
        self._sessions = sessions
        self._box = box
        self._clock = clock
        self._new_secret = new_secret
        self._timeout = timeout

    async def check_connection(
        self, kind: str, stored_settings: Mapping[str, Any]
    ) -> list[Problem]:
        """Ask the shop system whether the stored-form settings work (an empty list: yes)."""
        if kind not in KINDS:
            return []
        try:
            adapter = build_adapter(kind, stored_settings, secrets=self._box)
        except BadConnectionSettings as exc:
            raise BadSetting("connection", BAD_CONNECTION, value=exc.detail) from None
        try:
            return await adapter.check()
        finally:
            await adapter.close()

    def settings_for(self, current: Mapping[str, Any], form: ShopForm) -> dict[str, Any]:
        """``Shop.settings`` after ``form``; raises :class:`BadSetting` on bad input."""
        settings = dict(current)
        if form.adapter is not None or form.connection is not None:
            kind = form.adapter or str(settings.get("adapter") or "feed")
            connection = seal_connection(form.connection or {}, self._box)
            if form.adapter is None:  # only some settings change: keep the others
                kept = {k: v for k, v in settings.items() if k in CONNECTION_KEYS}
                connection = {**kept, **connection}
            check_complete(kind, connection, self._box)
            settings = {k: v for k, v in settings.items() if k not in CONNECTION_KEYS}
            settings.update(connection)
            settings["adapter"] = kind
        if form.languages is not None:
            settings["languages"] = list(form.languages)
        for key, value in (("login_url", form.login_url), ("checkout_url", form.checkout_url)):
            if value == "":
                settings.pop(key, None)
            elif value is not None:
                settings[key] = value
        if form.no_hours:
            settings.pop("hours", None)
        elif form.hours is not None:
            settings["hours"] = form.hours.as_json()
        return settings

    async def create(self, shop_id: str, form: ShopForm, *, agent_id: str | None = None) -> Shop:
        """A new shop with fresh signing secrets; ``agent_id`` (the admin who made it in the
        console) is given access to it."""
        shop_id = check_id(shop_id)
        name = check_name(form.name or shop_id)
        languages = form.languages or ("de",)
        settings = self.settings_for({"adapter": "feed"}, form)
        settings["languages"] = list(languages)
        column, kept = stored(fresh_keys(self._new_secret(), self._new_secret()))
        settings["secrets"] = kept
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            if await db.get(Shop, shop_id) is not None:
                raise ShopExists(shop_id)
            shop = Shop(
                id=shop_id,
                name=name,
                default_locale=languages[0],
                allowed_origins=list(form.origins or ()),
                secret=column,
                settings=settings,
                created_at=self._clock(),
            )
            db.add(shop)
            if agent_id is not None:
                await db.flush()
                db.add(AgentShop(agent_id=agent_id, shop_id=shop_id))
            await db.commit()
            await db.refresh(shop)
        return shop

    async def get(self, shop_id: str) -> Shop:
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            shop = await db.get(Shop, shop_id)
        if shop is None:
            raise UnknownShop(detail=shop_id[:64])
        return shop

    async def update(self, shop_id: str, form: ShopForm) -> Shop:
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            query = select(Shop).where(Shop.id == shop_id).with_for_update()
            shop = (await db.exec(query)).first()
            if shop is None:
                raise UnknownShop(detail=shop_id[:64])
            settings = self.settings_for(shop.settings, form)
            if form.name is not None:
                shop.name = check_name(form.name)
            if form.languages is not None:
                shop.default_locale = form.languages[0]
            if form.origins is not None:
                shop.allowed_origins = list(form.origins)
            shop.settings = settings
            db.add(shop)
            await db.commit()
            await db.refresh(shop)
        return shop

    async def remove(self, shop_id: str) -> None:
        """Delete a shop that holds no shopper data yet (a mistake, a trial), with its FAQ,
        catalog and the agents' access to it. One with customers, events or orders stays."""
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            shop = await db.get(Shop, shop_id)
            if shop is None:
                raise UnknownShop(detail=shop_id[:64])
            held = []
            for model, label in ((Customer, "customers"), (Event, "events"), (DemoOrder, "orders")):
                n = await _count(db, model, shop_id)
                if n:
                    held.append(f"{n} {label}")
            if held:
                raise BadSetting("remove", HAS_SHOPPERS, value=shop_id, count=", ".join(held))
            baskets = select(Basket.id).where(Basket.shop_id == shop_id)
            await db.exec(delete(BasketItem).where(col(BasketItem.basket_id).in_(baskets)))
            for table in reversed(SQLModel.metadata.sorted_tables):
                if table.name != "shop" and "shop_id" in table.c:
                    await db.exec(delete(table).where(table.c.shop_id == shop_id))
            await db.delete(shop)
            await db.commit()

    async def list(self, shop_ids: tuple[str, ...] | None = None) -> list[ShopStatus]:
        """Every shop (or those in ``shop_ids``) with what it lacks."""
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            query = select(Shop).order_by(Shop.id)
            if shop_ids is not None:
                query = query.where(col(Shop.id).in_(shop_ids))
            shops = (await db.exec(query)).all()
            articles = await _counts(db, Article.shop_id, func.count(func.distinct(Article.slug)))
            products = await _counts(db, Product.shop_id, func.count())
            agents = await _counts(db, AgentShop.shop_id, func.count())
            unfilled = await _counts(
                db, Article.shop_id, func.count(), col(Article.answer).contains("[[")
            )
        return [
            _status(
                s,
                articles.get(s.id, 0),
                products.get(s.id, 0),
                agents.get(s.id, 0),
                unfilled.get(s.id, 0),
            )
            for s in shops
        ]

    async def status(self, shop_id: str) -> ShopStatus:
        found = await self.list((shop_id,))
        if not found:
            raise UnknownShop(detail=shop_id[:64])
        return found[0]

    async def last_import(self, shop_id: str) -> CatalogImport | None:
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            query = (
                select(CatalogImport)
                .where(CatalogImport.shop_id == shop_id)
                .order_by(col(CatalogImport.finished_at).desc())
                .limit(1)
            )
            return (await db.exec(query)).first()


async def _count(db: Any, model: type[SQLModel], shop_id: str) -> int:
    query = select(func.count()).select_from(model).where(model.shop_id == shop_id)  # type: ignore[attr-defined]
    return int((await db.exec(query)).one())


async def _counts(db: Any, column: Any, aggregate: Any, *where: Any) -> dict[str, int]:
    rows = (await db.exec(select(column, aggregate).where(*where).group_by(column))).all()
    return {shop_id: int(n) for shop_id, n in rows}


NO_FAQ = L10n(
    de="Noch keine FAQ-Artikel: der Assistent kann keine Fragen beantworten.",
    en="No FAQ articles yet: the assistant cannot answer questions.",
)
PLACEHOLDERS_LEFT = L10n(
    de="{count} FAQ-Antworten enthalten noch Platzhalter in [[doppelten Klammern]]: bitte "
    "prüfen und anpassen.",
    en="{count} FAQ answers still hold placeholders in [[double brackets]]: please check and "
    "edit them.",
)
NO_CATALOG = L10n(
    de="Noch kein Katalog: keine Produktsuche, keine Produktkarten.",
    en="No catalog yet: no product search, no product cards.",
)
NO_ORIGIN = L10n(
    de="Keine erlaubte Herkunft: keine Website darf das Widget einbinden.",
    en="No allowed origin: no website may embed the widget.",
)
NO_AGENT = L10n(
    de="Kein Agent: Übergaben an einen Menschen erreichen niemanden.",
    en="No agent: hand-offs to a human reach no one.",
)


def _status(shop: Shop, articles: int, products: int, agents: int, placeholders: int) -> ShopStatus:
    gaps: list[Gap] = []
    if not articles:
        gaps.append(Gap("faq", NO_FAQ, f"shopassist kb import --starter --shop {shop.id}"))
    elif placeholders:
        gaps.append(
            Gap(
                "placeholders",
                PLACEHOLDERS_LEFT,
                f"console: Knowledge base, or shopassist kb export --shop {shop.id} -o faq.csv",
                placeholders,
            )
        )
    catalog_here = str(shop.settings.get("adapter") or "demo") in ("demo", "feed")
    if catalog_here and not products:
        gaps.append(
            Gap(
                "catalog",
                NO_CATALOG,
                f"shopassist catalog import FEED_FILE_OR_URL --shop {shop.id}",
            )
        )
    if not shop.allowed_origins:
        gaps.append(
            Gap("origin", NO_ORIGIN, f"shopassist shops set {shop.id} --origin https://YOUR-SHOP")
        )
    if not agents:
        gaps.append(Gap("agent", NO_AGENT, f"shopassist agents add EMAIL --shop {shop.id}"))
    return ShopStatus(shop, articles, products, agents, placeholders, tuple(gaps))


__all__ = [
    "ADAPTERS",
    "Gap",
    "ShopAdmin",
    "ShopExists",
    "ShopForm",
    "ShopStatus",
]

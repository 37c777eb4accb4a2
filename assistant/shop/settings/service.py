"""Reading and changing a shop's settings for the console: admins of the shop only, each
change validated before anything is written, stored in one transaction, then made live
(the shop directory forgets the shop here and, through the live bus, everywhere).

What reads the settings and how they become live:

* allowed origins, secrets, business hours, FAQ thresholds: :class:`~assistant.shop.directory.ShopInfo`
  from the directory's cache, which :func:`~assistant.shop.directory.announce_change` empties; open
  widget connections take the fresh copy with their next message;
* lifecycle rules, action rules (:mod:`assistant.shop.settings.rules`) and score weights:
  read from the database with every batch of events and every page load.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import select

from assistant.clock import Clock, utc_now
from assistant.errors import Forbidden, UnknownShop
from assistant.faq.knowledge import shop_thresholds
from assistant.i18n import L10n
from assistant.lifecycle.compose import MAX_TEMPLATE_CHARS as MAX_CHARS
from assistant.lifecycle.compose import TEMPLATE_NAME
from assistant.lifecycle.settings import (
    DEFAULT_SETTINGS,
    BadSettings,
    LifecycleSettings,
    parse_settings,
)
from assistant.live.bus import LiveBus
from assistant.shop.directory import ShopDirectory, ShopInfo, announce_change
from assistant.shop.settings.errors import BadSetting
from assistant.shop.settings.hours import BusinessHours, hours_from_form
from assistant.shop.settings.keys import GRACE_HOURS, KINDS, ShopKeys, shop_keys, stored
from assistant.shop.settings.origins import parse_origins
from assistant.shop.settings.tuning import faq_from_form, lifecycle_from_form, weight_keys
from assistant.storage.engine import Sessions
from assistant.storage.models import Shop
from assistant.support.accounts import AgentAccount
from assistant.support.canned import AdminsOnly
from knowledge_base import Thresholds

log = logging.getLogger(__name__)

SECTIONS = ("origins", "secrets", "faq", "lifecycle", "hours")


NOT_YOUR_SHOP = L10n(
    de="Für diesen Shop sind Sie nicht freigeschaltet.",
    en="You have no access to this shop.",
)


CONFIRM_FIRST = L10n(
    de="Bitte bestätigen Sie das Erneuern des Geheimnisses. Es wurde nichts geändert.",
    en="Please confirm renewing the secret. Nothing was changed.",
)
FROM_ENVIRONMENT = L10n(
    de="Die Geheimnisse dieses Shops kommen aus der Umgebung (SHOPASSIST_SHOP_SECRETS) und "
    "werden dort erneuert. Es wurde nichts geändert.",
    en="This shop's secrets come from the environment (SHOPASSIST_SHOP_SECRETS) and are "
    "renewed there. Nothing was changed.",
)
BAD_TEMPLATE = L10n(
    de="Diese E-Mail-Vorlage gibt es nicht, oder sie ist zu lang. Es wurde nichts geändert.",
    en="There is no such email template, or it is too long. Nothing was changed.",
)
BAD_GRACE = L10n(
    de="Bitte eine der angebotenen Übergangszeiten wählen.",
    en="Please choose one of the grace periods offered.",
)


@dataclass(frozen=True, slots=True)
class SettingsView:
    """What the settings page shows for one shop."""

    shop: ShopInfo
    keys: ShopKeys
    faq: Thresholds
    faq_default: Thresholds
    faq_own: bool
    lifecycle: LifecycleSettings
    #: ``False`` when the stored lifecycle settings are unusable (the defaults are shown).
    lifecycle_ok: bool
    weights: tuple[tuple[str, float], ...]
    hours: BusinessHours | None


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class ShopSettingsService:
    def __init__(
        self,
        sessions: Sessions,
        shops: ShopDirectory,
        bus: LiveBus,
        *,
        faq_default: Thresholds,
        clock: Clock = utc_now,
        new_secret: Callable[[], str] = _new_secret,
        timeout: float = 10.0,
    ) -> None:
        self._sessions = sessions
        self._shops = shops
        self._bus = bus
        self._faq_default = faq_default
        self._clock = clock
        self._new_secret = new_secret
        self._timeout = timeout

    # -- reading -------------------------------------------------------------------------------

    async def view(self, account: AgentAccount, shop_id: str) -> SettingsView:
        check_admin(account, shop_id)
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            row = await db.get(Shop, shop_id)
        if row is None:
            raise UnknownShop(detail=shop_id[:64])
        info = self._shops.parse(row)
        try:
            lifecycle, ok = parse_settings(info.settings), True
        except BadSettings:
            lifecycle, ok = DEFAULT_SETTINGS, False
        faq = shop_thresholds(info, self._faq_default)
        return SettingsView(
            shop=info,
            keys=info.keys or ShopKeys.single(info.secret),
            faq=faq,
            faq_default=self._faq_default,
            faq_own=isinstance(info.settings.get("faq"), dict),
            lifecycle=lifecycle,
            lifecycle_ok=ok,
            weights=tuple((k, lifecycle.weight(k)) for k in weight_keys(lifecycle.weights)),
            hours=info.hours,
        )

    # -- changing ------------------------------------------------------------------------------

    async def save_origins(self, account: AgentAccount, shop_id: str, text: str) -> None:
        check_admin(account, shop_id)
        origins = list(parse_origins(text))

        def apply(shop: Shop) -> None:
            shop.allowed_origins = origins

        await self._change(account, shop_id, "origins", apply)

    async def save_faq(
        self, account: AgentAccount, shop_id: str, answer: str, suggest: str
    ) -> None:
        check_admin(account, shop_id)
        faq = faq_from_form(answer, suggest)
        await self._change(account, shop_id, "faq", _set_key("faq", faq))

    async def save_lifecycle(
        self, account: AgentAccount, shop_id: str, form: Mapping[str, str]
    ) -> None:
        view = await self.view(account, shop_id)
        lifecycle = lifecycle_from_form(form, view.shop.settings, view.lifecycle.weights)
        await self._change(account, shop_id, "lifecycle", _set_key("lifecycle", lifecycle))

    async def save_hours(
        self, account: AgentAccount, shop_id: str, form: Mapping[str, str]
    ) -> None:
        check_admin(account, shop_id)
        hours = hours_from_form(form).as_json()
        await self._change(account, shop_id, "hours", _set_key("hours", hours))

    async def rotate(
        self, account: AgentAccount, shop_id: str, kind: str, grace_hours: str, confirmed: bool
    ) -> None:
        """A new secret of ``kind`` (identity or webhook); the old one stays valid for
        ``grace_hours`` (one of :data:`GRACE_HOURS`)."""
        check_admin(account, shop_id)
        if kind not in KINDS:
            raise ValueError(f"no secret {kind[:20]!r}")  # the route allows only KINDS
        if not grace_hours.isdigit() or int(grace_hours) not in GRACE_HOURS:
            raise BadSetting("secrets", BAD_GRACE)
        if not confirmed:
            raise BadSetting("secrets", CONFIRM_FIRST)
        if self._shops.from_environment(shop_id):
            raise BadSetting("secrets", FROM_ENVIRONMENT)
        grace = timedelta(hours=int(grace_hours))
        now, new = self._clock(), self._new_secret()

        def apply(shop: Shop) -> None:
            keys = shop_keys(shop.secret, shop.settings).rotated(kind, new, now, grace)
            column, kept = stored(keys)
            settings = {k: v for k, v in shop.settings.items() if k != "secrets"}
            if kept:
                settings["secrets"] = kept
            shop.secret, shop.settings = column, settings

        await self._change(account, shop_id, "secrets", apply)
        log.info(
            "shop secret rotated",
            extra={"shop_id": shop_id, "kind": kind, "grace_h": grace_hours, "agent": account.id},
        )

    async def reveal(self, account: AgentAccount, shop_id: str) -> ShopKeys:
        """The secrets in full, for the admin to copy into the shop's systems (logged, the
        values never)."""
        view = await self.view(account, shop_id)
        log.info("shop secrets shown", extra={"shop_id": shop_id, "agent": account.id})
        return view.keys

    async def save_email_template(
        self, account: AgentAccount, shop_id: str, name: str, source: str | None
    ) -> None:
        """Keep the shop's own version of one e-mail template (``None``: back to the built-in
        one). The caller has checked that it renders (templates are the web layer's)."""
        check_admin(account, shop_id)
        if not TEMPLATE_NAME.match(name) or (source is not None and len(source) > MAX_CHARS):
            raise BadSetting("emails", BAD_TEMPLATE)

        def apply(shop: Shop) -> None:
            email = dict(shop.settings.get("email") or {})
            own = {k: v for k, v in dict(email.get("templates") or {}).items() if k != name}
            if source is not None:
                own[name] = source
            email["templates"] = own
            shop.settings = {**shop.settings, "email": email}

        await self._change(account, shop_id, "emails", apply)

    async def _change(
        self, account: AgentAccount, shop_id: str, section: str, apply: Callable[[Shop], None]
    ) -> None:
        await change_shop(self._sessions, shop_id, apply, self._timeout)
        await announce_change(self._shops, self._bus, shop_id)
        log.info(
            "shop settings changed",
            extra={"shop_id": shop_id, "section": section, "agent": account.id},
        )


async def change_shop(
    sessions: Sessions, shop_id: str, apply: Callable[[Shop], None], seconds: float
) -> None:
    """Change one shop's row in one transaction, the row locked while ``apply`` reads and
    changes it (so two admins editing at once do not lose each other's change); an error
    ``apply`` raises leaves the row as it was. Announcing the change is the caller's."""
    async with asyncio.timeout(seconds), sessions() as db:
        query = select(Shop).where(Shop.id == shop_id).with_for_update()
        shop = (await db.exec(query)).first()
        if shop is None:
            raise UnknownShop(detail=shop_id[:64])
        apply(shop)
        db.add(shop)
        await db.commit()


def check_admin(account: AgentAccount, shop_id: str) -> None:
    """Only an admin of ``shop_id`` may read or change its settings."""
    if not account.is_admin:
        raise AdminsOnly()
    if not account.can_see(shop_id):
        raise Forbidden(message=NOT_YOUR_SHOP, detail=f"{account.id} -> {shop_id[:64]}")


def _set_key(key: str, value: Any) -> Callable[[Shop], None]:
    """Replace (``None``: remove) one key of ``Shop.settings``, keeping the others."""

    def apply(shop: Shop) -> None:
        settings = {k: v for k, v in shop.settings.items() if k != key}
        if value is not None:
            settings[key] = value
        shop.settings = settings

    return apply

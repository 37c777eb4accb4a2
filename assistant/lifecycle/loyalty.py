"""Loyalty points and referral credits, as the shop configures them (``Shop.settings``
``loyalty`` and ``referral``). Pure: settings in, points, tiers and credits out.

Points are not stored: they are computed from the customer's orders (``purchase``, refunded
and cancelled ones left out) and converted referrals, so a refund, a merge or a changed rate
never leaves a balance that disagrees with the orders."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.i18n import L10n
from assistant.lifecycle.settings import BadSettings

#: The tiers a shop gets unless it defines its own (points needed, name).
DEFAULT_TIERS: tuple[tuple[int, L10n], ...] = (
    (0, L10n(de="Bronze", en="Bronze")),
    (250, L10n(de="Silber", en="Silver")),
    (1000, L10n(de="Gold", en="Gold")),
)


@dataclass(frozen=True, slots=True)
class LoyaltySettings:
    enabled: bool = True
    #: Points per unit of the order's currency (1: one point per euro), rounded down.
    points_per_unit: float = 1.0
    #: Points each side gets when a referral converts.
    referral_points: int = 100
    tiers: tuple[tuple[int, L10n], ...] = DEFAULT_TIERS


@dataclass(frozen=True, slots=True)
class ReferralSettings:
    enabled: bool = True
    #: What the referrer and the new customer are credited when the first order arrives.
    referrer_credit: Decimal = Decimal("5.00")
    referred_credit: Decimal = Decimal("5.00")
    currency: str = "EUR"
    #: Where a referral link points (the code is appended as ``sa_ref``); ``None``: the
    #: shop's first allowed origin.
    landing_url: str | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """A customer's balance and tier, and what the next tier needs."""

    points: int
    tier: L10n
    next_tier: L10n | None
    missing: int


def _object(raw: Any, key: str) -> Mapping[str, Any]:
    value = (raw or {}).get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise BadSettings(detail=f"settings.{key} must be an object")
    return value


def _amount(value: Any, name: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise BadSettings(detail=f"referral.{name} must be an amount") from None
    if amount < 0 or isinstance(value, bool):
        raise BadSettings(detail=f"referral.{name} must be an amount >= 0")
    return amount


def loyalty_settings(shop_settings: Mapping[str, Any] | None) -> LoyaltySettings:
    raw = _object(shop_settings, "loyalty")
    if not raw:
        return LoyaltySettings()
    tiers = DEFAULT_TIERS
    if "tiers" in raw:
        try:
            tiers = tuple(
                sorted(
                    ((int(t["min_points"]), L10n(**t["name"])) for t in raw["tiers"]),
                    key=lambda t: t[0],
                )
            )
        except (KeyError, TypeError, ValueError):
            raise BadSettings(
                detail='loyalty.tiers: [{"min_points": 0, "name": {"de": .., "en": ..}}, ...]'
            ) from None
        if not tiers or tiers[0][0] != 0:
            raise BadSettings(detail="loyalty.tiers must start with a tier at 0 points")
    rate = raw.get("points_per_unit", 1)
    bonus = raw.get("referral_points", 100)
    if isinstance(rate, bool) or not isinstance(rate, int | float) or rate < 0:
        raise BadSettings(detail="loyalty.points_per_unit must be a number >= 0")
    if isinstance(bonus, bool) or not isinstance(bonus, int) or bonus < 0:
        raise BadSettings(detail="loyalty.referral_points must be a whole number >= 0")
    return LoyaltySettings(bool(raw.get("enabled", True)), float(rate), bonus, tiers)


def referral_settings(shop_settings: Mapping[str, Any] | None) -> ReferralSettings:
    raw = _object(shop_settings, "referral")
    if not raw:
        return ReferralSettings()
    url = raw.get("landing_url")
    if url is not None and (not isinstance(url, str) or not url.startswith(("https://", "/"))):
        raise BadSettings(detail="referral.landing_url must start with https:// or /")
    currency = str(raw.get("currency", "EUR"))
    if len(currency) != 3:
        raise BadSettings(detail="referral.currency must be a three-letter code")
    return ReferralSettings(
        enabled=bool(raw.get("enabled", True)),
        referrer_credit=_amount(raw.get("referrer_credit", "5.00"), "referrer_credit"),
        referred_credit=_amount(raw.get("referred_credit", "5.00"), "referred_credit"),
        currency=currency.upper(),
        landing_url=url,
    )


def order_points(total: Decimal, settings: LoyaltySettings) -> int:
    return max(0, math.floor(float(total) * settings.points_per_unit))


def standing(points: int, settings: LoyaltySettings) -> Standing:
    tier = settings.tiers[0][1]
    for need, name in settings.tiers:
        if points >= need:
            tier = name
        else:
            return Standing(points, tier, name, need - points)
    return Standing(points, tier, None, 0)

"""A shop's lifecycle settings (``Shop.settings["lifecycle"]``), parsed into plain values with
defaults. Pure: the store hands the JSON in, the rules get typed settings out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.lifecycle.stages import Stage

#: Events that show a visitor is doing more than looking (awareness -> engagement).
ENGAGING_EVENTS = frozenset(
    {
        "message_sent",
        "faq_answered",
        "faq_feedback",
        "cart_updated",
        "bundle_clicked",
        "bundle_accepted",
        "product_search",
        "product_clicked",
        "product_added",
        "checkout_step",
        "track",
        "identify",
        "handoff_requested",
        "survey_answered",
        "action_clicked",
        "customer_created",
        "review",
    }
)

#: Weights of the engagement score. ``order`` is a new order, whichever event announced it
#: (order events themselves weigh 0, so created + paid is not counted twice);
#: ``track:NAME`` weighs a named ``track`` event differently from other ``track`` events.
DEFAULT_WEIGHTS: dict[str, float] = {
    "page_view": 1.0,
    "message_sent": 2.0,
    "faq_answered": 1.0,
    "faq_feedback": 2.0,
    "cart_updated": 3.0,
    "bundle_clicked": 2.0,
    "bundle_accepted": 4.0,
    "product_search": 1.0,
    "product_clicked": 2.0,
    "product_added": 4.0,
    "checkout_step": 3.0,
    "handoff_requested": 1.0,
    "identify": 2.0,
    "track": 2.0,
    "track:referral": 10.0,
    "review_posted": 6.0,
    "review": 6.0,
    "survey_answered": 3.0,
    "action_clicked": 2.0,
    "order": 10.0,
}


class BadSettings(AssistantError):
    code = "bad_settings"
    status = 400
    message = L10n(
        de="Die Lifecycle-Einstellungen des Shops sind ungültig.",
        en="The shop's lifecycle settings are not valid.",
    )


@dataclass(frozen=True, slots=True)
class LifecycleSettings:
    #: No order for this many days: at risk; twice as many: lapsed.
    at_risk_days: float = 90.0
    half_life_days: float = 14.0
    #: The decayed sum at which the score reaches 63 (1 - 1/e) of 100.
    score_scale: float = 20.0
    #: The number of orders at which the score's frequency part reaches 63 % (1 - 1/e).
    order_scale: float = 3.0
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    engaging_events: frozenset[str] = ENGAGING_EVENTS
    referral_tracks: frozenset[str] = frozenset({"referral", "referred_friend", "share"})
    #: A review (``review``, ``review_posted``) with at least this many stars is positive.
    min_review_rating: int = 4
    promoter_score: int = 9
    #: A review with at most this many stars is a detractor's: an agent gets a conversation
    #: and no referral is asked for.
    detractor_rating: int = 2
    #: An NPS answer of at most this is a detractor's: the chat goes to the agents' queue.
    nps_detractor_score: int = 6
    #: A positive review in the chat is answered with a referral invitation.
    review_referral: bool = True
    #: ``None``: the built-in table (``rules.DEFAULT_RULES``).
    rules: tuple[Mapping[str, Any], ...] | None = None

    def weight(self, kind: str, track_name: str | None = None) -> float:
        if kind == "track" and track_name is not None:
            named = self.weights.get(f"track:{track_name}")
            if named is not None:
                return named
        return self.weights.get(kind, 0.0)


DEFAULT_SETTINGS = LifecycleSettings()


def parse_settings(shop_settings: Mapping[str, Any] | None) -> LifecycleSettings:
    """``shop_settings`` is the whole ``Shop.settings``; only its ``lifecycle`` key is read."""
    raw = (shop_settings or {}).get("lifecycle")
    if not raw:
        return DEFAULT_SETTINGS
    if not isinstance(raw, Mapping):
        raise BadSettings(detail="settings.lifecycle must be an object")
    weights = dict(DEFAULT_WEIGHTS)
    extra = raw.get("weights", {})
    if not isinstance(extra, Mapping):
        raise BadSettings(detail="lifecycle.weights must be an object")
    for key, value in extra.items():
        weights[str(key)] = _number(value, f"weights.{key}", low=0.0)
    rules = raw.get("rules")
    if rules is not None and (
        not isinstance(rules, list) or not all(isinstance(r, Mapping) for r in rules)
    ):
        raise BadSettings(detail="lifecycle.rules must be a list of objects")
    return LifecycleSettings(
        at_risk_days=_number(raw.get("at_risk_days", 90), "at_risk_days", low=1.0),
        half_life_days=_number(raw.get("half_life_days", 14), "half_life_days", low=0.01),
        score_scale=_number(raw.get("score_scale", 20), "score_scale", low=0.01),
        order_scale=_number(raw.get("order_scale", 3), "order_scale", low=0.01),
        weights=weights,
        engaging_events=_names(raw, "engaging_events", ENGAGING_EVENTS),
        referral_tracks=_names(raw, "referral_tracks", DEFAULT_SETTINGS.referral_tracks),
        min_review_rating=int(_number(raw.get("min_review_rating", 4), "min_review_rating", 1)),
        promoter_score=int(_number(raw.get("promoter_score", 9), "promoter_score", 0)),
        detractor_rating=int(_number(raw.get("detractor_rating", 2), "detractor_rating", 0)),
        nps_detractor_score=int(
            _number(raw.get("nps_detractor_score", 6), "nps_detractor_score", -1)
        ),
        review_referral=_flag(raw, "review_referral", default=True),
        rules=tuple(rules) if rules is not None else None,
    )


def _number(value: Any, name: str, low: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
        raise BadSettings(detail=f"lifecycle.{name} must be a number >= {low}")
    return float(value)


def _flag(raw: Mapping[str, Any], key: str, *, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise BadSettings(detail=f"lifecycle.{key} must be true or false")
    return value


def _names(raw: Mapping[str, Any], key: str, default: frozenset[str]) -> frozenset[str]:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadSettings(detail=f"lifecycle.{key} must be a list of names")
    return frozenset(value)


def stage_of(raw: Any) -> Stage | None:
    """``"new"`` (never seen) is ``None``; anything else must be a stage."""
    if raw == "new":
        return None
    try:
        return Stage(raw)
    except ValueError:
        raise BadSettings(detail=f"unknown stage {raw!r}") from None

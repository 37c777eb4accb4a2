"""The numbers an admin tunes: FAQ thresholds, the lifecycle's time rule and thresholds, and
the engagement score's weights and half-life. Pure: form fields in, settings JSON out, or a
:class:`BadSetting` that says which field and why."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.i18n import L10n
from assistant.lifecycle.settings import DEFAULT_WEIGHTS, BadSettings, parse_settings
from assistant.shop.settings.errors import BadSetting

LABELS: dict[str, L10n] = {
    "answer": L10n(de="Antworten ab", en="Answer from"),
    "suggest": L10n(de="Vorschlagen ab", en="Suggest from"),
    "at_risk_days": L10n(
        de="Gefährdet nach (Tagen ohne Bestellung)", en="At risk after (days without an order)"
    ),
    "half_life_days": L10n(de="Halbwertszeit (Tage)", en="Half-life (days)"),
    "score_scale": L10n(de="Skala des Werts", en="Score scale"),
    "min_review_rating": L10n(de="Gute Bewertung ab (Sterne)", en="Good review from (stars)"),
    "promoter_score": L10n(de="Promoter ab (NPS)", en="Promoter from (NPS)"),
}
#: Names of the weighted events, for the form and for messages.
WEIGHT_LABELS: dict[str, L10n] = {
    "page_view": L10n(de="Seitenaufruf", en="Page view"),
    "message_sent": L10n(de="Nachricht im Chat", en="Chat message"),
    "faq_answered": L10n(de="FAQ-Antwort", en="FAQ answer"),
    "faq_feedback": L10n(de="Bewertung einer FAQ-Antwort", en="FAQ answer rated"),
    "cart_updated": L10n(de="Warenkorb geändert", en="Cart changed"),
    "bundle_clicked": L10n(de="Angebot angeklickt", en="Offer clicked"),
    "bundle_accepted": L10n(de="Angebot angenommen", en="Offer accepted"),
    "checkout_step": L10n(de="Kassenschritt", en="Checkout step"),
    "handoff_requested": L10n(de="Mensch angefragt", en="Human requested"),
    "identify": L10n(de="Angemeldet", en="Signed in"),
    "track": L10n(de="Shop-Ereignis (track)", en="Shop event (track)"),
    "track:referral": L10n(de="Empfehlung (track: referral)", en="Referral (track: referral)"),
    "review_posted": L10n(de="Bewertung geschrieben", en="Review posted"),
    "survey_answered": L10n(de="Umfrage beantwortet", en="Survey answered"),
    "action_clicked": L10n(de="Proaktive Nachricht angeklickt", en="Proactive message clicked"),
    "order": L10n(de="Neue Bestellung", en="New order"),
}
WEIGHT_MAX = 1000.0

REQUIRED = L10n(de="Bitte „{field}“ angeben.", en="Please fill in “{field}”.")
NOT_A_NUMBER = L10n(
    de="„{field}“: „{value}“ ist keine Zahl.", en="“{field}”: “{value}” is not a number."
)
OUT_OF_RANGE = L10n(
    de="„{field}“ muss zwischen {low} und {high} liegen.",
    en="“{field}” must be between {low} and {high}.",
)
NOT_WHOLE = L10n(de="„{field}“ muss eine ganze Zahl sein.", en="“{field}” must be a whole number.")
BOTH_OR_NONE = L10n(
    de="Bitte beide Schwellen angeben, oder beide leer lassen (dann gelten die Standardwerte).",
    en="Please give both thresholds, or leave both empty (the defaults then apply).",
)
ANSWER_ABOVE_SUGGEST = L10n(
    de="„Antworten ab“ ({answer}) muss größer sein als „Vorschlagen ab“ ({suggest}).",
    en="“Answer from” ({answer}) must be greater than “Suggest from” ({suggest}).",
)
LIFECYCLE_REFUSED = L10n(
    de="Die Lifecycle-Einstellungen wären ungültig ({why}). Es wurde nichts geändert.",
    en="The lifecycle settings would not be valid ({why}). Nothing was changed.",
)


@dataclass(frozen=True, slots=True)
class Bounds:
    low: float
    high: float
    whole: bool = False


LIFECYCLE_BOUNDS: dict[str, Bounds] = {
    "at_risk_days": Bounds(1, 3650, whole=True),
    "half_life_days": Bounds(0.5, 3650),
    "score_scale": Bounds(1, 100_000),
    "min_review_rating": Bounds(1, 5, whole=True),
    "promoter_score": Bounds(0, 10, whole=True),
}


def number(section: str, raw: str, label: L10n, bounds: Bounds) -> float:
    """``raw`` as typed (``0,45`` or ``0.45``) within ``bounds``."""
    text = raw.strip().replace(",", ".")
    if not text:
        raise BadSetting(section, REQUIRED, field=label)
    try:
        value = float(text)
    except ValueError:
        raise BadSetting(section, NOT_A_NUMBER, field=label, value=raw.strip()[:40]) from None
    if not math.isfinite(value) or not bounds.low <= value <= bounds.high:
        raise BadSetting(
            section, OUT_OF_RANGE, field=label, low=_show(bounds.low), high=_show(bounds.high)
        )
    if bounds.whole and value != int(value):
        raise BadSetting(section, NOT_WHOLE, field=label)
    return float(int(value)) if bounds.whole else value


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


# -- FAQ -----------------------------------------------------------------------------------------


def faq_from_form(answer_raw: str, suggest_raw: str) -> dict[str, float] | None:
    """``settings["faq"]``, or ``None`` (both fields empty) for the server's defaults."""
    if not answer_raw.strip() and not suggest_raw.strip():
        return None
    if not answer_raw.strip() or not suggest_raw.strip():
        raise BadSetting("faq", BOTH_OR_NONE)
    unit = Bounds(0, 1)
    answer = number("faq", answer_raw, LABELS["answer"], unit)
    suggest = number("faq", suggest_raw, LABELS["suggest"], unit)
    if answer <= suggest:
        raise BadSetting("faq", ANSWER_ABOVE_SUGGEST, answer=_show(answer), suggest=_show(suggest))
    return {"answer": answer, "suggest": suggest}


# -- lifecycle and engagement score --------------------------------------------------------------


def weight_keys(current: Mapping[str, float]) -> list[str]:
    """The weights the form shows: the built-in ones, then any the shop added itself."""
    return [*DEFAULT_WEIGHTS, *sorted(k for k in current if k not in DEFAULT_WEIGHTS)]


def lifecycle_from_form(
    form: Mapping[str, str], settings: Mapping[str, Any], current_weights: Mapping[str, float]
) -> dict[str, Any]:
    """The new ``settings["lifecycle"]``: the form's values over the stored ones (rules,
    engaging events and the like stay as they are). Weights equal to the built-in default
    are not stored, so a later change of a default reaches the shop."""
    lifecycle = dict(settings.get("lifecycle") or {})
    for key, bounds in LIFECYCLE_BOUNDS.items():
        value = number("lifecycle", form.get(key, ""), LABELS[key], bounds)
        lifecycle[key] = int(value) if bounds.whole else value
    weights: dict[str, float] = {}
    for key in weight_keys(current_weights):
        label = WEIGHT_LABELS.get(key) or L10n(de=key, en=key)
        value = number("lifecycle", form.get(f"w.{key}", ""), label, Bounds(0, WEIGHT_MAX))
        if value != DEFAULT_WEIGHTS.get(key):
            weights[key] = value
    lifecycle["weights"] = weights
    try:
        parse_settings({"lifecycle": lifecycle})  # the same check the ingest applies
    except BadSettings as exc:
        raise BadSetting("lifecycle", LIFECYCLE_REFUSED, why=exc.detail) from None
    return lifecycle

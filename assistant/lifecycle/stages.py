"""The lifecycle stages and the reasons a customer moves between them, in both languages
(agents read them in the console, shops in the metrics)."""

from __future__ import annotations

from enum import StrEnum

from assistant.i18n import L10n


class Stage(StrEnum):
    AWARENESS = "awareness"
    ENGAGEMENT = "engagement"
    CONVERSION = "conversion"
    RETENTION = "retention"
    ADVOCACY = "advocacy"
    AT_RISK = "at_risk"
    LAPSED = "lapsed"


STAGE_NAMES: dict[Stage, L10n] = {
    Stage.AWARENESS: L10n(de="Aufmerksamkeit", en="Awareness"),
    Stage.ENGAGEMENT: L10n(de="Interesse", en="Engagement"),
    Stage.CONVERSION: L10n(de="Kauf", en="Conversion"),
    Stage.RETENTION: L10n(de="Bindung", en="Retention"),
    Stage.ADVOCACY: L10n(de="Empfehlung", en="Advocacy"),
    Stage.AT_RISK: L10n(de="Gefährdet", en="At risk"),
    Stage.LAPSED: L10n(de="Abgewandert", en="Lapsed"),
}

#: Why a transition happened; ``{...}`` fields come from the transition's ``detail``.
REASONS: dict[str, L10n] = {
    "first_contact": L10n(de="Erster Kontakt ({event})", en="First contact ({event})"),
    "engaged": L10n(de="Hat sich beteiligt ({event})", en="Engaged ({event})"),
    "first_order": L10n(de="Erste Bestellung", en="First order"),
    "repeat_order": L10n(de="Wiederholungskauf", en="Repeat order"),
    "won_back": L10n(
        de="Nach {days} Tagen ohne Bestellung zurückgewonnen",
        en="Won back after {days} days without an order",
    ),
    "order_reversed": L10n(
        de="Einzige Bestellung storniert oder erstattet",
        en="Only order cancelled or refunded",
    ),
    "referral": L10n(de="Hat den Shop weiterempfohlen", en="Referred the shop"),
    "positive_review": L10n(
        de="Positive Bewertung ({rating} von 5)", en="Positive review ({rating} of 5)"
    ),
    "promoter": L10n(de="Promotor (NPS {score})", en="Promoter (NPS {score})"),
    "no_order": L10n(de="{days} Tage ohne Bestellung", en="{days} days without an order"),
}


def describe(reason: str, detail: dict[str, object], locale: str) -> str:
    """The reason as a sentence; an unknown code (a shop's own rule) is shown as it is."""
    text = REASONS.get(reason)
    if text is None:
        return reason
    try:
        return text.get(locale, **detail)
    except (KeyError, IndexError, ValueError):
        return text.get(locale, **{k: "?" for k in ("event", "days", "rating", "score")})

"""Checking a lifecycle action rule before it is stored, field by field, with a message in
German and English for each problem, so the console's form and the CLI can say exactly what
to fix. Pure: the rule's JSON (as ``Shop.settings["actions"]`` keeps it) or the editor's
text fields in, an :class:`~assistant.lifecycle.actions.ActionRule` or the problems out.
The rule itself is read by :func:`~assistant.lifecycle.actions.parse_action`, the same
parser the engine uses; this module only explains what that parser would refuse.

Field names are the editor's (``text_de``, ``delay``, ``limit``, ``code_value``…); each maps
to one key of the stored JSON (see :data:`JSON_KEYS`)."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.lifecycle.actions import (
    CHANNELS,
    DEFAULT_ACTIONS,
    ActionRule,
    action_json,
    parse_action,
)
from assistant.lifecycle.rules import ORDER_EVENTS, REVERSAL_EVENTS
from assistant.lifecycle.settings import DEFAULT_WEIGHTS, ENGAGING_EVENTS, BadSettings
from assistant.lifecycle.stages import Stage

TRIGGERS = ("visit", "event")
#: The events an ``event`` rule may wait for; ``order`` is any new order, whichever event
#: announced it. A new event type the engine stores is added here to become a trigger.
EVENT_TRIGGERS: frozenset[str] = frozenset(
    {"order", *ORDER_EVENTS, *REVERSAL_EVENTS, *ENGAGING_EVENTS}
    | {k for k in DEFAULT_WEIGHTS if ":" not in k and k != "order"}
    | {rule.event for rule in DEFAULT_ACTIONS if rule.event}
)
STAGE_NAMES = ("new", *(s.value for s in Stage))
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
CODE_PREFIX = re.compile(r"^[A-Za-z0-9-]{0,20}$")
MAX_TEXT = 1000
MAX_BUTTON = 80
MAX_DELAY_S = 365 * 86_400
MAX_DAYS = 3650
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86_400}
_DURATION = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(s|min|m|h|d)?\s*$", re.IGNORECASE)

#: Editor field -> key path in the stored JSON.
JSON_KEYS: dict[str, str] = {
    "id": "id",
    "enabled": "enabled",
    "trigger": "trigger",
    "event": "event",
    "stages": "stages",
    "page": "page",
    "min_score": "min_score",
    "delay": "delay_s",
    "channels": "channels",
    "text_de": "message.de",
    "text_en": "message.en",
    "button_de": "cta.de",
    "button_en": "cta.en",
    "limit": "cooldown_days",
    "unless_ordered": "unless_ordered",
    "asks_review": "asks_review",
    "code": "code.kind",
    "code_value": "code.value",
    "code_days": "code.valid_days",
    "code_prefix": "code.prefix",
    "code_min_order": "code.min_order",
}
FIELDS = tuple(JSON_KEYS)

LABELS: dict[str, L10n] = {
    "id": L10n(de="Name", en="Name"),
    "enabled": L10n(de="Aktiv", en="Enabled"),
    "trigger": L10n(de="Auslöser", en="Trigger"),
    "event": L10n(de="Ereignis", en="Event"),
    "stages": L10n(de="Phasen", en="Stages"),
    "page": L10n(de="Seitenadresse (regulärer Ausdruck)", en="Page address (regular expression)"),
    "min_score": L10n(de="Mindestwert (Bewertung/NPS)", en="Minimum score (rating/NPS)"),
    "delay": L10n(de="Verzögerung", en="Delay"),
    "channels": L10n(de="Kanäle", en="Channels"),
    "text_de": L10n(de="Text (Deutsch)", en="Text (German)"),
    "text_en": L10n(de="Text (Englisch)", en="Text (English)"),
    "button_de": L10n(de="Knopf (Deutsch)", en="Button (German)"),
    "button_en": L10n(de="Knopf (Englisch)", en="Button (English)"),
    "limit": L10n(
        de="Höchstens einmal je Kunde in (Tagen)", en="At most once per customer in (days)"
    ),
    "unless_ordered": L10n(
        de="Entfällt, wenn inzwischen bestellt", en="Dropped if the customer has ordered since"
    ),
    "asks_review": L10n(
        de="Bittet um eine Bewertung der Bestellung", en="Asks for a review of the order"
    ),
    "code": L10n(de="Gutscheincode", en="Discount code"),
    "code_value": L10n(de="Wert des Codes", en="Code value"),
    "code_days": L10n(de="Code gültig (Tage)", en="Code valid (days)"),
    "code_prefix": L10n(de="Code-Präfix", en="Code prefix"),
    "code_min_order": L10n(de="Mindestbestellwert (EUR)", en="Minimum order (EUR)"),
}

REQUIRED = L10n(de="Bitte angeben.", en="Please fill this in.")
BAD_ID = L10n(
    de="Nur Kleinbuchstaben, Ziffern, _ und - (höchstens 64 Zeichen), z. B. win_back.",
    en="Only lower-case letters, digits, _ and - (at most 64 characters), e.g. win_back.",
)
TAKEN_ID = L10n(de="Eine Regel „{value}“ gibt es schon.", en="There is already a rule “{value}”.")
UNKNOWN_TRIGGER = L10n(
    de="Unbekannter Auslöser „{value}“: visit (Seitenaufruf) oder event (Ereignis).",
    en="Unknown trigger “{value}”: visit (page load) or event.",
)
UNKNOWN_EVENT = L10n(
    de="Unbekanntes Ereignis „{value}“ (bekannt: {known}).",
    en="Unknown event “{value}” (known: {known}).",
)
UNKNOWN_STAGE = L10n(
    de="Unbekannte Phase „{value}“ (bekannt: {known}).",
    en="Unknown stage “{value}” (known: {known}).",
)
BAD_PATTERN = L10n(
    de="Kein gültiger regulärer Ausdruck: {value}.", en="Not a valid regular expression: {value}."
)
NOT_A_NUMBER = L10n(de="„{value}“ ist keine Zahl.", en="“{value}” is not a number.")
NOT_WHOLE = L10n(de="Bitte eine ganze Zahl angeben.", en="Please give a whole number.")
AT_LEAST = L10n(de="Muss mindestens {low} sein.", en="Must be at least {low}.")
AT_MOST = L10n(de="Darf höchstens {high} sein.", en="Must be at most {high}.")
NEGATIVE_DELAY = L10n(
    de="Die Verzögerung darf nicht negativ sein.", en="The delay cannot be negative."
)
BAD_DELAY = L10n(
    de="„{value}“ ist keine Dauer: z. B. 30s, 15min, 24h oder 7d.",
    en="“{value}” is not a duration: e.g. 30s, 15min, 24h or 7d.",
)
DELAY_TOO_LONG = L10n(
    de="Die Verzögerung darf höchstens 365 Tage betragen.",
    en="The delay can be at most 365 days.",
)
NO_CHANNEL = L10n(
    de="Bitte mindestens einen Kanal wählen.", en="Please choose at least one channel."
)
UNKNOWN_CHANNEL = L10n(
    de="Unbekannter Kanal „{value}“ (widget oder email).",
    en="Unknown channel “{value}” (widget or email).",
)
EMPTY_TEXT = L10n(
    de="Der Text darf in dieser Sprache nicht leer sein.",
    en="The text cannot be empty in this language.",
)
TOO_LONG = L10n(de="Höchstens {high} Zeichen.", en="At most {high} characters.")
BUTTON_BOTH = L10n(
    de="Den Knopf bitte in beiden Sprachen beschriften, oder in keiner.",
    en="Please label the button in both languages, or in neither.",
)
CODE_MISSING_IN_TEXT = L10n(
    de="Die Regel gibt einen Gutscheincode; der Text muss ihn mit {{code}} nennen.",
    en="The rule gives a discount code; the text must name it with {{code}}.",
)
CODE_WITHOUT_SPEC = L10n(
    de="Der Text nennt {{code}}, aber die Regel gibt keinen Gutscheincode.",
    en="The text names {{code}}, but the rule gives no discount code.",
)
UNKNOWN_CODE_KIND = L10n(
    de="Unbekannte Art „{value}“: none, percent (Prozent) oder amount (Euro).",
    en="Unknown kind “{value}”: none, percent or amount (euros).",
)
MORE_THAN_ZERO = L10n(de="Muss größer als 0 sein.", en="Must be more than 0.")
PERCENT_OVER = L10n(de="Höchstens 100 %.", en="At most 100%.")
BAD_PREFIX = L10n(
    de="Nur Buchstaben, Ziffern und - (höchstens 20 Zeichen).",
    en="Only letters, digits and - (at most 20 characters).",
)
NOT_YES_NO = L10n(de="Bitte ja oder nein angeben.", en="Please say yes or no.")
NOT_AN_OBJECT = L10n(de="Eine Regel ist ein JSON-Objekt.", en="A rule is a JSON object.")
REFUSED = L10n(
    de="Die Regel lässt sich so nicht verwenden ({value}).",
    en="The rule cannot be used like this ({value}).",
)
SUMMARY = L10n(
    de="Die Regel ist ungültig; es wurde nichts geändert.",
    en="The rule is not valid; nothing was changed.",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with one field of a rule."""

    field: str
    message: L10n
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def text(self, lang: str) -> str:
        raw = self.message.en if lang == "en" else self.message.de
        return raw.format(**self.params)  # always: ``{{code}}`` is shown as ``{code}``

    def line(self, lang: str) -> str:
        """``Label: message``, for the CLI and the form's summary."""
        label = LABELS[self.field].get(lang) if self.field in LABELS else self.field
        return f"{label}: {self.text(lang)}"


class RuleInvalid(AssistantError):
    """The rule was not stored; ``problems`` says which fields to fix and why."""

    code = "bad_rule"
    status = 400
    message = SUMMARY

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(detail="; ".join(p.line("en") for p in problems)[:500])
        self.problems = tuple(problems)

    def by_field(self, lang: str) -> dict[str, str]:
        """The first problem of each field, in ``lang`` (for the form)."""
        found: dict[str, str] = {}
        for p in self.problems:
            found.setdefault(p.field, p.text(lang))
        return found


# -- the stored JSON ----------------------------------------------------------------------------


def check_rule(raw: Any, *, taken: Collection[str] = ()) -> ActionRule:
    """The rule ``raw`` (stored JSON form) if every field is right, else :class:`RuleInvalid`
    with all its problems. ``taken``: the ids of the shop's other rules."""
    problems = rule_problems(raw, taken=taken)
    if problems:
        raise RuleInvalid(problems)
    try:
        return parse_action(raw)
    except BadSettings as exc:  # a case the checks above missed: still said, never stored
        raise RuleInvalid([Problem("id", REFUSED, {"value": exc.detail[:200]})]) from None


def check_rules(raws: Any) -> tuple[ActionRule, ...]:
    """A whole list (``Shop.settings["actions"]``): each rule checked, ids unique."""
    if not isinstance(raws, list):
        raise RuleInvalid([Problem("id", NOT_AN_OBJECT)])
    rules: list[ActionRule] = []
    for raw in raws:
        rules.append(check_rule(raw, taken=[r.id for r in rules]))
    return tuple(rules)


def rule_problems(raw: Any, *, taken: Collection[str] = ()) -> list[Problem]:
    if not isinstance(raw, Mapping):
        return [Problem("id", NOT_AN_OBJECT)]
    out: list[Problem] = []
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        out.append(Problem("id", REQUIRED))
    elif not RULE_ID.match(rule_id):
        out.append(Problem("id", BAD_ID))
    elif rule_id in taken:
        out.append(Problem("id", TAKEN_ID, {"value": rule_id}))
    trigger = raw.get("trigger")
    if trigger not in TRIGGERS:
        out.append(Problem("trigger", UNKNOWN_TRIGGER, {"value": _shown(trigger)}))
    if trigger == "event":
        event = raw.get("event")
        if not event:
            out.append(Problem("event", REQUIRED))
        elif event not in EVENT_TRIGGERS:
            known = ", ".join(sorted(EVENT_TRIGGERS))
            out.append(Problem("event", UNKNOWN_EVENT, {"value": _shown(event), "known": known}))
    out += _stages(raw.get("stages"))
    page = raw.get("page")
    if page is not None:
        if not isinstance(page, str):
            out.append(Problem("page", BAD_PATTERN, {"value": _shown(page)}))
        else:
            try:
                re.compile(page)
            except re.error as exc:
                out.append(Problem("page", BAD_PATTERN, {"value": str(exc)}))
    if raw.get("min_score") is not None:
        out += _whole("min_score", raw["min_score"], 0, 10)
    out += _delay(raw.get("delay_s", 0))
    out += _channels(raw.get("channels", ["widget"]))
    out += _texts(raw.get("message"), "text", MAX_TEXT, required=True)
    if raw.get("cta") is not None:
        out += _texts(raw.get("cta"), "button", MAX_BUTTON, required=False)
    out += _number("limit", raw.get("cooldown_days", 30), 0, MAX_DAYS)
    for key in ("unless_ordered", "enabled", "asks_review"):
        if key in raw and not isinstance(raw[key], bool):
            out.append(Problem(key, NOT_YES_NO))
    out += _code(raw.get("code"), raw.get("message"))
    return out


def _shown(value: Any) -> str:
    return str(value)[:60]


def _stages(stages: Any) -> list[Problem]:
    if stages is None:
        return []
    if not isinstance(stages, list):
        return [Problem("stages", UNKNOWN_STAGE, {"value": _shown(stages), "known": _known()})]
    return [
        Problem("stages", UNKNOWN_STAGE, {"value": _shown(s), "known": _known()})
        for s in stages
        if s not in STAGE_NAMES
    ][:1]


def _known() -> str:
    return ", ".join(STAGE_NAMES)


def _whole(name: str, value: Any, low: int, high: int) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(name, NOT_WHOLE)]
    return _bounds(name, value, low, high)


def _number(name: str, value: Any, low: float, high: float) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return [Problem(name, NOT_A_NUMBER, {"value": _shown(value)})]
    return _bounds(name, value, low, high)


def _bounds(name: str, value: float, low: float, high: float) -> list[Problem]:
    if value < low:
        return [Problem(name, AT_LEAST, {"low": _plain(low)})]
    if value > high:
        return [Problem(name, AT_MOST, {"high": _plain(high)})]
    return []


def _plain(value: float) -> str:
    return f"{value:g}"


def _delay(value: Any) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem("delay", NOT_WHOLE)]
    if value < 0:
        return [Problem("delay", NEGATIVE_DELAY)]
    if value > MAX_DELAY_S:
        return [Problem("delay", DELAY_TOO_LONG)]
    return []


def _channels(value: Any) -> list[Problem]:
    if not isinstance(value, list) or not value:
        return [Problem("channels", NO_CHANNEL)]
    bad = [c for c in value if c not in CHANNELS]
    if bad:
        return [Problem("channels", UNKNOWN_CHANNEL, {"value": _shown(bad[0])})]
    return []


def _texts(value: Any, prefix: str, high: int, *, required: bool) -> list[Problem]:
    texts = value if isinstance(value, Mapping) else {}
    given = {lang: texts.get(lang) for lang in ("de", "en")}
    filled = {lang: isinstance(t, str) and bool(t.strip()) for lang, t in given.items()}
    out = []
    if not required and any(filled.values()) and not all(filled.values()):
        missing = "de" if not filled["de"] else "en"
        return [Problem(f"{prefix}_{missing}", BUTTON_BOTH)]
    for lang, text in given.items():
        name = f"{prefix}_{lang}"
        if not filled[lang]:
            if required:
                out.append(Problem(name, EMPTY_TEXT))
        elif isinstance(text, str) and len(text) > high:
            out.append(Problem(name, TOO_LONG, {"high": high}))
    return out


def _code(code: Any, message: Any) -> list[Problem]:
    texts = message if isinstance(message, Mapping) else {}
    naming = {lang: "{code}" in str(texts.get(lang) or "") for lang in ("de", "en")}
    if not code:
        return [Problem(f"text_{lang}", CODE_WITHOUT_SPEC) for lang, yes in naming.items() if yes]
    if not isinstance(code, Mapping):
        return [Problem("code", UNKNOWN_CODE_KIND, {"value": _shown(code)})]
    out: list[Problem] = []
    kind = code.get("kind", "percent")
    if kind not in ("percent", "amount"):
        out.append(Problem("code", UNKNOWN_CODE_KIND, {"value": _shown(kind)}))
    value = _decimal(code.get("value"))
    if value is None:
        out.append(Problem("code_value", NOT_A_NUMBER, {"value": _shown(code.get("value"))}))
    elif value <= 0:
        out.append(Problem("code_value", MORE_THAN_ZERO))
    elif kind == "percent" and value > 100:
        out.append(Problem("code_value", PERCENT_OVER))
    out += _whole("code_days", code.get("valid_days", 30), 1, MAX_DAYS)
    prefix = code.get("prefix", "")
    if not isinstance(prefix, str) or not CODE_PREFIX.match(prefix):
        out.append(Problem("code_prefix", BAD_PREFIX))
    minimum = _decimal(code.get("min_order", 0))
    if minimum is None:
        value_shown = _shown(code.get("min_order"))
        out.append(Problem("code_min_order", NOT_A_NUMBER, {"value": value_shown}))
    elif minimum < 0:
        out.append(Problem("code_min_order", AT_LEAST, {"low": 0}))
    for lang, names_it in naming.items():
        if not names_it and str(texts.get(lang) or "").strip():  # an empty one is said already
            out.append(Problem(f"text_{lang}", CODE_MISSING_IN_TEXT))
    return out


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# -- the editor's text fields -------------------------------------------------------------------


def rule_fields(rule: ActionRule) -> dict[str, str]:
    """The rule as the editor's text fields (the console form, ``shopassist rules show``)."""
    raw = action_json(rule)
    code = raw.get("code") or {}
    return {
        "id": rule.id,
        "enabled": _yes(rule.enabled),
        "trigger": rule.trigger,
        "event": rule.event or "",
        "stages": ",".join(raw.get("stages", [])),
        "page": rule.page or "",
        "min_score": "" if rule.min_score is None else str(rule.min_score),
        "delay": format_delay(rule.delay_s),
        "channels": ",".join(rule.channels),
        "text_de": rule.message.de,
        "text_en": rule.message.en,
        "button_de": rule.cta.de if rule.cta else "",
        "button_en": rule.cta.en if rule.cta else "",
        "limit": _plain(rule.cooldown_days),
        "unless_ordered": _yes(rule.unless_ordered),
        "asks_review": _yes(rule.asks_review),
        "code": str(code.get("kind", "none")),
        "code_value": str(code.get("value", "")),
        "code_days": str(code.get("valid_days", "")),
        "code_prefix": str(code.get("prefix", "")),
        "code_min_order": str(code.get("min_order", "")),
    }


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def format_delay(seconds: int) -> str:
    """``86400`` -> ``24h``: the largest unit that divides it."""
    for unit, size in (("d", 86_400), ("h", 3600), ("min", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def rule_from_fields(fields: Mapping[str, str]) -> dict[str, Any]:
    """The stored JSON form of the editor's fields, or :class:`RuleInvalid` for fields that
    are not even numbers, durations or yes/no (the rest is :func:`check_rule`'s job)."""
    problems: list[Problem] = []

    def get(name: str) -> str:
        return str(fields.get(name) or "").strip()

    def yes(name: str, default: bool) -> bool:
        value = get(name).lower()
        if not value:
            return default
        if value in ("yes", "ja", "true", "1", "on", "y", "j"):
            return True
        if value in ("no", "nein", "false", "0", "off", "n"):
            return False
        problems.append(Problem(name, NOT_YES_NO))
        return default

    def number(name: str, default: float) -> float:
        value = get(name).replace(",", ".")
        if not value:
            return default
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems.append(Problem(name, NOT_A_NUMBER, {"value": get(name)[:60]}))
            return default
        return number

    raw: dict[str, Any] = {
        "id": get("id"),
        "trigger": get("trigger"),
        "message": {"de": str(fields.get("text_de") or ""), "en": str(fields.get("text_en") or "")},
    }
    if not yes("enabled", True):
        raw["enabled"] = False
    if raw["trigger"] == "event":
        raw["event"] = get("event")
    if get("button_de") or get("button_en"):
        raw["cta"] = {"de": get("button_de"), "en": get("button_en")}
    stages = [s.strip() for s in re.split(r"[,\s]+", get("stages")) if s.strip()]
    if stages:
        raw["stages"] = stages
    if get("page") and raw["trigger"] == "visit":
        raw["page"] = get("page")
    if get("min_score"):
        score = number("min_score", 0.0)
        raw["min_score"] = int(score) if score.is_integer() else score
    try:
        raw["delay_s"] = parse_delay(get("delay") or "0")
    except ValueError:
        problems.append(Problem("delay", BAD_DELAY, {"value": get("delay")[:60]}))
    raw["channels"] = [c.strip() for c in re.split(r"[,\s]+", get("channels")) if c.strip()]
    limit = number("limit", 30.0)
    raw["cooldown_days"] = int(limit) if limit.is_integer() else limit
    if yes("unless_ordered", False):
        raw["unless_ordered"] = True
    if yes("asks_review", False):
        raw["asks_review"] = True
    kind = get("code").lower()
    if kind and kind not in ("none", "no", "off", "-"):
        code: dict[str, Any] = {"kind": kind, "value": get("code_value").replace(",", ".")}
        days = number("code_days", 30.0)
        code["valid_days"] = int(days) if days.is_integer() else days
        code["prefix"] = get("code_prefix")
        code["min_order"] = get("code_min_order").replace(",", ".") or "0"
        raw["code"] = code
    if problems:
        raise RuleInvalid(problems)
    return raw


def parse_delay(text: str) -> int:
    """``"30s"``, ``"15min"``, ``"24h"``, ``"7d"`` or plain seconds -> seconds (``ValueError``
    for anything else; a negative number is returned as such, for :func:`check_rule` to name)."""
    found = _DURATION.match(text)
    if not found:
        raise ValueError(text)
    amount = float(found.group(1).replace(",", "."))
    return round(amount * _UNITS[(found.group(2) or "s").lower()])


def edited(current: ActionRule | None, changes: Mapping[str, str]) -> dict[str, str]:
    """The editor's fields of ``current`` (empty for a new rule) with ``changes`` applied."""
    fields = rule_fields(current) if current is not None else {"channels": "widget"}
    return {**fields, **{k: v for k, v in changes.items() if k in JSON_KEYS}}

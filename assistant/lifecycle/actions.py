"""Lifecycle actions: per-shop rules that turn a stage, an event or time into a proactive
widget message (shown the next time the shopper is on the site) or, with consent, an email.
The rule table and the decisions are pure; ``assistant/lifecycle/outreach.py`` stores,
delivers, sends and rate-limits them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.i18n import L10n
from assistant.lifecycle.rules import OrderEffect
from assistant.lifecycle.settings import BadSettings
from assistant.lifecycle.stages import Stage

CHANNELS = ("widget", "email")
#: An order this soon after an action was shown or sent counts as its conversion.
CONVERSION_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """The discount code a rule gives: one code per customer (made when the message is first
    shown, the same code again until it is used or expires), ``{code}`` in the message."""

    kind: str  # percent | amount
    value: Decimal
    valid_days: int = 30
    prefix: str = ""
    min_order: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class ActionRule:
    id: str
    #: ``visit``: checked when the shopper loads a page; ``event``: when an event is stored.
    trigger: str
    message: L10n
    cta: L10n | None = None
    stages: frozenset[Stage | None] | None = None
    event: str | None = None
    #: For ``event``: the event's ``score``/``rating`` must be at least this.
    min_score: int | None = None
    #: For ``visit``: a regular expression the page address must match.
    page: str | None = None
    #: ``visit``: seconds on the page before the widget shows it; ``event``: seconds until due.
    delay_s: int = 0
    channels: tuple[str, ...] = ("widget",)
    cooldown_days: float = 30.0
    #: Not shown or sent if the customer ordered after the action was scheduled.
    unless_ordered: bool = False
    #: A personal discount code for each customer the rule reaches.
    code: CodeSpec | None = None
    #: A switched-off rule stays in the shop's list (and its figures) but never acts.
    enabled: bool = True
    #: Asks for a review of the order its event names (``order_delivered``): its button
    #: leads to the star rating, its e-mail carries signed rating links, and it is dropped
    #: once the order has a review.
    asks_review: bool = False

    def text(self, locale: str, code: str | None = None) -> str:
        """The message in ``locale`` with the customer's code in place of ``{code}``."""
        return self.message.get(locale).replace("{code}", code or "")

    def cta_text(self, locale: str, code: str | None = None) -> str | None:
        """The button's words (also what it sends), with the code like :meth:`text`."""
        return self.cta.get(locale).replace("{code}", code or "") if self.cta else None


# fmt: off
DEFAULT_ACTIONS: tuple[ActionRule, ...] = (
    ActionRule(
        "welcome", "visit", stages=frozenset({None, Stage.AWARENESS}),
        page=r"/(p|product|products|produkt|produkte|artikel)/", delay_s=20, cooldown_days=365,
        message=L10n(de="Willkommen! Kann ich Ihnen bei der Auswahl helfen?",
                     en="Welcome! Can I help you choose?"),
        cta=L10n(de="Ja, gern", en="Yes, please"),
    ),
    ActionRule(
        "win_back", "visit", stages=frozenset({Stage.AT_RISK, Stage.LAPSED}), delay_s=3,
        message=L10n(de="Schön, dass Sie wieder da sind! Mit Ihrem persönlichen Code {code} sparen Sie 10 % auf Ihre nächste Bestellung (30 Tage gültig).",
                     en="Good to see you again! Save 10% on your next order with your personal code {code} (valid for 30 days)."),
        code=CodeSpec("percent", Decimal("10"), valid_days=30, prefix="WIEDERDA"),
        cta=L10n(de="Code {code} einlösen", en="Redeem code {code}"),
    ),
    ActionRule(
        "abandoned_cart", "event", event="cart_updated", delay_s=86_400,
        channels=("widget", "email"), cooldown_days=7, unless_ordered=True,
        message=L10n(de="Ihr Warenkorb wartet noch auf Sie. Haben Sie Fragen zu einem Artikel?",
                     en="Your cart is still waiting for you. Any questions about an item?"),
        cta=L10n(de="Zur Kasse", en="Checkout"),
    ),
    ActionRule(
        "post_purchase", "event", event="order", delay_s=7 * 86_400,
        channels=("widget", "email"), cooldown_days=14,
        message=L10n(de="Wie zufrieden sind Sie mit Ihrer Bestellung? Wir freuen uns über Ihr Feedback.",
                     en="How happy are you with your order? We would love your feedback."),
        cta=L10n(de="Feedback geben", en="Give feedback"),
    ),
    ActionRule(
        "ask_review", "event", event="order_delivered", delay_s=2 * 86_400,
        channels=("widget", "email"), cooldown_days=0, asks_review=True,
        message=L10n(de="Ist Ihre Bestellung gut angekommen? Wir freuen uns über Ihre Bewertung: ein Klick auf die Sterne genügt.",
                     en="Has your order arrived safely? We would love your rating: one click on the stars is all it takes."),
        cta=L10n(de="Bestellung bewerten", en="Rate my order"),
    ),
    ActionRule(
        "referral", "event", event="survey_answered", min_score=9,
        channels=("widget", "email"), cooldown_days=90,
        message=L10n(de="Danke für Ihre tolle Bewertung! Empfehlen Sie uns weiter: Sie und Ihre Freunde erhalten je 5 €.",
                     en="Thank you for the great rating! Recommend us: you and your friends get €5 each."),
        cta=L10n(de="Freunde einladen", en="Invite friends"),
    ),
    ActionRule(
        "review_request", "event", event="review_posted", min_score=4,
        channels=("widget",), cooldown_days=90,
        message=L10n(de="Danke für Ihre Bewertung! Möchten Sie uns Ihren Freunden empfehlen?",
                     en="Thanks for your review! Would you recommend us to your friends?"),
        cta=L10n(de="Freunde einladen", en="Invite friends"),
    ),
)
# fmt: on


def actions_for(shop_settings: Mapping[str, Any] | None) -> tuple[ActionRule, ...]:
    """The rules that act for the shop: ``settings["actions"]`` replaces the defaults when
    present (``[]`` switches them all off); rules with ``"enabled": false`` are left out."""
    return tuple(r for r in all_actions(shop_settings) if r.enabled)


def all_actions(shop_settings: Mapping[str, Any] | None) -> tuple[ActionRule, ...]:
    """Every rule of the shop, switched-off ones included (what the rules editor lists)."""
    raw = (shop_settings or {}).get("actions")
    if raw is None:
        return DEFAULT_ACTIONS
    if not isinstance(raw, list):
        raise BadSettings(detail="settings.actions must be a list")
    return tuple(parse_action(r) for r in raw)


def parse_action(raw: Any) -> ActionRule:
    """One rule from its JSON form in the shop's settings (see :func:`action_json`)."""
    try:
        message = L10n(**raw["message"])
        cta = L10n(**raw["cta"]) if raw.get("cta") else None
        stages = raw.get("stages")
        channels = tuple(raw.get("channels", ["widget"]))
        rule = ActionRule(
            id=str(raw["id"]),
            trigger=str(raw["trigger"]),
            message=message,
            cta=cta,
            stages=frozenset(None if s == "new" else Stage(s) for s in stages)
            if stages is not None
            else None,
            event=raw.get("event"),
            min_score=raw.get("min_score"),
            page=raw.get("page"),
            delay_s=int(raw.get("delay_s", 0)),
            channels=channels,
            cooldown_days=float(raw.get("cooldown_days", 30)),
            unless_ordered=bool(raw.get("unless_ordered", False)),
            code=_code_spec(raw["code"]) if raw.get("code") else None,
            enabled=raw.get("enabled", True) is not False,
            asks_review=raw.get("asks_review", False) is True,
        )
    except (KeyError, TypeError, ValueError, InvalidOperation):
        raise BadSettings(detail=f"bad action rule {raw!r}") from None
    if rule.trigger not in ("visit", "event") or not set(rule.channels) <= set(CHANNELS):
        raise BadSettings(detail=f"bad trigger or channel in action rule {rule.id!r}")
    if rule.page is not None:
        try:
            re.compile(rule.page)
        except re.error:
            raise BadSettings(detail=f"bad page pattern in action rule {rule.id!r}") from None
    return rule


def _code_spec(raw: Any) -> CodeSpec:
    """``{"kind": "percent", "value": 10, "valid_days": 30, "prefix": "WIEDERDA",
    "min_order": 0}`` from the shop's settings."""
    spec = CodeSpec(
        kind=str(raw.get("kind", "percent")),
        value=Decimal(str(raw["value"])),
        valid_days=int(raw.get("valid_days", 30)),
        prefix=str(raw.get("prefix", "")),
        min_order=Decimal(str(raw.get("min_order", 0))),
    )
    if spec.kind not in ("percent", "amount") or not spec.value.is_finite() or spec.value <= 0:
        raise ValueError("bad code")
    if (spec.kind == "percent" and spec.value > 100) or spec.valid_days < 1 or spec.min_order < 0:
        raise ValueError("bad code")
    return spec


def action_json(rule: ActionRule) -> dict[str, Any]:
    """The rule as the shop's settings store it; :func:`parse_action` reads it back."""
    out: dict[str, Any] = {
        "id": rule.id,
        "trigger": rule.trigger,
        "message": {"de": rule.message.de, "en": rule.message.en},
    }
    if rule.cta is not None:
        out["cta"] = {"de": rule.cta.de, "en": rule.cta.en}
    if rule.stages is not None:
        out["stages"] = sorted("new" if s is None else s.value for s in rule.stages)
    for key in ("event", "min_score", "page"):
        if getattr(rule, key) is not None:
            out[key] = getattr(rule, key)
    out["delay_s"] = rule.delay_s
    out["channels"] = list(rule.channels)
    out["cooldown_days"] = _plain(rule.cooldown_days)
    if rule.unless_ordered:
        out["unless_ordered"] = True
    if rule.code is not None:
        out["code"] = {
            "kind": rule.code.kind,
            "value": _plain(rule.code.value),
            "valid_days": rule.code.valid_days,
            "prefix": rule.code.prefix,
            "min_order": _plain(rule.code.min_order),
        }
    if not rule.enabled:
        out["enabled"] = False
    if rule.asks_review:
        out["asks_review"] = True
    return out


def _plain(value: float | Decimal) -> int | float:
    """A JSON number without a needless ``.0`` (``30`` rather than ``30.0``)."""
    number = float(value)
    return int(number) if number.is_integer() else number


def on_visit(rules: tuple[ActionRule, ...], stage: Stage | None, url: str) -> list[ActionRule]:
    return [
        r
        for r in rules
        if r.trigger == "visit"
        and (r.stages is None or stage in r.stages)
        and (r.page is None or re.search(r.page, url) is not None)
    ]


def on_event(
    rules: tuple[ActionRule, ...], kind: str, props: Mapping[str, Any], order: OrderEffect
) -> list[ActionRule]:
    """Event rules this event triggers. ``order`` stands for any new order; ``cart_updated``
    only with items in the cart."""
    found = []
    for r in rules:
        if r.trigger != "event":
            continue
        if r.event == "order":
            if order is not OrderEffect.NEW:
                continue
        elif r.event != kind:
            continue
        if kind == "cart_updated" and not props.get("items"):
            continue
        if r.min_score is not None:
            score = props.get("score", props.get("rating"))
            if not isinstance(score, int) or score < r.min_score:
                continue
        found.append(r)
    return found


def cooled_down(rule: ActionRule, last: datetime | None, now: datetime) -> bool:
    """May ``rule`` act again for this customer (its last action of this rule at ``last``)?"""
    return last is None or now - last >= timedelta(days=rule.cooldown_days)

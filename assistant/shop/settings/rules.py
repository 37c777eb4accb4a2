"""A shop's lifecycle action rules as the console and ``shopassist rules`` edit them: listed
with what they did (sent, seen, clicked, converted, redeemed), changed, added and removed,
each rule checked by :mod:`assistant.lifecycle.rule_check` before anything is written.

They are stored where the engine reads them, ``Shop.settings["actions"]``; the engine reads
that with every batch of events, page load and sweep, so a change acts at once. A shop without
its own list runs the built-in rules; its first change stores them all, changed as asked.
Who may edit (an admin of the shop, an operator at the CLI) is the caller's check."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.errors import AssistantError, UnknownShop
from assistant.i18n import L10n
from assistant.lifecycle.actions import (
    DEFAULT_ACTIONS,
    ActionRule,
    action_json,
    all_actions,
)
from assistant.lifecycle.experiments import active, assign
from assistant.lifecycle.rule_check import check_rule
from assistant.lifecycle.settings import BadSettings
from assistant.metrics.report import ACTION_KEYS, action_effects
from assistant.shop.settings.service import change_shop
from assistant.storage.engine import Sessions
from assistant.storage.models import Shop, Visitor

#: The figures beside each rule cover this many days up to now.
EFFECT_DAYS = 30


class UnknownRule(AssistantError):
    code = "unknown_rule"
    status = 404
    message = L10n(
        de="Diese Regel gibt es in diesem Shop nicht (mehr).",
        en="This shop has no such rule (any more).",
    )


@dataclass(frozen=True, slots=True)
class RuleEffect:
    """What one rule did on one channel in the period (:data:`ACTION_KEYS`); ``opened`` is
    known for the widget only (a shown message), e-mail opens are not tracked."""

    channel: str
    counts: Mapping[str, int]
    code_discount: str
    #: The variant of a running experiment the customers were in (``None``: all customers).
    variant: str | None = None

    @property
    def opened(self) -> int | None:
        return self.counts.get("shown", 0) if self.channel == "widget" else None


@dataclass(frozen=True, slots=True)
class RulesView:
    shop_id: str
    rules: tuple[ActionRule, ...]
    #: ``False``: the shop runs the built-in rules (nothing of its own stored yet).
    own: bool
    #: Per rule id, per channel; rules no longer in the list keep their figures too.
    effects: Mapping[str, tuple[RuleEffect, ...]]
    start: datetime
    end: datetime
    #: Why the stored list cannot be read (the engine then fails too), else ``None``.
    broken: str | None = None
    #: Per running experiment (:mod:`assistant.lifecycle.experiments`): per rule id, the
    #: effects per channel and variant, counting the customers the widget assigned a variant.
    by_variant: Mapping[str, Mapping[str, tuple[RuleEffect, ...]]] = dataclasses.field(
        default_factory=dict
    )

    def rule(self, rule_id: str) -> ActionRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UnknownRule(detail=rule_id[:64])


def stored_rules(settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The shop's rules as stored JSON, the built-in ones when it has none of its own."""
    raw = settings.get("actions")
    if raw is None:
        return [action_json(r) for r in DEFAULT_ACTIONS]
    if not isinstance(raw, list):
        raise BadSettings(detail="settings.actions must be a list")
    return [dict(r) if isinstance(r, Mapping) else r for r in raw]


def with_rule(
    settings: Mapping[str, Any], rule_id: str | None, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], ActionRule]:
    """``settings`` with the rule ``rule_id`` replaced by ``raw`` (``None``: ``raw`` added at
    the end), once ``raw`` is checked; the other rules and settings are kept as they are."""
    rules = stored_rules(settings)
    at = _index(rules, rule_id) if rule_id is not None else len(rules)
    others = [str(r.get("id")) for i, r in enumerate(rules) if i != at and isinstance(r, Mapping)]
    rule = check_rule(raw, taken=others)
    rules[at : at + 1] = [action_json(rule)]
    return {**settings, "actions": rules}, rule


def without_rule(settings: Mapping[str, Any], rule_id: str) -> dict[str, Any]:
    rules = stored_rules(settings)
    del rules[_index(rules, rule_id)]
    return {**settings, "actions": rules}


def _index(rules: list[Any], rule_id: str) -> int:
    for i, raw in enumerate(rules):
        if isinstance(raw, Mapping) and raw.get("id") == rule_id:
            return i
    raise UnknownRule(detail=rule_id[:64])


class RuleBook:
    """Reading and changing one shop's rules; ``announce`` tells the running servers."""

    def __init__(
        self,
        sessions: Sessions,
        *,
        announce: Callable[[str], Awaitable[None]],
        clock: Clock = utc_now,
        timeout: float = 10.0,
    ) -> None:
        self._sessions = sessions
        self._announce = announce
        self._clock = clock
        self._timeout = timeout

    async def view(self, shop_id: str, days: int = EFFECT_DAYS) -> RulesView:
        end = self._clock()
        start = end - timedelta(days=days)
        async with asyncio.timeout(self._timeout), self._sessions() as db:
            shop = await db.get(Shop, shop_id)
            if shop is None:
                raise UnknownShop(detail=shop_id[:64])
            counted = await action_effects(db, shop_id, start, end)
            by_variant = {}
            for experiment in active(shop.settings):
                variant_of = await _variants(db, shop_id, experiment)
                split = await action_effects(db, shop_id, start, end, variant_of=variant_of)
                by_variant[experiment] = _by_rule(split, with_variant=True)
        broken = None
        try:
            rules = all_actions(shop.settings)
        except BadSettings as exc:
            rules, broken = DEFAULT_ACTIONS, exc.detail
        return RulesView(
            shop_id=shop_id,
            rules=rules,
            own=shop.settings.get("actions") is not None,
            effects=_by_rule(counted),
            start=start,
            end=end,
            broken=broken,
            by_variant=by_variant,
        )

    async def save(self, shop_id: str, rule_id: str | None, raw: Mapping[str, Any]) -> ActionRule:
        """Replace the rule ``rule_id`` (``None``: add one) with ``raw``, or raise
        :class:`~assistant.lifecycle.rule_check.RuleInvalid` and change nothing."""
        saved: list[ActionRule] = []

        def apply(shop: Shop) -> None:
            settings, rule = with_rule(shop.settings, rule_id, raw)
            shop.settings = settings
            saved.append(rule)

        await change_shop(self._sessions, shop_id, apply, self._timeout)
        await self._announce(shop_id)
        return saved[0]

    async def remove(self, shop_id: str, rule_id: str) -> None:
        def apply(shop: Shop) -> None:
            shop.settings = without_rule(shop.settings, rule_id)

        await change_shop(self._sessions, shop_id, apply, self._timeout)
        await self._announce(shop_id)


async def _variants(db: AsyncSession, shop_id: str, experiment: str) -> dict[str, str]:
    """Customer -> the variant of their first visitor id, as the widget assigned it."""
    rows = await db.exec(
        select(Visitor.id, Visitor.customer_id)
        .where(Visitor.shop_id == shop_id)
        .order_by(col(Visitor.created_at), col(Visitor.id))
    )
    out: dict[str, str] = {}
    for visitor_id, customer_id in rows.all():
        out.setdefault(customer_id, assign(experiment, visitor_id))
    return out


def _by_rule(
    counted: Mapping[str, Mapping[str, int | str]], with_variant: bool = False
) -> dict[str, tuple[RuleEffect, ...]]:
    """``rule/channel`` (or ``rule/channel/variant``) keyed counts, grouped by rule."""
    out: dict[str, list[RuleEffect]] = {}
    for key, values in counted.items():
        rule, _, channel = key.rpartition("/")
        variant = None
        if with_variant:
            variant = channel
            rule, _, channel = rule.rpartition("/")
        counts = {k: int(values.get(k, 0)) for k in ACTION_KEYS}
        code_discount = str(values.get("code_discount", "0.00"))
        effect = RuleEffect(channel, counts, code_discount, variant)
        out.setdefault(rule, []).append(effect)
    return {rule: tuple(effects) for rule, effects in out.items()}

"""``shopassist rules list|show|set|add|remove``: a shop's lifecycle action rules (trigger,
delay, channels, texts, code, limit) with what they did, changed from the command line with
the checks and messages of the console's editor (:mod:`assistant.lifecycle.rule_check`).
A bad rule is one line per problem on stderr, exit code 2, and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from assistant.cli.announce import announce_shop
from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.config import Config
from assistant.errors import UnknownShop
from assistant.lifecycle.actions import ActionRule, action_json
from assistant.lifecycle.rule_check import (
    FIELDS,
    LABELS,
    RuleInvalid,
    check_rule,
    edited,
    rule_fields,
    rule_from_fields,
)
from assistant.shop.settings.rules import RuleBook, RuleEffect, RulesView, UnknownRule


@click.group()
def rules() -> None:
    """Lifecycle rules: the proactive messages and e-mails a shop sends (docs/lifecycle.md)."""


def _field_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """One ``--name value`` option per editor field (``text_de`` -> ``--text-de``)."""
    for name in reversed(FIELDS):
        option = "--" + name.replace("_", "-")
        fn = click.option(option, name, default=None, help=LABELS[name].en + ".")(fn)
    return click.option(
        "--file",
        "file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="The whole rule as JSON (as `rules show --json` prints it); options override it.",
    )(fn)


@asynccontextmanager
async def _book(config: Config) -> AsyncIterator[RuleBook]:
    async def announce(shop_id: str) -> None:
        await announce_shop(config, shop_id)

    async with open_database(config) as sessions:
        yield RuleBook(sessions, announce=announce, timeout=config.db_timeout_s)


async def _view(book: RuleBook, shop: str) -> RulesView:
    try:
        return await book.view(shop)
    except UnknownShop:
        fail(f"There is no shop {shop!r} (see `shopassist shops list`).")


def _rule_of(view: RulesView, rule_id: str) -> ActionRule:
    try:
        return view.rule(rule_id)
    except UnknownRule:
        known = ", ".join(r.id for r in view.rules) or "none"
        fail(f"Shop {view.shop_id!r} has no rule {rule_id!r} (its rules: {known}).")


def _effects_json(effects: tuple[RuleEffect, ...]) -> dict[str, Any]:
    """``{"email": {...}}``, or ``{"email/bundles": {...}}`` per variant."""
    return {
        e.channel + (f"/{e.variant}" if e.variant else ""): {
            **e.counts,
            "opened": e.opened,
            "code_discount": e.code_discount,
        }
        for e in effects
    }


def _summary(rule: ActionRule, effects: tuple[RuleEffect, ...]) -> str:
    fields = rule_fields(rule)
    when = "visit" if rule.trigger == "visit" else f"event {rule.event}"
    parts = [
        rule.id,
        "on" if rule.enabled else "off",
        f"{when} +{fields['delay']}",
        fields["channels"],
        f"every {fields['limit']}d",
        f"code {fields['code']}" + (f" {fields['code_value']}" if rule.code else ""),
    ]
    for e in effects:
        c = e.counts
        opened = "?" if e.opened is None else str(e.opened)
        parts.append(
            f"{e.channel}{f' ({e.variant})' if e.variant else ''}: sent {c['sent'] + c['shown']}, opened {opened}, clicked "
            f"{c['clicked']}, converted {c['converted']}, redeemed {c['redeemed']}"
        )
    return "\t".join(parts)


@rules.command("list")
@click.argument("shop")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: rules and figures.")
@database_option
@async_command
async def list_(shop: str, as_json: bool, database: str | None) -> None:
    """The rules of SHOP with what each did in the last 30 days, per channel."""
    config = build_config(database=database)
    async with _book(config) as book:
        view = await _view(book, shop)
    if view.broken:
        click.secho(f"Warning: the stored rules cannot be read ({view.broken}).", err=True)
    if as_json:
        body = {
            "shop": shop,
            "own": view.own,
            "from": view.start.isoformat(),
            "until": view.end.isoformat(),
            "rules": [
                {
                    **action_json(r),
                    "effect": _effects_json(view.effects.get(r.id, ())),
                    "by_variant": {
                        experiment: _effects_json(by_rule.get(r.id, ()))
                        for experiment, by_rule in view.by_variant.items()
                    },
                }
                for r in view.rules
            ],
        }
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if not view.rules:
        click.echo(f"Shop {shop!r} has no rules (add one with `shopassist rules add`).")
    for rule in view.rules:
        click.echo(_summary(rule, view.effects.get(rule.id, ())))
    for experiment, by_rule in view.by_variant.items():
        click.echo(f"By variant of the running experiment {experiment!r}:")
        for rule in view.rules:
            if by_rule.get(rule.id):
                click.echo(_summary(rule, by_rule[rule.id]))


@rules.command("show")
@click.argument("shop")
@click.argument("rule")
@click.option("--json", "as_json", is_flag=True, help="The rule as stored (for --file).")
@database_option
@async_command
async def show(shop: str, rule: str, as_json: bool, database: str | None) -> None:
    """Every field of RULE of SHOP (the names `rules set` takes)."""
    config = build_config(database=database)
    async with _book(config) as book:
        view = await _view(book, shop)
    found = _rule_of(view, rule)
    if as_json:
        click.echo(json.dumps(action_json(found), ensure_ascii=False, indent=2))
        return
    for name, value in rule_fields(found).items():
        click.echo(f"{name.replace('_', '-')}: {value}")
    for e in view.effects.get(found.id, ()):
        click.echo(_summary(found, (e,)).rsplit("\t", 1)[-1])


def _raw(current: ActionRule | None, file: Path | None, fields: dict[str, Any]) -> dict[str, Any]:
    """The rule to store: the file (or the current rule), then the options given."""
    changes = {k: v for k, v in fields.items() if v is not None}
    base = current
    if file is not None:
        try:
            loaded = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            fail(f"Cannot read {file} as JSON: {exc}. Nothing was changed.")
        if not changes:
            return loaded if isinstance(loaded, dict) else {"id": None}
        try:
            base = check_rule(loaded)
        except RuleInvalid as exc:
            _problems(exc)
    try:
        return rule_from_fields(edited(base, changes))
    except RuleInvalid as exc:
        _problems(exc)


def _problems(exc: RuleInvalid) -> NoReturn:
    for problem in exc.problems:
        click.echo(f"  --{problem.field.replace('_', '-')}: {problem.text('en')}", err=True)
    fail(exc.message.en)


async def _save(config: Config, shop: str, rule_id: str | None, raw: dict[str, Any]) -> None:
    async with _book(config) as book:
        try:
            saved = await book.save(shop, rule_id, raw)
        except RuleInvalid as exc:
            _problems(exc)
        except UnknownShop:
            fail(f"There is no shop {shop!r} (see `shopassist shops list`).")
        except UnknownRule:
            fail(f"Shop {shop!r} has no rule {rule_id!r} (see `shopassist rules list {shop}`).")
    verb = "Changed" if rule_id is not None else "Added"
    click.echo(f"{verb} rule {saved.id!r} of shop {shop!r}; it acts from now on.")


@rules.command("set")
@click.argument("shop")
@click.argument("rule")
@_field_options
@database_option
@async_command
async def set_(
    shop: str, rule: str, file: Path | None, database: str | None, **fields: Any
) -> None:
    """Change RULE of SHOP: the options given (e.g. --delay 2h --text-de "…"), or the whole
    rule from --file; the rest stays as it is."""
    config = build_config(database=database)
    async with _book(config) as book:
        view = await _view(book, shop)
    current = _rule_of(view, rule)
    await _save(config, shop, current.id, _raw(current, file, fields))


@rules.command("add")
@click.argument("shop")
@click.argument("rule")
@_field_options
@database_option
@async_command
async def add(shop: str, rule: str, file: Path | None, database: str | None, **fields: Any) -> None:
    """Add the rule RULE (its name) to SHOP, from --file and/or the options (at least
    --trigger, --text-de and --text-en)."""
    config = build_config(database=database)
    raw = _raw(None, file, {**fields, "id": rule} if file is None else fields)
    raw["id"] = rule
    await _save(config, shop, None, raw)


@rules.command("remove")
@click.argument("shop")
@click.argument("rule")
@database_option
@async_command
async def remove(shop: str, rule: str, database: str | None) -> None:
    """Remove RULE from SHOP (its figures stay in the metrics). To pause it, use
    `rules set SHOP RULE --enabled no`."""
    config = build_config(database=database)
    async with _book(config) as book:
        try:
            await book.remove(shop, rule)
        except UnknownShop:
            fail(f"There is no shop {shop!r} (see `shopassist shops list`).")
        except UnknownRule:
            fail(f"Shop {shop!r} has no rule {rule!r} (see `shopassist rules list {shop}`).")
    click.echo(f"Removed rule {rule!r} of shop {shop!r}.")

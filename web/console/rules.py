"""The lifecycle rules page (admins of the shop only): the shop's action rules with what each
did in the last 30 days per channel, and a form to change, add or remove one. A rule that
does not pass :mod:`assistant.lifecycle.rule_check` is not stored; the form comes back with
each field's problem beside it and everything typed kept. Saving writes ``Shop.settings``,
which the engine reads with every event, page load and sweep, so it acts at once."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from assistant.lifecycle.actions import ActionRule
from assistant.lifecycle.rule_check import (
    EVENT_TRIGGERS,
    LABELS,
    STAGE_NAMES,
    RuleInvalid,
    format_delay,
    rule_fields,
    rule_from_fields,
)
from assistant.shop.settings.rules import RuleBook, RuleEffect, RulesView
from assistant.shop.settings.service import check_admin
from assistant.support.accounts import AgentAccount
from web.console.pages import common
from web.console.render import admin_of, lang_of, page
from web.keys import rules_key

routes = web.RouteTableDef()
#: Fields a form posts several values of (checkboxes), joined as the editor's text expects.
_LISTS = ("channels", "stages")
NEW_RULE = {
    "id": "",
    "enabled": "yes",
    "trigger": "event",
    "channels": "widget",
    "limit": "30",
    "code": "none",
}


def _book(request: web.Request) -> RuleBook:
    return request.config_dict[rules_key]


async def _form(request: web.Request) -> dict[str, str]:
    posted = await request.post()
    form = {k: v for k, v in posted.items() if isinstance(v, str) and k not in _LISTS}
    for key in _LISTS:
        form[key] = ",".join(v for v in posted.getall(key, []) if isinstance(v, str))
    return form


def _shop_of(request: web.Request, account: AgentAccount, shop_id: str | None) -> str:
    """The shop asked for, or the admin's first; access checked (403 otherwise)."""
    wanted = shop_id or (account.shops[0] if account.shops else "")
    check_admin(account, wanted)
    return wanted


@routes.get("/rules")
async def rules_page(request: web.Request) -> web.Response:
    account = admin_of(request)
    shop_id = _shop_of(request, account, request.query.get("shop"))
    view = await _book(request).view(shop_id)
    editing = request.query.get("rule")
    values: dict[str, str] | None = None
    if editing:
        values = rule_fields(view.rule(editing))
    elif request.query.get("new") == "1":
        values = dict(NEW_RULE)
    done = request.query.get("done")
    return await _page(
        request,
        view,
        editing=editing,
        values=values,
        notice=done if done in ("saved", "removed") else None,
    )


async def _page(
    request: web.Request,
    view: RulesView,
    *,
    editing: str | None,
    values: dict[str, str] | None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
) -> web.Response:
    lang = lang_of(request)
    return page(
        request,
        "rules.html",
        status=400 if errors else 200,
        page_kind="rules",
        shop_id=view.shop_id,
        view=view,
        rows=[_row(rule, view) for rule in view.rules],
        variant_rows=_variant_rows(view),
        editing=editing,
        values=values,
        errors=errors or {},
        labels={name: label.get(lang) for name, label in LABELS.items()},
        events=sorted(EVENT_TRIGGERS),
        stage_names=STAGE_NAMES,
        notice=notice,
        **await common(request),
    )


def _row(rule: ActionRule, view: RulesView) -> dict[str, Any]:
    effects = view.effects.get(rule.id, ())
    return {
        "rule": rule,
        "delay": format_delay(rule.delay_s),
        "limit": rule_fields(rule)["limit"],
        "effects": [_effect(e) for e in effects],
    }


def _effect(e: RuleEffect) -> dict[str, Any]:
    return {
        "channel": e.channel,
        "variant": e.variant,
        "sent": e.counts["sent"] + e.counts["shown"],
        "opened": e.opened,
        "clicked": e.counts["clicked"],
        "converted": e.counts["converted"],
        "redeemed": e.counts["redeemed"],
    }


def _variant_rows(view: RulesView) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Per running experiment: (rule id, effect) for every rule, channel and variant."""
    return {
        experiment: [
            (rule.id, _effect(e))
            for rule in view.rules
            for e in sorted(by_rule.get(rule.id, ()), key=lambda e: (e.channel, e.variant or ""))
        ]
        for experiment, by_rule in view.by_variant.items()
    }


@routes.post("/rules/{shop}/save")
async def save_rule(request: web.Request) -> web.Response:
    """``original``: the rule's id before the edit (empty: a new rule)."""
    account = admin_of(request)
    shop_id = _shop_of(request, account, request.match_info["shop"])
    form = await _form(request)
    original = form.get("original") or None
    try:
        raw = rule_from_fields(form)
        saved = await _book(request).save(shop_id, original, raw)
    except RuleInvalid as exc:
        view = await _book(request).view(shop_id)
        if original is not None:
            view.rule(original)  # 404 for a rule removed meanwhile
        values = {k: v for k, v in form.items() if k not in ("_csrf", "original")}
        errors = exc.by_field(lang_of(request))
        return await _page(request, view, editing=original, values=values, errors=errors)
    raise web.HTTPSeeOther(
        f"/console/rules?shop={quote(shop_id)}&rule={quote(saved.id)}&done=saved#editor"
    )


@routes.post("/rules/{shop}/{rule}/remove")
async def remove_rule(request: web.Request) -> web.Response:
    account = admin_of(request)
    shop_id = _shop_of(request, account, request.match_info["shop"])
    await _book(request).remove(shop_id, request.match_info["rule"])  # UnknownRule: 404
    raise web.HTTPSeeOther(f"/console/rules?shop={quote(shop_id)}&done=removed")

"""``/console/shops`` (admins only): the admin's shops with what each still lacks, a form to
create one, and one to change a shop's name, languages, origins, connection and pages. The
same checks as ``shopassist shops`` (:mod:`assistant.shop.manage`); a platform connection is
asked before it is stored. A bad form is shown again with the message and the input kept."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from assistant.errors import Forbidden
from assistant.i18n import L10n
from assistant.shop.directory import announce_change
from assistant.shop.manage import (
    ADAPTERS,
    CONNECTION_FAILS,
    CONNECTION_KEYS,
    ShopAdmin,
    ShopForm,
    ShopStatus,
    check_adapter,
    check_id,
    check_url,
    parse_languages,
)
from assistant.shop.platforms.connect import SECRETS
from assistant.shop.settings.errors import BadSetting
from assistant.shop.settings.origins import parse_origins
from assistant.shop.settings.service import NOT_YOUR_SHOP
from assistant.support.accounts import AgentAccount
from web.console.pages import common
from web.console.render import admin_of, lang_of, page
from web.keys import bus_key, shop_admin_key, shops_key
from web.widget.origin import own_origin

routes = web.RouteTableDef()
FIELDS = (
    "id",
    "name",
    "languages",
    "origins",
    "adapter",
    "connection",
    "login_url",
    "checkout_url",
)
BAD_LINE = L10n(
    de="Verbindung, Zeile „{value}“: bitte NAME=WERT.",
    en="Connection, line “{value}”: please write NAME=VALUE.",
)


def _service(request: web.Request) -> ShopAdmin:
    return request.config_dict[shop_admin_key]


async def _form(request: web.Request) -> dict[str, str]:
    form = await request.post()
    return {k: v[:5000] for k, v in form.items() if isinstance(v, str) and k in FIELDS}


@routes.get("/shops")
async def shops_page(request: web.Request) -> web.Response:
    account = admin_of(request)
    return await _list(request, account, notice=request.query.get("done"))


async def _list(
    request: web.Request,
    account: AgentAccount,
    *,
    status: int = 200,
    notice: str | None = None,
    error: BadSetting | None = None,
    submitted: dict[str, str] | None = None,
) -> web.Response:
    found = await _service(request).list(account.shops)
    return page(
        request,
        "shops.html",
        status=status,
        page_kind="shops",
        shops=found,
        gaps=_gaps(found, lang_of(request)),
        notice=notice if notice == "removed" else None,
        error=error.user_message(lang_of(request)) if error else None,
        error_section=error.section if error else None,
        values=submitted or {"languages": "de, en", "adapter": "feed"},
        adapters=ADAPTERS,
        **await common(request),
    )


def _gaps(found: list[ShopStatus], lang: str) -> dict[str, list[tuple[str, str]]]:
    return {s.shop.id: [(g.key, g.text(lang)) for g in s.gaps] for s in found}


@routes.post("/shops")
async def create_shop(request: web.Request) -> web.Response:
    account = admin_of(request)
    given = await _form(request)
    service = _service(request)
    try:
        shop_id = check_id(given.get("id", ""))
        form = _shop_form(given, adapter_changes=True)
        await _check_connection(service, service.settings_for({"adapter": "feed"}, form))
        await service.create(shop_id, form, agent_id=account.id)
    except BadSetting as exc:
        return await _list(
            request, account, status=400, error=exc, submitted=_without_secrets(given)
        )
    raise web.HTTPSeeOther(f"/console/shops/{quote(shop_id)}?done=created")


@routes.get("/shops/{shop}")
async def shop_page(request: web.Request) -> web.Response:
    account = admin_of(request)
    shop_id = _allowed(account, request.match_info["shop"])
    return await _edit(request, shop_id, notice=request.query.get("done"))


async def _edit(
    request: web.Request,
    shop_id: str,
    *,
    status: int = 200,
    notice: str | None = None,
    error: BadSetting | None = None,
    submitted: dict[str, str] | None = None,
) -> web.Response:
    shop_status = await _service(request).status(shop_id)
    lang = lang_of(request)
    return page(
        request,
        "shop.html",
        status=status,
        page_kind="shops",
        s=shop_status,
        gaps=_gaps([shop_status], lang)[shop_id],
        notice=notice if notice in ("created", "saved") else None,
        error=error.user_message(lang) if error else None,
        error_section=error.section if error else None,
        values=submitted or _values(shop_status),
        adapters=ADAPTERS,
        hidden=_hidden_secrets(shop_status),
        embed=f'<script src="{own_origin(request)}/widget.js" data-shop="{shop_id}" async></script>',
        **await common(request),
    )


def _values(status: ShopStatus) -> dict[str, str]:
    """The form as the stored shop fills it (secrets are never put into the page)."""
    settings = status.shop.settings
    shown = status.connection()
    return {
        "name": status.shop.name,
        "languages": ", ".join(status.languages),
        "origins": "\n".join(status.shop.allowed_origins),
        "adapter": status.adapter,
        "connection": "\n".join(f"{k}={v}" for k, v in shown.items() if k not in SECRETS),
        "login_url": str(settings.get("login_url") or ""),
        "checkout_url": str(settings.get("checkout_url") or ""),
    }


def _hidden_secrets(status: ShopStatus) -> list[tuple[str, str]]:
    """The stored secrets by name and how they are kept (never their values)."""
    return [(k, v) for k, v in status.connection().items() if k in SECRETS]


@routes.post("/shops/{shop}")
async def save_shop(request: web.Request) -> web.Response:
    account = admin_of(request)
    shop_id = _allowed(account, request.match_info["shop"])
    given = await _form(request)
    service = _service(request)
    try:
        current = await service.get(shop_id)
        changes = given.get("adapter", "") != str(current.settings.get("adapter") or "demo")
        form = _shop_form(given, adapter_changes=changes)
        if form.adapter is not None or form.connection is not None:
            await _check_connection(service, service.settings_for(current.settings, form))
        await service.update(shop_id, form)
    except BadSetting as exc:
        return await _edit(
            request, shop_id, status=400, error=exc, submitted=_without_secrets(given)
        )
    await announce_change(request.config_dict[shops_key], request.config_dict[bus_key], shop_id)
    raise web.HTTPSeeOther(f"/console/shops/{quote(shop_id)}?done=saved")


def _without_secrets(given: dict[str, str]) -> dict[str, str]:
    """The form to show again: a secret typed in is not sent back into the page."""
    lines = given.get("connection", "").splitlines()
    kept = [line for line in lines if line.partition("=")[0].strip() not in SECRETS]
    return {**given, "connection": "\n".join(kept)}


def _allowed(account: AgentAccount, shop_id: str) -> str:
    if not account.can_see(shop_id):
        raise Forbidden(message=NOT_YOUR_SHOP, detail=f"{account.id} -> {shop_id[:64]}")
    return shop_id


def _shop_form(given: dict[str, str], *, adapter_changes: bool) -> ShopForm:
    """The posted fields as a :class:`ShopForm`. Connection lines ``NAME=VALUE`` change those
    settings; the others (and the secrets, which the page never shows) are kept unless the
    adapter changes."""
    connection: dict[str, str] = {}
    for line in given.get("connection", "").splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or key.strip() not in CONNECTION_KEYS:
            raise BadSetting("connection", BAD_LINE, value=line.strip()[:60])
        if value.strip().startswith(("(encrypted)", "***", "from $")):
            continue  # the masked value shown back: keep the stored one
        connection[key.strip()] = value
    return ShopForm(
        name=given.get("name", "").strip() or None,
        languages=parse_languages(given.get("languages", "") or "de"),
        origins=parse_origins(given.get("origins", "")),
        adapter=check_adapter(given.get("adapter", "") or "feed") if adapter_changes else None,
        connection=connection or None,
        login_url=check_url(given.get("login_url", ""), "login_url"),
        checkout_url=check_url(given.get("checkout_url", ""), "checkout_url"),
    )


async def _check_connection(service: ShopAdmin, settings: dict[str, Any]) -> None:
    kind = str(settings.get("adapter") or "demo")
    problems = await service.check_connection(kind, settings)
    if problems:
        detail = L10n(
            de=" ".join(p.message.de for p in problems), en=" ".join(p.message.en for p in problems)
        )
        raise BadSetting("connection", CONNECTION_FAILS, value=detail)

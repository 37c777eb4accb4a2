"""The settings page (admins only): embed snippets, allowed origins, signing secrets, FAQ
thresholds, lifecycle and score, business hours. One form per section; each posts, is
validated as a whole, and redirects back, or shows the page again with the message and the
input kept (nothing stored)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from aiohttp import web

from assistant.shop.settings.errors import BadSetting
from assistant.shop.settings.hours import WEEKDAY_NAMES, WEEKDAYS, availability, form_values
from assistant.shop.settings.keys import DEFAULT_GRACE_HOURS, GRACE_HOURS, KINDS, ShopKeys, mask
from assistant.shop.settings.service import SECTIONS, ShopSettingsService
from assistant.shop.settings.tuning import WEIGHT_LABELS
from assistant.support.accounts import AgentAccount
from assistant.support.handoff import closed_text
from web.console.pages import common
from web.console.render import admin_of, lang_of, page, translator, wants_json
from web.keys import clock_key, shop_settings_key
from web.widget.origin import own_origin

routes = web.RouteTableDef()
#: Time zones offered in the form's list (any IANA name may be typed).
ZONES = (
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Luxembourg",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/London",
    "UTC",
)


def _service(request: web.Request) -> ShopSettingsService:
    return request.config_dict[shop_settings_key]


async def _form(request: web.Request) -> dict[str, str]:
    form = await request.post()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@routes.get("/settings")
async def settings_page(request: web.Request) -> web.Response:
    account = admin_of(request)
    wanted = request.query.get("shop") or (account.shops[0] if account.shops else None)
    return await _render(request, account, wanted, notice=request.query.get("done"))


async def _render(
    request: web.Request,
    account: AgentAccount,
    shop_id: str | None,
    *,
    status: int = 200,
    notice: str | None = None,
    error: BadSetting | None = None,
    submitted: dict[str, str] | None = None,
    revealed: ShopKeys | None = None,
) -> web.Response:
    lang = lang_of(request)
    extra: dict[str, Any] = {}
    if shop_id is not None:
        view = await _service(request).view(account, shop_id)
        extra = _view_context(request, view, lang, error, submitted, revealed)
    return page(
        request,
        "settings.html",
        status=status,
        page_kind="settings",
        shop_id=shop_id,
        notice=notice if notice in _NOTICES else None,
        **extra,
        **await common(request),
    )


_NOTICES = frozenset({*(s for s in SECTIONS if s != "secrets"), *(f"rotated_{k}" for k in KINDS)})


def _view_context(
    request: web.Request,
    view: Any,
    lang: str,
    error: BadSetting | None,
    submitted: dict[str, str] | None,
    revealed: ShopKeys | None,
) -> dict[str, Any]:
    now = request.config_dict[clock_key]()
    section = error.section if error is not None else None
    given = submitted or {}
    origin = own_origin(request)
    shop = view.shop
    hours_now = availability(view.hours, now)
    return {
        "v": view,
        "now": now,
        "error_section": section,
        "error_message": error.user_message(lang) if error is not None else None,
        "origins_text": given.get("origins")
        if section == "origins"
        else "\n".join(shop.allowed_origins),
        "faq_values": (
            {"answer": given.get("answer", ""), "suggest": given.get("suggest", "")}
            if section == "faq"
            else {
                "answer": _num(view.faq.answer, lang) if view.faq_own else "",
                "suggest": _num(view.faq.suggest, lang) if view.faq_own else "",
            }
        ),
        "faq_default": {
            "answer": _num(view.faq_default.answer, lang),
            "suggest": _num(view.faq_default.suggest, lang),
        },
        "life_values": given if section == "lifecycle" else _life_values(view, lang),
        "weight_rows": [
            (key, WEIGHT_LABELS[key].get(lang) if key in WEIGHT_LABELS else key)
            for key, _ in view.weights
        ],
        "hours_values": given if section == "hours" else form_values(view.hours),
        "weekdays": [(k, n.get(lang)) for k, n in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)],
        "zones": ZONES,
        "hours_open": hours_now.open,
        "hours_note": None if hours_now.open else closed_text(hours_now, now, lang),
        "grace_hours": GRACE_HOURS,
        "default_grace": DEFAULT_GRACE_HOURS,
        "kinds": KINDS,
        "masked": {k: mask(view.keys.get(k).current) for k in KINDS},
        "revealed": {k: revealed.get(k).current for k in KINDS} if revealed else None,
        "previous_until": {
            k: view.keys.get(k).previous_until if view.keys.get(k).previous_valid(now) else None
            for k in KINDS
        },
        "webhook_shared": not view.keys.webhook_own,
        "embed": (f'<script src="{origin}/widget.js" data-shop="{shop.id}" async></script>'),
        "identify_js": _identify_js(translator(lang)),
        "identify_server": _identify_server(),
        "origin": origin,
    }


def _num(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "de" else text


def _life_values(view: Any, lang: str) -> dict[str, str]:
    life = view.lifecycle
    values = {
        "at_risk_days": _num(life.at_risk_days, lang),
        "half_life_days": _num(life.half_life_days, lang),
        "score_scale": _num(life.score_scale, lang),
        "min_review_rating": str(life.min_review_rating),
        "promoter_score": str(life.promoter_score),
    }
    values.update({f"w.{key}": _num(weight, lang) for key, weight in view.weights})
    return values


def _identify_js(t: Callable[..., str]) -> str:
    return (
        "ShopAssistant.identify({\n"
        f'  id: "c-42",                 // {t("set_snip_id")}\n'
        f'  email: "anna@example.de",   // {t("set_snip_optional")}\n'
        f'  name: "Anna",               // {t("set_snip_optional")}\n'
        f"  consent: true,              // {t('set_snip_consent')}\n"
        f'  hash: "<{t("set_snip_hash")}>"\n'
        "});"
    )


def _identify_server() -> str:
    """The construction of docs/security.md: purpose line, id, e-mail, name."""
    return (
        "import hashlib, hmac\n"
        'message = "\\n".join(["shopassist:identify:v2", customer_id, email, name])\n'
        "hmac.new(IDENTITY_SECRET.encode(), message.encode(), hashlib.sha256).hexdigest()"
    )


# -- the forms -------------------------------------------------------------------------------


Save = Callable[[ShopSettingsService, AgentAccount, str, dict[str, str]], Awaitable[None]]


async def _save(request: web.Request, section: str, save: Save) -> web.Response:
    account = admin_of(request)
    shop_id = request.match_info["shop"]
    form = await _form(request)
    try:
        await save(_service(request), account, shop_id, form)
    except BadSetting as exc:
        if wants_json(request):
            body = {
                "type": "error",
                "code": exc.code,
                "message": exc.user_message(lang_of(request)),
            }
            return web.json_response(body, status=400)
        return await _render(request, account, shop_id, status=400, error=exc, submitted=form)
    if wants_json(request):
        return web.json_response({"ok": True})
    anchor = "secrets" if section.startswith("rotated_") else section
    raise web.HTTPSeeOther(f"/console/settings?shop={quote(shop_id)}&done={section}#{anchor}")


@routes.post("/settings/{shop}/origins")
async def save_origins(request: web.Request) -> web.Response:
    async def save(s: ShopSettingsService, a: AgentAccount, shop: str, f: dict[str, str]) -> None:
        await s.save_origins(a, shop, f.get("origins", ""))

    return await _save(request, "origins", save)


@routes.post("/settings/{shop}/faq")
async def save_faq(request: web.Request) -> web.Response:
    async def save(s: ShopSettingsService, a: AgentAccount, shop: str, f: dict[str, str]) -> None:
        await s.save_faq(a, shop, f.get("answer", ""), f.get("suggest", ""))

    return await _save(request, "faq", save)


@routes.post("/settings/{shop}/lifecycle")
async def save_lifecycle(request: web.Request) -> web.Response:
    async def save(s: ShopSettingsService, a: AgentAccount, shop: str, f: dict[str, str]) -> None:
        await s.save_lifecycle(a, shop, f)

    return await _save(request, "lifecycle", save)


@routes.post("/settings/{shop}/hours")
async def save_hours(request: web.Request) -> web.Response:
    async def save(s: ShopSettingsService, a: AgentAccount, shop: str, f: dict[str, str]) -> None:
        await s.save_hours(a, shop, f)

    return await _save(request, "hours", save)


@routes.post("/settings/{shop}/secrets/{kind:identity|webhook}/rotate")
async def rotate_secret(request: web.Request) -> web.Response:
    kind = request.match_info["kind"]

    async def save(s: ShopSettingsService, a: AgentAccount, shop: str, f: dict[str, str]) -> None:
        grace = f.get("grace", str(DEFAULT_GRACE_HOURS))
        await s.rotate(a, shop, kind, grace, confirmed=f.get("confirm") == "1")

    return await _save(request, f"rotated_{kind}", save)


@routes.post("/settings/{shop}/secrets/reveal")
async def reveal_secrets(request: web.Request) -> web.Response:
    """The secrets in full, on this one response only (never in a URL or a redirect)."""
    account = admin_of(request)
    shop_id = request.match_info["shop"]
    keys = await _service(request).reveal(account, shop_id)
    return await _render(request, account, shop_id, revealed=keys)

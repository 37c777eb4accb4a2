"""The e-mail templates page (admins only): every message type's HTML and text template per
language, the shop's own version or the built-in one, editable, with a preview rendered from
sample values in a new window (its own strict CSP: no scripts, nothing loaded). A template
that does not render is not saved, and the page says why."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

import jinja2
from aiohttp import web

from assistant.lifecycle.compose import KINDS, shop_email
from assistant.lifecycle.settings import BadSettings
from assistant.shop.catalog import format_price
from assistant.shop.settings.errors import BadSetting
from web.console.pages import common
from web.console.render import admin_of, lang_of, page, translator
from web.console.settings import _form, _service
from web.email_pages import JinjaTemplates

routes = web.RouteTableDef()
TEMPLATES = JinjaTemplates()
NAMES = tuple(
    f"{k}.{lang}.{ext}" for k in KINDS for lang in ("de", "en") for ext in ("html", "txt")
)
#: The preview is an e-mail, not a console page: inline styles only, nothing else.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def _name(raw: str | None) -> str:
    return raw if raw in NAMES else NAMES[0]


def sample(name: str, shop_name: str, shop_url: str) -> dict[str, Any]:
    """Values as a real e-mail of this type would have them."""
    lang = name.split(".")[1]
    items = [
        ("Espresso Hafenblick, 500 g", 1, Decimal("11.90")),
        ("Handfilter 02", 2, Decimal("8.90")),
    ]
    return {
        "lang": lang,
        "shop_name": shop_name,
        "shop_url": shop_url,
        "message": "Ihr Warenkorb wartet noch auf Sie."
        if lang == "de"
        else "Your cart is waiting.",
        "items": [
            {
                "name": n,
                "qty": q,
                "price": format_price(p, lang),
                "total": format_price(p * q, lang),
            }
            for n, q, p in items
        ],
        "cart_total": format_price(Decimal("29.70"), lang),
        "confirm_url": "https://assistant.example/email/confirm?t=…",
        "valid_days": 7,
        "unsubscribe_url": "https://assistant.example/email/unsubscribe?t=…",
        "order_id": "B-1001",
        "stars": [
            {
                "n": n,
                "label": "★" * n + "☆" * (5 - n),
                "url": f"https://assistant.example/email/review?t=…&stars={n}",
            }
            for n in range(5, 0, -1)
        ],
    }


async def _shop(request: web.Request, shop_id: str) -> tuple[str, str, dict[str, str]]:
    """The shop's name, link back and own templates (access checked)."""
    view = await _service(request).view(admin_of(request), shop_id)
    try:
        settings = shop_email(view.shop.name, view.shop.settings, "shop@example.com")
    except BadSettings:
        return view.shop.name, "", {}
    return view.shop.name, settings.shop_url or "", dict(settings.templates)


def render(name: str, source: str, shop_name: str, shop_url: str) -> str:
    """The template with sample values, or ``ValueError`` saying what is wrong."""
    try:
        return TEMPLATES.render(name, sample(name, shop_name, shop_url), source)
    except jinja2.TemplateSyntaxError as exc:
        raise ValueError(f"{exc.message} (line {exc.lineno})") from None
    except jinja2.TemplateError as exc:
        raise ValueError(str(exc)) from None


@routes.get("/emails")
async def emails_page(request: web.Request) -> web.Response:
    account = admin_of(request)
    shop_id = request.query.get("shop") or (account.shops[0] if account.shops else "")
    name = _name(request.query.get("name"))
    done = request.query.get("done")
    return await _page(request, shop_id, name, notice=done if done in ("saved", "reset") else None)


async def _page(
    request: web.Request,
    shop_id: str,
    name: str,
    *,
    source: str | None = None,
    error: str | None = None,
    notice: str | None = None,
) -> web.Response:
    shop_name, _, own = await _shop(request, shop_id)
    return page(
        request,
        "emails.html",
        status=400 if error else 200,
        page_kind="emails",
        shop_id=shop_id,
        shop_name=shop_name,
        names=NAMES,
        own=own,
        name=name,
        source=source if source is not None else own.get(name, TEMPLATES.source(name)),
        error=error,
        notice=notice,
        **await common(request),
    )


@routes.post("/emails/{shop}/preview")
async def preview(request: web.Request) -> web.Response:
    """What the edited (unsaved) template looks like with sample values."""
    shop_id = request.match_info["shop"]
    form = await _form(request)
    name = _name(form.get("name"))
    shop_name, shop_url, _ = await _shop(request, shop_id)
    try:
        body = render(name, form.get("source", ""), shop_name, shop_url or "https://shop.example")
    except ValueError as exc:
        body, status = str(exc), 400
        kind = "text/plain"
    else:
        status = 200
        kind = "text/html" if name.endswith(".html") else "text/plain"
    response = web.Response(text=body, status=status, content_type=kind, charset="utf-8")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


@routes.post("/emails/{shop}/save")
async def save(request: web.Request) -> web.Response:
    account = admin_of(request)
    shop_id = request.match_info["shop"]
    form = await _form(request)
    name = _name(form.get("name"))
    source = form.get("source", "").replace("\r\n", "\n")
    reset = form.get("reset") == "1"
    if not reset:
        shop_name, shop_url, _ = await _shop(request, shop_id)
        try:
            render(name, source, shop_name, shop_url or "https://shop.example")
        except ValueError as exc:
            message = translator(lang_of(request))("em_bad", error=str(exc))
            return await _page(request, shop_id, name, source=source, error=message)
    try:
        await _service(request).save_email_template(
            account, shop_id, name, None if reset else source
        )
    except BadSetting as exc:
        message = exc.user_message(lang_of(request))
        return await _page(request, shop_id, name, source=source, error=message)
    done = "reset" if reset else "saved"
    raise web.HTTPSeeOther(
        f"/console/emails?shop={quote(shop_id)}&name={quote(name)}&done={done}#editor"
    )

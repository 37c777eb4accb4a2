"""Rendering console pages and fragments: every template gets the agent, the translation
function ``t``, the CSRF token and the navigation."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from assistant.i18n import pick_locale
from assistant.support.accounts import AgentAccount
from assistant.support.canned import AdminsOnly
from assistant.support.desk import CLOSE_REASONS
from web.console.event_text import describe, order_line
from web.console.numbers import money
from web.console.texts import LANG_NAMES, TEXT

ACCOUNT = web.RequestKey("console_account", AgentAccount)
CSRF = web.RequestKey("console_csrf", str)

CONSOLE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def console_headers(headers: Any) -> None:
    """Console pages must never be framed, cached or leak their URLs."""
    headers["Content-Security-Policy"] = CONSOLE_CSP
    headers["X-Frame-Options"] = "DENY"
    headers["Cache-Control"] = "no-store"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Content-Type-Options"] = "nosniff"


@dataclass(frozen=True, slots=True)
class NavItem:
    """A console section. Later sections (customers, dashboard, settings)
    are added to :data:`NAV`; ``admin`` hides an item from agents."""

    key: str
    href: str
    label: str
    admin: bool = False


NAV: list[NavItem] = [
    NavItem("inbox", "/console/", "nav_inbox"),
    NavItem("customers", "/console/customers", "nav_customers"),
    NavItem("canned", "/console/canned", "nav_canned"),
    NavItem("kb", "/console/kb", "nav_kb"),
    NavItem("dashboard", "/console/dashboard", "nav_dashboard"),
    NavItem("shops", "/console/shops", "nav_shops", admin=True),
    NavItem("settings", "/console/settings", "nav_settings", admin=True),
    NavItem("emails", "/console/emails", "nav_emails", admin=True),
    NavItem("rules", "/console/rules", "nav_rules", admin=True),
    NavItem("hooks", "/console/hooks", "nav_hooks", admin=True),
]


def account_of(request: web.Request) -> AgentAccount | None:
    return request.get(ACCOUNT)


def signed_in(request: web.Request) -> AgentAccount:
    """The agent of a console request behind ``console_guard``, which lets no one else through."""
    account = account_of(request)
    if account is None:
        raise RuntimeError(f"{request.path} is served without console_guard")
    return account


def admin_of(request: web.Request) -> AgentAccount:
    """The signed-in agent, who must be an admin (shops and settings pages)."""
    account = signed_in(request)
    if not account.is_admin:
        raise AdminsOnly()
    return account


def lang_of(request: web.Request) -> str:
    account = account_of(request)
    if account is not None:
        return account.locale
    return pick_locale(request.query.get("lang") or request.headers.get("Accept-Language"))


_TEXT_KEYS = frozenset(TEXT)


def translator(lang: str) -> Callable[..., str]:
    def t(key: str, **params: object) -> str:
        return TEXT[key].get(lang, **params)

    return t


def status_label(lang: str, status: str, agent_name: str | None) -> str:
    """The status as the inbox and the conversation header show it."""
    t = translator(lang)
    return t("s_agent", name=agent_name or "?") if status == "agent" else t(f"s_{status}")


def _when(value: datetime | None, lang: str) -> str:
    """UTC on the server; console.js shows it in the agent's own time zone."""
    if value is None:
        return ""
    fmt = "%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M"
    return value.strftime(fmt) + " UTC"


def context(request: web.Request, **extra: Any) -> dict[str, Any]:
    lang = lang_of(request)
    account = account_of(request)
    return {
        "lang": lang,
        "t": translator(lang),
        "when": lambda v: _when(v, lang),
        "status_label": lambda status, agent_name: status_label(lang, status, agent_name),
        "lang_name": lambda code: LANG_NAMES[code].get(lang) if code in LANG_NAMES else code,
        "event_text": lambda properties: describe(properties, lang),
        "order_line": lambda properties: order_line(properties, lang),
        "money_text": lambda value, currency="EUR": money(value, lang, currency),
        "pretty_json": lambda value: json.dumps(value, ensure_ascii=False, indent=2, default=str),
        "account": account,
        "csrf": request.get(CSRF, ""),
        "nav": [n for n in NAV if account and (account.is_admin or not n.admin)],
        "path": request.path,
        "text_keys": _TEXT_KEYS,
        "reasons": CLOSE_REASONS,
        **extra,
    }


def page(request: web.Request, template: str, *, status: int = 200, **extra: Any) -> web.Response:
    response = aiohttp_jinja2.render_template(
        f"console/{template}", request, context(request, **extra), status=status
    )
    console_headers(response.headers)
    return response


def fragment(request: web.Request, template: str, **extra: Any) -> str:
    return aiohttp_jinja2.render_string(f"console/{template}", request, context(request, **extra))


def wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")

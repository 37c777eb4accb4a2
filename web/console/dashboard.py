"""``/console/dashboard``: one shop's metrics over a period, as tiles and server-drawn charts.
A plain GET form (shop, from, to, or a preset), so it works without JavaScript; an agent sees
only their own shops."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from assistant.errors import Forbidden
from assistant.metrics.dashboard import dashboard_data
from assistant.metrics.periods import PRESETS, BadPeriod, Period, choose_period
from web.console.dashboard_view import build_view
from web.console.numbers import day
from web.console.pages import common
from web.console.render import NAV, lang_of, page, signed_in
from web.keys import clock_key, sessions_key, shop_admin_key

routes = web.RouteTableDef()


def _kb_href() -> str | None:
    """Where unanswered questions are answered, once the console has that section."""
    return next((n.href for n in NAV if n.key == "kb"), None)


@routes.get("/dashboard")
async def dashboard_page(request: web.Request) -> web.Response:
    account = signed_in(request)
    shop_id = request.query.get("shop") or (account.shops[0] if account.shops else "")
    if not account.can_see(shop_id):
        raise Forbidden(detail=f"{account.email} -> dashboard of {shop_id[:64]!r}")
    now = request.config_dict[clock_key]()
    today = now.date()
    asked = {k: request.query.get(k, "")[:40] for k in ("from", "to", "days")}
    lang = lang_of(request)
    extra = await common(request)
    setup = await request.config_dict[shop_admin_key].status(shop_id)
    base: dict[str, Any] = {
        "shop": shop_id,
        "presets": PRESETS,
        "today": today,
        "page_kind": "dashboard",
        # what the shop still lacks before it can go live (no FAQ, no catalog, no origin ...)
        "setup_gaps": [(g.key, g.text(lang)) for g in setup.gaps],
        "setup_href": f"/console/shops/{quote(shop_id)}" if account.is_admin else None,
    }
    try:
        period = choose_period(asked["days"], asked["from"], asked["to"], today)
    except BadPeriod as exc:
        return page(
            request,
            "dashboard.html",
            status=400,
            error=exc.user_message(lang),
            form=asked,
            view=None,
            period=None,
            **base,
            **extra,
        )
    data = await dashboard_data(request.config_dict[sessions_key], shop_id, period, now)
    return page(
        request,
        "dashboard.html",
        view=build_view(data, lang, _kb_href()),
        period=period,
        preset=period.preset(today),
        form={"from": period.first.isoformat(), "to": period.last.isoformat()},
        showing=_showing(period, extra["shop_names"].get(shop_id, shop_id), lang),
        **base,
        **extra,
    )


def _showing(period: Period, shop_name: str, lang: str) -> dict[str, object]:
    return {
        "shop": shop_name,
        "first": day(period.first, lang),
        "last": day(period.last, lang),
        "days": period.days,
    }

"""The outgoing webhooks page (admins of the shop only): the shop's subscriptions (add, pause,
remove, send a test event) and the delivery log. A new subscription's secret is shown once,
on the page that answers the form (never in a URL, never again)."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from assistant.errors import Forbidden
from assistant.hooks.subscriptions import BadSubscription, Created, HookAdmin
from assistant.hooks.topics import TOPICS
from assistant.shop.settings.service import NOT_YOUR_SHOP
from assistant.support.accounts import AgentAccount
from web.console.pages import common
from web.console.render import admin_of, lang_of, page
from web.keys import hooks_key

routes = web.RouteTableDef()
NOTICES = ("test", "enabled", "disabled", "removed")


def _hooks(request: web.Request) -> HookAdmin:
    return request.config_dict[hooks_key]


def _allowed(request: web.Request, shop_id: str) -> AgentAccount:
    """An admin enabled for ``shop_id``; anyone else is refused before anything is read."""
    account = admin_of(request)
    if not account.can_see(shop_id):
        raise Forbidden(message=NOT_YOUR_SHOP, detail=f"{account.id} -> {shop_id[:64]}")
    return account


def _back(shop_id: str, done: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/console/hooks?shop={quote(shop_id)}&done={done}")


@routes.get("/hooks")
async def hooks_page(request: web.Request) -> web.Response:
    account = admin_of(request)
    shop_id = request.query.get("shop") or (account.shops[0] if account.shops else None)
    done = request.query.get("done")
    return await _render(request, shop_id, notice=done if done in NOTICES else None)


async def _render(
    request: web.Request,
    shop_id: str | None,
    *,
    status: int = 200,
    notice: str | None = None,
    error: str | None = None,
    created: Created | None = None,
    url: str = "",
    topics: tuple[str, ...] = (),
) -> web.Response:
    account = admin_of(request)
    subscriptions, log = [], []
    if shop_id is not None:
        _allowed(request, shop_id)
        subscriptions = await _hooks(request).subscriptions(shop_id)
        log = await _hooks(request).log(shop_id)
    return page(
        request,
        "hooks.html",
        status=status,
        page_kind="hooks",
        shop_id=shop_id,
        shop_ids=account.shops,
        subscriptions=subscriptions,
        log=log,
        topics=TOPICS,
        notice=notice,
        error=error,
        created=created,
        url=url,
        chosen=topics,
        **await common(request),
    )


@routes.post("/hooks/{shop}/add")
async def add(request: web.Request) -> web.Response:
    shop_id = request.match_info["shop"]
    _allowed(request, shop_id)
    form = await request.post()
    url = str(form.get("url", ""))
    topics = tuple(str(t) for t in form.getall("topics", []))
    try:
        created = await _hooks(request).add(shop_id, url, topics)
    except BadSubscription as exc:
        message = exc.user_message(lang_of(request))
        return await _render(request, shop_id, status=400, error=message, url=url, topics=topics)
    return await _render(request, shop_id, created=created)


@routes.post("/hooks/{shop}/{id}/{action:enable|disable|remove|test}")
async def act(request: web.Request) -> web.Response:
    shop_id, subscription = request.match_info["shop"], request.match_info["id"]
    _allowed(request, shop_id)
    action = request.match_info["action"]
    hooks = _hooks(request)
    if action == "test":
        await hooks.test(shop_id, subscription)
        raise _back(shop_id, "test")
    if action == "remove":
        await hooks.remove(shop_id, subscription)
        raise _back(shop_id, "removed")
    await hooks.set_enabled(shop_id, subscription, action == "enable")
    raise _back(shop_id, f"{action}d")

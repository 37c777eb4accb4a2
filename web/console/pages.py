"""The console's pages: the inbox, one conversation, the canned replies."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.support import canned, inbox
from web.console.auth import PageNotFound
from web.console.render import page, signed_in
from web.keys import desk_key, presence_key, sessions_key, shops_key

routes = web.RouteTableDef()


async def shop_names_of(request: web.Request, shop_ids: tuple[str, ...]) -> dict[str, str]:
    shops = request.config_dict[shops_key]
    return {s: (await shops.get(s)).name for s in shop_ids}


async def online_names(request: web.Request, shop_ids: tuple[str, ...]) -> list[str]:
    presence = request.config_dict[presence_key]
    names: dict[str, str] = {}
    for shop_id in shop_ids:
        names.update({a.id: a.name for a in await presence.online(shop_id)})
    return sorted(names.values(), key=str.lower)


async def common(request: web.Request) -> dict[str, Any]:
    """What every signed-in page shows in its header: shops, who is online, the queue."""
    account = signed_in(request)
    return {
        "shop_names": await shop_names_of(request, account.shops),
        "online": await online_names(request, account.shops),
        "counts": await inbox.counts(request.config_dict[sessions_key], account),
    }


@routes.get("/")
async def inbox_page(request: web.Request) -> web.Response:
    account = signed_in(request)
    query = inbox.InboxQuery(
        status=request.query.get("status", "open"),
        shop=request.query.get("shop") or None,
        lang=request.query.get("lang") or None,
    ).normalised(account)
    rows = await inbox.inbox(request.config_dict[sessions_key], account, query)
    return page(
        request,
        "inbox.html",
        rows=rows,
        query=query,
        filters=list(inbox.FILTERS),
        page_kind="inbox",
        **await common(request),
    )


@routes.get("/conversations/{id}")
async def conversation_page(request: web.Request) -> web.Response:
    account = signed_in(request)
    desk = request.config_dict[desk_key]
    target = await desk.target(account, request.match_info["id"])  # 404 / 403
    sessions = request.config_dict[sessions_key]
    view = await inbox.conversation_view(sessions, target.id)
    if view is None:
        raise PageNotFound()
    if view.last_message_id:
        await desk.mark_read(account, target.id, view.last_message_id)
    replies = await canned.canned_replies(sessions, account, target.shop_id)
    return page(
        request,
        "conversation.html",
        view=view,
        c=view.conversation,
        canned=replies,
        page_kind="conversation",
        **await common(request),
    )


@routes.get("/canned")
async def canned_page(request: web.Request) -> web.Response:
    account = signed_in(request)
    replies = await canned.canned_replies(request.config_dict[sessions_key], account)
    return page(
        request,
        "canned.html",
        replies=replies,
        notice=request.query.get("done"),
        page_kind="canned",
        **await common(request),
    )

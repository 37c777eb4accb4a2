"""What agents do, as plain form posts (the console works without JavaScript: each action
redirects back to the page) that console.js sends with ``fetch`` for a JSON answer instead."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.support import canned, inbox
from assistant.support.desk import Desk
from web.console.render import fragment, signed_in, wants_json
from web.keys import clock_key, desk_key, sessions_key

routes = web.RouteTableDef()


async def _form(request: web.Request) -> dict[str, str]:
    form = await request.post()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _done(request: web.Request, to: str, **body: Any) -> web.Response:
    if wants_json(request):
        return web.json_response({"ok": True, **body})
    raise web.HTTPSeeOther(to)


def _desk(request: web.Request) -> Desk:
    return request.config_dict[desk_key]


def _back(request: web.Request) -> str:
    return f"/console/conversations/{request.match_info['id']}"


async def message_html(request: web.Request, message_id: int) -> str | None:
    row = await inbox.message(request.config_dict[sessions_key], message_id)
    if row is None:
        return None
    item = inbox.TranscriptItem("message", row.created_at, message=row)
    return fragment(request, "_item.html", item=item)


@routes.post("/conversations/{id}/takeover")
async def take_over(request: web.Request) -> web.Response:
    account = signed_in(request)
    notice = await _desk(request).take_over(account, request.match_info["id"])
    html = await message_html(request, notice["id"]) if notice else None
    return _done(request, _back(request), message=notice, html=html)


@routes.post("/conversations/{id}/messages")
async def reply(request: web.Request) -> web.Response:
    account = signed_in(request)
    form = await _form(request)
    frame = await _desk(request).reply(account, request.match_info["id"], form.get("text", ""))
    return _done(
        request, _back(request), message=frame, html=await message_html(request, frame["id"])
    )


@routes.post("/conversations/{id}/handback")
async def hand_back(request: web.Request) -> web.Response:
    account = signed_in(request)
    notice = await _desk(request).hand_back(account, request.match_info["id"])
    return _done(request, _back(request), message=notice)


@routes.post("/conversations/{id}/close")
async def close(request: web.Request) -> web.Response:
    account = signed_in(request)
    form = await _form(request)
    notice = await _desk(request).close(account, request.match_info["id"], form.get("reason", ""))
    return _done(request, _back(request), message=notice)


@routes.post("/conversations/{id}/notes")
async def add_note(request: web.Request) -> web.Response:
    account = signed_in(request)
    form = await _form(request)
    note_id = await _desk(request).add_note(account, request.match_info["id"], form.get("text", ""))
    return _done(request, _back(request) + "#notes", note=note_id)


@routes.post("/conversations/{id}/typing")
async def typing(request: web.Request) -> web.Response:
    account = signed_in(request)
    sent = await _desk(request).typing(account, request.match_info["id"])
    return web.json_response({"ok": True, "sent": sent})


# -- canned replies (admins) -----------------------------------------------------------------


def _position(raw: str | None) -> int:
    try:
        return max(0, min(10_000, int(raw or 0)))
    except ValueError:
        return 0


@routes.post("/canned")
async def create_canned(request: web.Request) -> web.Response:
    return await _save_canned(request, None)


@routes.post("/canned/{reply_id:\\d+}")
async def update_canned(request: web.Request) -> web.Response:
    return await _save_canned(request, int(request.match_info["reply_id"]))


async def _save_canned(request: web.Request, reply_id: int | None) -> web.Response:
    account = signed_in(request)
    form = await _form(request)
    await canned.save_canned_reply(
        request.config_dict[sessions_key],
        account,
        shop_id=form.get("shop", ""),
        lang=form.get("lang", "de"),
        title=form.get("title", ""),
        text=form.get("text", ""),
        reply_id=reply_id,
        position=_position(form.get("position")),
        clock=request.config_dict[clock_key],
    )
    return _done(request, "/console/canned?done=saved")


@routes.post("/canned/{reply_id:\\d+}/delete")
async def delete_canned(request: web.Request) -> web.Response:
    account = signed_in(request)
    await canned.delete_canned_reply(
        request.config_dict[sessions_key], account, int(request.match_info["reply_id"])
    )
    return _done(request, "/console/canned?done=deleted")

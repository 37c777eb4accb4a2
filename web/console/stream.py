"""``GET /console/live``: the console's live channel, as server-sent events.

One stream per open console page. It subscribes to the topics of the agent's shops (inbox
rows, the queue count, who is online) and, with ``?conversation=ID``, to that conversation
(its messages, typing, status and notes), and turns each bus event into HTML rendered by the
same templates as the page, so the page's scripts only insert it. While a stream is open the
agent counts as online for their shops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from aiohttp import web

from assistant.live.bus import Event, conversation_topic, shop_topic
from assistant.support import inbox
from assistant.support.accounts import AgentAccount
from assistant.support.desk import Target
from web.console.actions import message_html
from web.console.pages import online_names, shop_names_of
from web.console.render import console_headers, fragment, lang_of, signed_in, status_label
from web.keys import bus_key, console_key, desk_key, presence_key, sessions_key

routes = web.RouteTableDef()
PING_SECONDS = 15
#: How soon a closed page is noticed (and the agent shown offline): aiohttp does not tell a
#: streaming handler that its client went away until it writes.
CHECK_SECONDS = 1.0
QUEUE_SIZE = 500
#: Put on a stream's queue to end it (server shutdown).
CLOSE: dict[str, Any] = {"kind": "_close"}


@routes.get("/live")
async def live(request: web.Request) -> web.StreamResponse:
    account = signed_in(request)
    target = None
    if request.query.get("conversation"):
        target = await request.config_dict[desk_key].target(account, request.query["conversation"])
    response = web.StreamResponse(headers={"X-Accel-Buffering": "no"})
    response.content_type = "text/event-stream"
    console_headers(response.headers)
    await response.prepare(request)

    queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
    overflow = asyncio.Event()

    async def listener(event: Event) -> None:
        try:
            queue.put_nowait(event)
        except asyncio.QueueFull:
            overflow.set()  # a console this far behind reloads instead

    topics = [shop_topic(s) for s in account.shops]
    if target is not None:
        topics.append(conversation_topic(target.id))
    state = request.config_dict[console_key]
    presence = request.config_dict[presence_key]
    sub = await request.config_dict[bus_key].subscribe(topics, listener)
    state.streams.add(queue)
    await presence.enter(account.online, account.shops)
    try:
        await _send(response, "ready", {"online": await online_names(request, account.shops)})
        idle = 0.0
        while not overflow.is_set() and _connected(request):
            try:
                async with asyncio.timeout(CHECK_SECONDS):
                    event = await queue.get()
            except TimeoutError:
                idle += CHECK_SECONDS
                if idle >= PING_SECONDS:  # keeps proxies from closing an idle stream
                    idle = 0.0
                    await response.write(b": ping\n\n")
                continue
            idle = 0.0
            if event is CLOSE:
                break
            for name, data in await _translate(request, account, target, event):
                await _send(response, name, data)
    except ConnectionError:
        pass  # the page was closed
    finally:
        state.streams.discard(queue)
        await sub.close()
        await presence.leave(account.online, account.shops)
    with contextlib.suppress(ConnectionError):
        await response.write_eof()
    return response


def _connected(request: web.Request) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()


async def _send(response: web.StreamResponse, name: str, data: dict[str, Any]) -> None:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    await response.write(f"event: {name}\ndata: {body}\n\n".encode())


async def _translate(
    request: web.Request, account: AgentAccount, target: Target | None, event: Event
) -> list[tuple[str, dict[str, Any]]]:
    kind = event.get("kind")
    sessions = request.config_dict[sessions_key]
    if kind == "conversation":
        return await _row(request, account, event["conversation"])
    if kind == "presence":
        return [("presence", {"online": await online_names(request, account.shops)})]
    if target is None or event.get("conversation") != target.id:
        return []
    if kind == "message":
        message_id = event["message"]["id"]
        await request.config_dict[desk_key].mark_read(account, target.id, message_id)
        html = await message_html(request, message_id)
        return [("message", {"id": message_id, "html": html})] if html else []
    if kind == "typing":
        agent = event.get("agent") or {}
        if agent.get("id") == account.id:
            return []
        return [("typing", {"author": event.get("author"), "name": agent.get("name")})]
    if kind == "status":
        head = await inbox.conversation_head(sessions, target.id)
        if head is None:
            return []
        conversation, agent_name = head
        html = fragment(request, "_controls.html", c=conversation, agent_name=agent_name)
        label = status_label(lang_of(request), conversation.status, agent_name)
        return [("status", {"status": conversation.status, "label": label, "html": html})]
    if kind == "note":
        found = await inbox.note(sessions, event["note"])
        if found is None:
            return []
        return [
            ("note", {"id": event["note"], "html": fragment(request, "_note.html", n=found[1])})
        ]
    return []


async def _row(
    request: web.Request, account: AgentAccount, conversation_id: str
) -> list[tuple[str, dict[str, Any]]]:
    sessions = request.config_dict[sessions_key]
    rows = await inbox.inbox(sessions, account, inbox.InboxQuery(), conversation_id)
    counts = await inbox.counts(sessions, account)
    out: list[tuple[str, dict[str, Any]]] = [("counts", counts)]
    if rows:
        row = rows[0]
        html = fragment(
            request, "_row.html", r=row, shop_names=await shop_names_of(request, account.shops)
        )
        out.insert(
            0,
            (
                "row",
                {
                    "id": row.id,
                    "status": row.status,
                    "mine": row.agent_id == account.id,
                    "shop": row.shop_id,
                    "lang": row.locale,
                    "html": html,
                },
            ),
        )
    return out


async def close_streams(app: web.Application) -> None:
    """On shutdown: end every live stream (the browsers reconnect to the next instance)."""
    for queue in list(app[console_key].streams):
        with contextlib.suppress(asyncio.QueueFull):
            queue.put_nowait(CLOSE)

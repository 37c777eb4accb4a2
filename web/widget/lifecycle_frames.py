"""The widget's lifecycle frames: ``track``, ``page_view``, ``identify``, ``survey`` and
``action`` (registered in :data:`web.widget.frames.FRAME_HANDLERS`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.conversation.engine import ChatSession
from assistant.lifecycle.tracking import (
    parse_action,
    parse_identify,
    parse_page_view,
    parse_survey,
    parse_track,
)
from web.keys import actions_key, lifecycle_key

if TYPE_CHECKING:
    from web.widget.socket import Connection


async def on_track(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    await conn.request.app[lifecycle_key].track(session, parse_track(data))


async def on_page_view(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    """One per page load; answered with any proactive message due for this shopper."""
    url = parse_page_view(data)
    await conn.request.app[lifecycle_key].page_view(session, url)
    for frame in await conn.request.app[actions_key].deliver(session, url):
        await conn.send(frame)


async def on_identify(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    before = session.conversation_id
    wanted = parse_identify(data)
    done = await conn.request.app[lifecycle_key].identify(session, wanted)
    if before is not None and done.conversation_id != before:
        # Another person signed in on this browser: the previous person's conversation (its
        # agent's answers) must no longer reach this socket.
        await conn.hub.leave(conn.ws, before)
    await conn.send(
        {
            "type": "identified",
            "customer": wanted.external_id,
            "conversation": done.conversation_id,
        }
    )


async def on_survey(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    answer = parse_survey(data)
    apology = await conn.request.app[lifecycle_key].survey(session, answer)
    await conn.send({"type": "survey", "kind": answer.kind, "score": answer.score})
    if apology is not None:  # a detractor's NPS: the team takes over (status via the hub)
        await conn.send({"type": "reply", **apology})


async def on_action(conn: Connection, session: ChatSession, data: dict[str, Any]) -> None:
    await conn.request.app[actions_key].feedback(session, parse_action(data))


HANDLERS = {
    "track": on_track,
    "page_view": on_page_view,
    "identify": on_identify,
    "survey": on_survey,
    "proactive": on_action,
}

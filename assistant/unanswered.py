"""The questions the assistant could not answer (``faq_unanswered`` events), grouped into
clusters of similar questions for whoever writes the next articles."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlmodel import col, select

from assistant.storage.engine import Sessions
from assistant.storage.models import Event
from knowledge_base import Lang
from knowledge_base.clusters import Cluster, cluster_questions

#: The newest this many unanswered questions are clustered.
RECENT = 10_000


async def unanswered_questions(
    sessions: Sessions,
    shop_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = RECENT,
) -> list[tuple[str, Lang]]:
    query = select(Event.properties).where(Event.shop_id == shop_id, Event.type == "faq_unanswered")
    if since is not None:
        query = query.where(col(Event.created_at) >= since)
    if until is not None:
        query = query.where(col(Event.created_at) < until)
    async with sessions() as db:
        rows = (await db.exec(query.order_by(col(Event.id).desc()).limit(limit))).all()
    out: list[tuple[str, Lang]] = []
    for props in rows:
        text = props.get("query") if isinstance(props, dict) else None
        if isinstance(text, str) and text.strip():
            out.append((text, "en" if props.get("lang") == "en" else "de"))
    return out


async def unanswered_clusters(
    sessions: Sessions,
    shop_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Cluster]:
    questions = await unanswered_questions(sessions, shop_id, since=since, until=until)
    # Clustering compares many strings: keep it off the event loop.
    return await asyncio.get_running_loop().run_in_executor(None, cluster_questions, questions)

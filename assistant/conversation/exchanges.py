"""Storing many shopper exchanges in one group commit with a handful of statements.

Each exchange (a shopper's message, the bot's reply, their events) only describes its rows in
its own unit of work; the batch writes them all at once: the new customers, visitors and
conversations of first messages, one read of the conversations' current status (an agent may
have taken over since the reply was decided: then the bot stays silent), the messages (one
insert that learns their ids), one lifecycle ingest of every event (which also writes the
customers' last-seen times), and one bulk update for the conversations. The ORM would insert row by row to learn each id.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.conversation.replies import EventDraft
from assistant.conversation.turns import Response
from assistant.lifecycle.events import ingest
from assistant.storage.bulk import insert_rows, insert_with_ids, update_rows
from assistant.storage.lists import one_of
from assistant.storage.models import Conversation, Customer, Visitor
from assistant.storage.rows import EventRow, MessageRow


@dataclass(slots=True)
class PendingExchange:
    shop_id: str
    customer_id: str
    conversation_id: str
    new_conversation: bool
    turn_status: str
    client_id: str
    chars: int
    inbound: MessageRow
    outbound: MessageRow | None
    response: Response
    now: datetime
    #: Filled in by the batch: the status as stored, and whether the bot must stay silent.
    current: str = "bot"
    silenced: bool = False
    #: New rows of a first message (customer, visitor, conversation), inserted by the batch.
    created: list[Any] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        return None if self.silenced else self.response.status

    @property
    def state(self) -> dict[str, Any] | None:
        return None if self.silenced else self.response.state

    @property
    def events(self) -> tuple[EventDraft, ...]:
        return () if self.silenced else self.response.events


@functools.cache
def _status_query(dialect: str) -> Any:
    return select(Conversation.id, Conversation.status).where(
        one_of(Conversation.id, "ids", dialect)
    )


class ExchangeBatch:
    def __init__(self) -> None:
        self.items: list[PendingExchange] = []

    def add(self, pending: PendingExchange) -> None:
        self.items.append(pending)

    async def run(self, db: AsyncSession) -> None:
        created = [row for p in self.items for row in p.created]
        for model in (Customer, Visitor, Conversation):  # parents first
            await insert_rows(db, [row for row in created if isinstance(row, model)])
        await self._settle_status(db)
        await insert_with_ids(
            db, [m for p in self.items for m in (p.inbound, p.outbound) if m is not None]
        )
        rows: list[EventRow] = []
        conversations: dict[str, dict[str, Any]] = {}
        customers: dict[str, datetime] = {}
        for p in self.items:
            drafts = (EventDraft("message_sent", {"chars": p.chars}), *p.events)
            rows.extend(
                EventRow(
                    shop_id=p.shop_id,
                    customer_id=p.customer_id,
                    conversation_id=p.conversation_id,
                    type=d.type,
                    properties=d.properties,
                    created_at=p.now,
                )
                for d in drafts
            )
            changes = conversations.setdefault(p.conversation_id, {"id": p.conversation_id})
            changes.update(last_message_at=p.now, updated_at=p.now)
            if p.state is not None:
                changes["state"] = p.state
            if p.status is not None:
                changes["status"] = p.status
            customers[p.customer_id] = p.now
        await ingest(db, rows, last_seen=customers)  # last_seen_at with the stage and score
        await update_rows(db, Conversation, list(conversations.values()))

    async def _settle_status(self, db: AsyncSession) -> None:
        """An agent who took over between the bot's decision and this commit wins."""
        existing = sorted({p.conversation_id for p in self.items if not p.new_conversation})
        stored: dict[str, str] = {}
        if existing:
            conn = await db.connection()
            result = await conn.execute(_status_query(conn.dialect.name), {"ids": existing})
            stored = {cid: status for cid, status in result.all()}
        for p in self.items:
            p.current = stored.get(
                p.conversation_id, "bot" if p.new_conversation else p.turn_status
            )
            if p.current == "agent" and p.turn_status != "agent":
                p.silenced = True
                p.outbound = None

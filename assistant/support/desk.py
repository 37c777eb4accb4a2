"""What an agent does to a conversation: take it over, reply, hand it back, close it, write a
private note, show that they are typing.

Ownership is decided by the database, not by whoever read last: taking over is one conditional
``UPDATE ... WHERE status IN ('bot', 'waiting')``, so of two agents clicking at once exactly one
wins and the other is told who was faster. Replying, handing back and closing are conditional
updates in the same way. Every change is stored first, then announced on the live bus.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, true, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.conversation.engine import message_frame
from assistant.conversation.replies import EventDraft
from assistant.errors import AssistantError, ConversationNotFound, Forbidden
from assistant.i18n import L10n
from assistant.lifecycle.events import store_events
from assistant.live.bus import (
    TYPING_EVERY,
    LiveBus,
    announce_message,
    conversation_topic,
    note_event,
    typing_event,
)
from assistant.protocol import EmptyText, TextTooLong
from assistant.storage.engine import Sessions
from assistant.storage.models import Agent, AgentRead, Conversation, ConversationNote, Message
from assistant.storage.upsert import upsert
from assistant.storage.writer import BatchWriter
from assistant.support.accounts import AgentAccount
from assistant.support.texts import AGENT_JOINED, AGENT_LEFT, CLOSED

#: Why a conversation was closed; labels live with the console's texts.
CLOSE_REASONS: tuple[str, ...] = ("resolved", "no_reply", "duplicate", "spam", "other")
MAX_NOTE_CHARS = 4000


NOT_YOUR_CONVERSATION = L10n(
    de="Dieses Gespräch gehört zu einem Shop, für den Sie nicht freigeschaltet sind.",
    en="This conversation belongs to a shop you have no access to.",
)


class ConversationTaken(AssistantError):
    code = "conversation_taken"
    status = 409
    message = L10n(
        de="{name} hat dieses Gespräch bereits übernommen.",
        en="{name} has already taken over this conversation.",
    )

    def __init__(self, owner: str) -> None:
        super().__init__(detail=f"owned by {owner}")
        self.owner = owner

    def user_message(self, locale: str) -> str:
        return self.message.get(locale, name=self.owner)


class NotOwner(AssistantError):
    code = "not_owner"
    status = 409
    message = L10n(
        de="Übernehmen Sie das Gespräch zuerst – erst dann können Sie antworten.",
        en="Take over the conversation first – then you can reply.",
    )


class ConversationClosed(AssistantError):
    code = "conversation_closed"
    status = 409
    message = L10n(de="Dieses Gespräch ist bereits beendet.", en="This conversation is closed.")


class BadReason(AssistantError):
    code = "bad_reason"
    status = 400
    message = L10n(de="Bitte wählen Sie einen Grund.", en="Please choose a reason.")


@dataclass(frozen=True, slots=True)
class Target:
    """What an action needs to know about a conversation it may touch."""

    id: str
    shop_id: str
    customer_id: str
    locale: str
    status: str
    agent_id: str | None = None


class Desk:
    def __init__(
        self,
        *,
        sessions: Sessions,
        writer: BatchWriter,
        live: LiveBus,
        clock: Clock = utc_now,
        max_text_chars: int = 2000,
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._live = live
        self._clock = clock
        self._max_text = max_text_chars
        self._typing: dict[tuple[str, str], datetime] = {}

    # -- access ---------------------------------------------------------------------------------

    async def target(self, account: AgentAccount, conversation_id: str) -> Target:
        """The conversation if it exists (404) and belongs to one of the agent's shops (403)."""
        async with self._sessions() as db:
            row = await db.get(Conversation, conversation_id[:32])
        if row is None:
            raise ConversationNotFound(detail=conversation_id[:32])
        if not account.can_see(row.shop_id):
            raise Forbidden(
                message=NOT_YOUR_CONVERSATION, detail=f"{account.email} -> {row.shop_id}"
            )
        return Target(row.id, row.shop_id, row.customer_id, row.locale, row.status, row.agent_id)

    # -- actions --------------------------------------------------------------------------------

    async def take_over(self, account: AgentAccount, conversation_id: str) -> dict[str, Any] | None:
        """The notice the shopper gets, or ``None`` when the agent had it already."""
        target = await self.target(account, conversation_id)
        now = self._clock()

        async def work(db: AsyncSession) -> dict[str, Any] | None:
            won = await db.exec(
                update(Conversation)
                .where(
                    col(Conversation.id) == target.id,
                    col(Conversation.status).in_(("bot", "waiting")),
                )
                .values(status="agent", agent_id=account.id, updated_at=now, last_message_at=now)
            )
            if won.rowcount != 1:
                return None
            text = AGENT_JOINED.get(target.locale, name=account.name)
            return await self._notice(db, target, account, "agent_joined", text, now)

        notice = await self._writer.submit(work)
        if notice is None:
            await self._explain(account, target.id)
            return None
        await announce_message(
            self._live,
            target.shop_id,
            target.id,
            [notice],
            status="agent",
            status_changed=True,
            agent_name=account.name,
        )
        return notice

    async def reply(self, account: AgentAccount, conversation_id: str, text: str) -> dict[str, Any]:
        text = self._text(text, self._max_text)
        target = await self.target(account, conversation_id)
        now = self._clock()

        async def work(db: AsyncSession) -> dict[str, Any] | None:
            mine = await db.exec(
                update(Conversation)
                .where(
                    col(Conversation.id) == target.id,
                    col(Conversation.status) == "agent",
                    col(Conversation.agent_id) == account.id,
                )
                .values(updated_at=now, last_message_at=now)
            )
            if mine.rowcount != 1:
                return None
            row = Message(
                conversation_id=target.id,
                direction="out",
                author="agent",
                text=text,
                payload={"agent": {"id": account.id, "name": account.name}},
                created_at=now,
            )
            db.add(row)
            await self._events(
                db, target, "agent_message", {"agent": account.id, "chars": len(text)}, now
            )
            await db.flush()
            assert row.id is not None
            await _read_up_to(db, account.id, target.id, row.id)
            return message_frame(row)

        frame = await self._writer.submit(work)
        if frame is None:
            await self._explain(account, target.id, replying=True)
            raise NotOwner()
        await announce_message(self._live, target.shop_id, target.id, [frame], status="agent")
        return frame

    async def hand_back(self, account: AgentAccount, conversation_id: str) -> dict[str, Any]:
        """Back to the bot; only the owner (or an admin) may."""
        target = await self.target(account, conversation_id)
        now = self._clock()

        async def work(db: AsyncSession) -> dict[str, Any] | None:
            done = await db.exec(
                update(Conversation)
                .where(
                    col(Conversation.id) == target.id,
                    col(Conversation.status) == "agent",
                    self._owner_or_admin(account),
                )
                .values(status="bot", agent_id=None, updated_at=now, last_message_at=now)
            )
            if done.rowcount != 1:
                return None
            text = AGENT_LEFT.get(target.locale, name=account.name)
            return await self._notice(db, target, account, "agent_left", text, now)

        notice = await self._writer.submit(work)
        if notice is None:
            await self._explain(account, target.id, replying=True)
            raise NotOwner()
        await announce_message(
            self._live, target.shop_id, target.id, [notice], status="bot", status_changed=True
        )
        return notice

    async def close(
        self, account: AgentAccount, conversation_id: str, reason: str
    ) -> dict[str, Any]:
        """Closed for good: the shopper's next message starts a new conversation. A
        conversation another agent owns can only be closed by them (or an admin)."""
        if reason not in CLOSE_REASONS:
            raise BadReason(detail=reason[:40])
        target = await self.target(account, conversation_id)
        now = self._clock()

        async def work(db: AsyncSession) -> dict[str, Any] | None:
            done = await db.exec(
                update(Conversation)
                .where(
                    col(Conversation.id) == target.id,
                    col(Conversation.status) != "closed",
                    or_(col(Conversation.status) != "agent", self._owner_or_admin(account)),
                )
                .values(
                    status="closed",
                    close_reason=reason,
                    agent_id=func.coalesce(col(Conversation.agent_id), account.id),
                    updated_at=now,
                    last_message_at=now,
                )
            )
            if done.rowcount != 1:
                return None
            text = CLOSED.get(target.locale)
            return await self._notice(
                db, target, account, "conversation_closed", text, now, reason=reason
            )

        notice = await self._writer.submit(work)
        if notice is None:
            await self._explain(account, target.id)
            raise NotOwner()
        await announce_message(
            self._live, target.shop_id, target.id, [notice], status="closed", status_changed=True
        )
        return notice

    async def add_note(self, account: AgentAccount, conversation_id: str, text: str) -> int:
        text = self._text(text, MAX_NOTE_CHARS)
        target = await self.target(account, conversation_id)
        now = self._clock()

        async def work(db: AsyncSession) -> int:
            note = ConversationNote(
                conversation_id=target.id, agent_id=account.id, text=text, created_at=now
            )
            db.add(note)
            await db.flush()
            assert note.id is not None
            return note.id

        note_id = await self._writer.submit(work)
        await self._live.publish(
            conversation_topic(target.id), note_event(target.shop_id, target.id, note_id)
        )
        return note_id

    async def typing(self, account: AgentAccount, conversation_id: str) -> bool:
        """Tell the shopper the agent is typing; at most every two seconds per agent and chat,
        and only the agent who has the conversation."""
        target = await self.target(account, conversation_id)
        if target.status != "agent" or target.agent_id != account.id:
            return False
        now = self._clock()
        key = (account.id, target.id)
        last = self._typing.get(key)
        if last is not None and now - last < TYPING_EVERY:
            return False
        if len(self._typing) > 10_000:
            self._typing = {k: v for k, v in self._typing.items() if now - v < TYPING_EVERY}
        self._typing[key] = now
        await self._live.publish(
            conversation_topic(target.id),
            typing_event(target.shop_id, target.id, "agent", agent=account.online),
        )
        return True

    async def mark_read(self, account: AgentAccount, conversation_id: str, message_id: int) -> None:
        target = await self.target(account, conversation_id)

        async def work(db: AsyncSession) -> None:
            await _read_up_to(db, account.id, target.id, message_id)

        await self._writer.submit(work)

    # -- helpers --------------------------------------------------------------------------------

    @staticmethod
    def _owner_or_admin(account: AgentAccount) -> Any:
        if account.is_admin:
            return true()
        return col(Conversation.agent_id) == account.id

    @staticmethod
    def _text(raw: str, limit: int) -> str:
        text = raw.strip()
        if not text:
            raise EmptyText()
        if len(text) > limit:
            raise TextTooLong(detail=f"{len(text)} characters")
        return text

    async def _notice(
        self,
        db: AsyncSession,
        target: Target,
        account: AgentAccount,
        kind: str,
        text: str,
        now: datetime,
        **properties: Any,
    ) -> dict[str, Any]:
        """A system line in the transcript plus the event it stands for."""
        row = Message(
            conversation_id=target.id,
            direction="out",
            author="system",
            text=text,
            payload={"notice": kind},
            created_at=now,
        )
        db.add(row)
        await self._events(db, target, kind, {"agent": account.id, **properties}, now)
        await db.flush()
        assert row.id is not None
        await _read_up_to(db, account.id, target.id, row.id)
        return message_frame(row)

    async def _events(
        self, db: AsyncSession, target: Target, kind: str, properties: dict[str, Any], now: datetime
    ) -> None:
        await store_events(
            db,
            shop_id=target.shop_id,
            customer_id=target.customer_id,
            conversation_id=target.id,
            drafts=(EventDraft(kind, properties),),
            now=now,
        )

    async def _explain(
        self, account: AgentAccount, conversation_id: str, *, replying: bool = False
    ) -> None:
        """Raise the reason an action found the conversation in another state; return quietly
        when the agent owns it already (a double click on "take over")."""
        async with self._sessions() as db:
            row = (
                await db.exec(
                    select(Conversation.status, Conversation.agent_id, Agent.name)
                    .join(Agent, col(Agent.id) == Conversation.agent_id, isouter=True)
                    .where(Conversation.id == conversation_id)
                )
            ).first()
        if row is None:
            raise ConversationNotFound(detail=conversation_id)
        status, agent_id, owner = row
        if status == "closed":
            raise ConversationClosed()
        if status == "agent" and agent_id != account.id:
            raise ConversationTaken(owner or "?")
        if replying and status != "agent":
            raise NotOwner()


async def _read_up_to(
    db: AsyncSession, agent_id: str, conversation_id: str, message_id: int
) -> None:
    await upsert(
        db,
        AgentRead,
        {"agent_id": agent_id, "conversation_id": conversation_id, "message_id": message_id},
        keys=("agent_id", "conversation_id"),
        update={"message_id": message_id},
        where=col(AgentRead.message_id) < message_id,
    )

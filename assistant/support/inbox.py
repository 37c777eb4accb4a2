"""Reading for the console: the inbox list with unread counts, and one conversation with
everything an agent needs before taking over (transcript, events, the customer, notes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import utc_now
from assistant.lifecycle.score import Engagement, score_at
from assistant.lifecycle.settings import parse_settings
from assistant.storage.engine import Sessions
from assistant.storage.models import (
    Agent,
    AgentRead,
    Conversation,
    ConversationNote,
    Customer,
    CustomerLifecycle,
    Event,
    Message,
    Shop,
)
from assistant.support.accounts import AgentAccount

#: Inbox filters: the statuses each one shows ("mine" also needs the agent).
FILTERS: dict[str, tuple[str, ...]] = {
    "open": ("bot", "waiting", "agent"),
    "waiting": ("waiting",),
    "mine": ("agent",),
    "agent": ("agent",),
    "bot": ("bot",),
    "closed": ("closed",),
    "all": ("bot", "waiting", "agent", "closed"),
}
INBOX_LIMIT = 100
PREVIEW_CHARS = 140
#: Events that say nothing an agent needs in a transcript (every message has one).
QUIET_EVENTS = frozenset({"message_sent"})


@dataclass(frozen=True, slots=True)
class InboxQuery:
    status: str = "open"
    shop: str | None = None
    lang: str | None = None

    def normalised(self, account: AgentAccount) -> InboxQuery:
        return InboxQuery(
            status=self.status if self.status in FILTERS else "open",
            shop=self.shop if self.shop and account.can_see(self.shop) else None,
            lang=self.lang if self.lang in ("de", "en") else None,
        )


@dataclass(frozen=True, slots=True)
class InboxRow:
    id: str
    shop_id: str
    status: str
    locale: str
    customer: str
    stage: str
    agent_id: str | None
    agent_name: str | None
    last_message_at: datetime
    preview: str
    unread: int
    offline_email: str | None


async def inbox(
    sessions: Sessions, account: AgentAccount, query: InboxQuery, conversation_id: str | None = None
) -> list[InboxRow]:
    """The agent's conversations, newest first; with ``conversation_id`` just that one row
    (for a live update), whatever the filter."""
    if not account.shops:
        return []
    conv = Conversation
    last_text = (  # what the shopper said last: what an agent scans the inbox for
        select(Message.text)
        .where(Message.conversation_id == conv.id, Message.direction == "in")
        .order_by(col(Message.id).desc())
        .limit(1)
        .correlate(conv)
        .scalar_subquery()
    )
    read_up_to = (
        select(AgentRead.message_id)
        .where(AgentRead.agent_id == account.id, AgentRead.conversation_id == conv.id)
        .correlate(conv)
        .scalar_subquery()
    )
    unread = (
        select(func.count())
        .select_from(Message)
        .where(
            Message.conversation_id == conv.id,
            Message.direction == "in",
            col(Message.id) > func.coalesce(read_up_to, 0),
        )
        .correlate(conv)
        .scalar_subquery()
    )
    stmt = (
        select(conv, Customer, col(Agent.name), last_text, unread)  # type: ignore[call-overload]
        .join(Customer, col(Customer.id) == conv.customer_id)
        .join(Agent, col(Agent.id) == conv.agent_id, isouter=True)
        .where(col(conv.shop_id).in_(account.shops))
    )
    if conversation_id is not None:
        stmt = stmt.where(conv.id == conversation_id)
    else:
        stmt = stmt.where(col(conv.status).in_(FILTERS[query.status]))
        if query.status == "mine":
            stmt = stmt.where(conv.agent_id == account.id)
        if query.shop:
            stmt = stmt.where(conv.shop_id == query.shop)
        if query.lang:
            stmt = stmt.where(conv.locale == query.lang)
        stmt = stmt.order_by(col(conv.last_message_at).desc()).limit(INBOX_LIMIT)
    async with sessions() as db:
        rows = (await db.exec(stmt)).all()
    return [_row(c, cust, agent_name, text, count) for c, cust, agent_name, text, count in rows]


def _row(
    c: Conversation, cust: Customer, agent_name: str | None, text: str | None, unread: int
) -> InboxRow:
    preview = (text or "").strip().replace("\n", " ")
    if len(preview) > PREVIEW_CHARS:
        preview = preview[: PREVIEW_CHARS - 1] + "…"
    offline = (c.state or {}).get("offline")
    return InboxRow(
        id=c.id,
        shop_id=c.shop_id,
        status=c.status,
        locale=c.locale,
        customer=customer_label(cust),
        stage=cust.stage,
        agent_id=c.agent_id,
        agent_name=agent_name,
        last_message_at=c.last_message_at,
        preview=preview,
        unread=int(unread or 0),
        offline_email=offline.get("email") if isinstance(offline, dict) else None,
    )


def customer_label(customer: Customer) -> str:
    """The name the shop gave, else the e-mail, else a short anonymous handle."""
    return customer.name or customer.email or f"#{customer.id[:6]}"


async def counts(sessions: Sessions, account: AgentAccount) -> dict[str, int]:
    """How many conversations each filter holds (open ones; closed are not counted)."""
    out = dict.fromkeys(FILTERS, 0)
    if not account.shops:
        return out
    async with sessions() as db:
        rows = (
            await db.exec(
                select(Conversation.status, Conversation.agent_id, func.count())
                .where(col(Conversation.shop_id).in_(account.shops))
                .where(col(Conversation.status) != "closed")
                .group_by(col(Conversation.status), col(Conversation.agent_id))
            )
        ).all()
    for status, agent_id, n in rows:
        out[status] = out.get(status, 0) + n
        out["open"] += n
        if status == "agent" and agent_id == account.id:
            out["mine"] += n
    out["all"] = out["open"]
    return out


# -- one conversation ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranscriptItem:
    """A message or an event, in the order they happened."""

    kind: str  # "message" | "event"
    at: datetime
    message: Message | None = None
    event: Event | None = None

    @property
    def meta(self) -> dict[str, Any]:
        return (self.message.payload or {}).get("meta", {}) if self.message else {}

    @property
    def faq(self) -> dict[str, Any] | None:
        faq = self.meta.get("faq")
        return faq if isinstance(faq, dict) else None

    @property
    def payload(self) -> dict[str, Any]:
        return (self.message.payload or {}) if self.message else {}


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CustomerCard:
    customer: Customer
    label: str
    pages: list[tuple[datetime, str]]
    events: list[Event]
    conversations: int
    orders: list[Event] = field(default_factory=list)
    #: The engagement score now (0..100): the stored sum decayed to this moment.
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class ConversationView:
    conversation: Conversation
    shop_name: str
    agent_name: str | None
    transcript: list[TranscriptItem]
    notes: list[NoteView]
    card: CustomerCard
    last_message_id: int


async def conversation_view(sessions: Sessions, conversation_id: str) -> ConversationView | None:
    """Everything about one conversation (the caller has checked the agent may see it)."""
    async with sessions() as db:
        conversation = await db.get(Conversation, conversation_id)
        if conversation is None:
            return None
        shop = await db.get(Shop, conversation.shop_id)
        customer = await db.get(Customer, conversation.customer_id)
        assert shop is not None and customer is not None
        agent = await db.get(Agent, conversation.agent_id) if conversation.agent_id else None
        messages = (
            await db.exec(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(col(Message.id))
            )
        ).all()
        events = (
            await db.exec(
                select(Event)
                .where(Event.conversation_id == conversation_id)
                .order_by(col(Event.created_at), col(Event.id))
            )
        ).all()
        notes = (
            await db.exec(
                select(ConversationNote, Agent.name)
                .join(Agent, col(Agent.id) == ConversationNote.agent_id)
                .where(ConversationNote.conversation_id == conversation_id)
                .order_by(col(ConversationNote.id))
            )
        ).all()
        card = await customer_card(db, customer, shop_settings=shop.settings)
    items = [TranscriptItem("message", m.created_at, message=m) for m in messages]
    items += [
        TranscriptItem("event", e.created_at, event=e) for e in events if e.type not in QUIET_EVENTS
    ]
    # A message and the events it caused share a timestamp: the message comes first.
    items.sort(key=lambda i: (i.at, i.kind != "message"))
    return ConversationView(
        conversation=conversation,
        shop_name=shop.name,
        agent_name=agent.name if agent else None,
        transcript=items,
        notes=[NoteView(n.id or 0, name, n.text, n.created_at) for n, name in notes],
        card=card,
        last_message_id=max((m.id or 0 for m in messages), default=0),
    )


async def customer_card(
    db: AsyncSession,
    customer: Customer,
    limit: int = 25,
    *,
    shop_settings: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> CustomerCard:
    """What is stored about the shopper: identity, stage, score, last pages, recent events."""
    events = (
        await db.exec(
            select(Event)
            .where(Event.customer_id == customer.id)
            .order_by(col(Event.created_at).desc(), col(Event.id).desc())
            .limit(200)
        )
    ).all()
    conversations = (
        await db.exec(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.customer_id == customer.id)
        )
    ).one()
    pages = await _last_pages(db, customer, events)
    life = await db.get(CustomerLifecycle, customer.id)
    shown = [e for e in events if e.type not in QUIET_EVENTS][:limit]
    orders = [e for e in events if e.type in ("order_placed", "order_created", "order_paid")]
    return CustomerCard(
        customer=customer,
        label=customer_label(customer),
        pages=pages,
        events=shown,
        conversations=int(conversations),
        orders=orders,
        score=score_at(
            Engagement(customer.engagement_sum, customer.engagement_at),
            life.orders if life else 0,
            now or utc_now(),
            parse_settings(shop_settings),
        ),
    )


async def _last_pages(
    db: AsyncSession, customer: Customer, events: Sequence[Event], limit: int = 6
) -> list[tuple[datetime, str]]:
    """From ``page_view`` events and from the page each message was typed on."""
    seen: list[tuple[datetime, str]] = []
    for e in events:
        if e.type == "page_view":
            page = e.properties.get("path") or e.properties.get("url") or e.properties.get("page")
            if isinstance(page, str) and page:
                seen.append((e.created_at, page))
    typed = (
        await db.exec(
            select(Message.created_at, Message.payload)
            .join(Conversation, col(Conversation.id) == Message.conversation_id)
            .where(Conversation.customer_id == customer.id, Message.direction == "in")
            .order_by(col(Message.id).desc())
            .limit(50)
        )
    ).all()
    for at, payload in typed:
        page = (payload or {}).get("page")
        if isinstance(page, str) and page:
            seen.append((at, page))
    seen.sort(key=lambda p: p[0], reverse=True)
    out: list[tuple[datetime, str]] = []
    for at, page in seen:
        if all(page != p for _, p in out):
            out.append((at, page[:300]))
        if len(out) == limit:
            break
    return out


async def note(sessions: Sessions, note_id: int) -> tuple[str, NoteView] | None:
    """One note and its conversation (for a live update)."""
    async with sessions() as db:
        row = (
            await db.exec(
                select(ConversationNote, Agent.name)
                .join(Agent, col(Agent.id) == ConversationNote.agent_id)
                .where(ConversationNote.id == note_id)
            )
        ).first()
    if row is None:
        return None
    n, name = row
    return n.conversation_id, NoteView(n.id or 0, name, n.text, n.created_at)


async def message(sessions: Sessions, message_id: int) -> Message | None:
    async with sessions() as db:
        return await db.get(Message, message_id)


async def conversation_head(
    sessions: Sessions, conversation_id: str
) -> tuple[Conversation, str | None] | None:
    """The conversation and its agent's name (for the controls after a status change)."""
    async with sessions() as db:
        row = (
            await db.exec(
                select(Conversation, Agent.name)
                .join(Agent, col(Agent.id) == Conversation.agent_id, isouter=True)
                .where(Conversation.id == conversation_id)
            )
        ).first()
    return (row[0], row[1]) if row else None

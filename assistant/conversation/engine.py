"""The conversation engine: from a shopper's frame to a stored exchange and a reply.

Per message: look for an earlier copy (a resend gets the stored reply again), decide the
reply, then store the inbound line, the reply and the events in one unit of work that the
group-commit writer makes durable before anything is sent back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, IdFactory, new_id, utc_now
from assistant.conversation.exchanges import ExchangeBatch, PendingExchange
from assistant.conversation.replies import EventDraft, QuickReply, Reply
from assistant.conversation.turns import Responder, Response, Turn
from assistant.faq.answering import FaqResponder
from assistant.faq.knowledge import KnowledgeService
from assistant.i18n import L10n, Locale, pick_locale
from assistant.lifecycle.events import store_events
from assistant.lifecycle.experiments import GREETING as GREETING_EXPERIMENT
from assistant.lifecycle.experiments import variant
from assistant.live.bus import LiveBus, announce_message
from assistant.protocol import Hello, UserMessage
from assistant.shop.directory import ShopDirectory, ShopInfo
from assistant.storage.engine import Sessions
from assistant.storage.loader import BatchLoader
from assistant.storage.models import Agent, Conversation, Customer, Event, Message, Visitor
from assistant.storage.rows import MessageRow
from assistant.storage.writer import BatchWriter, Later, Work, batch_of
from knowledge_base import detect_language

log = logging.getLogger(__name__)
T = TypeVar("T")
#: How often a write may lose a race with the same visitor's other connections.
RACES = 2

GREETING = L10n(
    de="Hallo! Ich bin der digitale Assistent von {shop}. Wie kann ich helfen?",
    en="Hello! I am {shop}'s digital assistant. How can I help?",
)
#: Variant "bundles" of the greeting A/B test (``assistant.lifecycle.experiments``).
GREETING_BUNDLES = L10n(
    de="Hallo! Ich bin der digitale Assistent von {shop}. Ich beantworte Ihre Fragen und zeige Ihnen gern, was zu Ihrem Warenkorb passt.",
    en="Hello! I am {shop}'s digital assistant. I answer your questions and gladly show you what goes with your cart.",
)
BUNDLES_STARTER = L10n(de="Was passt zu meinem Warenkorb?", en="What goes with my cart?")
STARTERS: tuple[tuple[L10n, str], ...] = (
    (L10n(de="Wie lange dauert der Versand?", en="How long does shipping take?"), "shipping-time"),
    (L10n(de="Wie kann ich etwas zurückschicken?", en="How do I return an item?"), "returns"),
    (
        L10n(de="Welche Zahlungsarten gibt es?", en="Which payment methods do you accept?"),
        "payment-methods",
    ),
)


@dataclass(slots=True)
class ChatSession:
    """What one widget connection (or one HTTP request) knows about its shopper."""

    shop: ShopInfo
    visitor_id: str
    locale: Locale
    locale_given: bool
    customer_id: str | None = None
    conversation_id: str | None = None
    page: str | None = None
    #: The client's address, for per-IP limits (order-status guesses).
    client_ip: str | None = None
    #: The widget connection this session belongs to: live events it caused skip it.
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Welcome:
    session: ChatSession
    history: list[dict[str, Any]]
    greeting: dict[str, Any]
    #: The open conversation's status (bot, waiting, agent) and the agent's name if one has it.
    status: str = "bot"
    agent: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    client_id: str
    conversation_id: str
    customer_id: str
    reply: dict[str, Any] | None
    duplicate: bool = False
    events: tuple[EventDraft, ...] = field(default=())
    #: The stored inbound message and the conversation's status after it (not for resends).
    inbound: dict[str, Any] | None = None
    status: str | None = None
    status_changed: bool = False


@dataclass(frozen=True, slots=True)
class TurnLookup:
    """What a message needs to know about its conversation before it is answered."""

    status: str
    state: dict[str, Any] | None
    stored: bool


def _outcome(p: PendingExchange) -> Outcome:
    """The stored exchange as the connection reports it (after the batch's flush: ids known)."""
    return Outcome(
        client_id=p.client_id,
        conversation_id=p.conversation_id,
        customer_id=p.customer_id,
        reply=message_frame(p.outbound) if p.outbound is not None else None,
        events=p.events,
        inbound=message_frame(p.inbound),
        status=p.status or p.current,
        status_changed=p.status is not None and p.status != p.current,
    )


#: The stored answer to an offer card (``bundle_accepted`` / ``bundle_declined`` events).
OFFER_ANSWERS = {"bundle_accepted": "accepted", "bundle_declined": "declined"}


async def _offer_answers(db: AsyncSession, conversation_id: str) -> dict[str, str]:
    """Offer key -> ``accepted`` / ``declined``, for this conversation (the last answer wins)."""
    rows = await db.exec(
        select(Event.type, Event.properties)
        .where(
            Event.conversation_id == conversation_id,
            col(Event.type).in_(sorted(OFFER_ANSWERS)),
        )
        .order_by(col(Event.id))
    )
    answers: dict[str, str] = {}
    for kind, props in rows.all():
        offer = props.get("bundle") if isinstance(props, dict) else None
        if isinstance(offer, str):
            answers[offer] = OFFER_ANSWERS[kind]
    return answers


def _mark_answered_offers(frames: list[dict[str, Any]], answers: dict[str, str]) -> None:
    """A reload shows an offer card as it was left: an accepted one as in the cart, not with
    an active "In den Warenkorb" again; a declined one not at all."""
    for frame in frames:
        cards = []
        for card in frame["cards"]:
            offer = card.get("offer") if isinstance(card, dict) else None
            answer = answers.get(offer) if isinstance(offer, str) else None
            if answer == "declined":
                continue
            cards.append({**card, "state": answer} if answer else card)
        frame["cards"] = cards


def message_frame(row: Message | MessageRow) -> dict[str, Any]:
    """A stored message as the protocol shows it (history items and live replies alike)."""
    payload = row.payload or {}
    frame = {
        "id": row.id,
        "direction": row.direction,
        "author": row.author,
        "text": row.text,
        "quick_replies": payload.get("quick_replies", []),
        "cards": payload.get("cards", []),
        "segments": payload.get("segments", []),
        "feedback": bool(payload.get("feedback")),
        "client_id": row.client_id,
        "reply_to": row.reply_to,
        "created_at": row.created_at.isoformat(),
    }
    if payload.get("input"):
        frame["input"] = payload["input"]  # a flow step's input hint (see README)
    agent = payload.get("agent")
    if isinstance(agent, dict) and agent.get("name"):
        frame["agent"] = {"name": agent["name"]}  # shoppers see the name, never the account
    if payload.get("form"):
        frame["form"] = payload["form"]
    return frame


class ConversationEngine:
    def __init__(
        self,
        *,
        sessions: Sessions,
        writer: BatchWriter,
        shops: ShopDirectory,
        knowledge: KnowledgeService,
        responders: Sequence[Responder] | None = None,
        clock: Clock = utc_now,
        ids: IdFactory = new_id,
        history_limit: int = 200,
        live: LiveBus | None = None,
    ) -> None:
        self._live = live
        self._sessions = sessions
        self._writer = writer
        self.shops = shops
        self.knowledge = knowledge
        self._responders: list[Responder] = list(responders or [FaqResponder(knowledge)])
        self._clock = clock
        self._ids = ids
        self._history_limit = history_limit
        self._lookups: BatchLoader[tuple[str, str], TurnLookup] = BatchLoader(self._look_up)

    # -- opening a conversation -------------------------------------------------------------

    async def open(self, hello: Hello) -> Welcome:
        """Resolve shop, visitor and the open conversation; nothing is written until the
        shopper says something, so idle page views cost no rows."""
        shop = await self.shops.get(hello.shop)
        locale = pick_locale(hello.locale, pick_locale(shop.default_locale))
        session = ChatSession(
            shop=shop,
            visitor_id=hello.visitor or self._ids(),
            locale=locale,
            locale_given=hello.locale is not None,
            page=hello.page,
        )
        history: list[dict[str, Any]] = []
        status, agent = "bot", None
        async with self._sessions() as db:
            conversation = await self._resolve(db, session, hello.conversation)
            if conversation is not None:
                history = await self._history(db, conversation.id, hello.after)
                status = conversation.status
                if conversation.status == "agent" and conversation.agent_id:
                    agent = await db.get(Agent, conversation.agent_id)
        return Welcome(
            session=session,
            history=history,
            greeting=self.greeting(session),
            status=status,
            agent=agent.name if agent else None,
        )

    def greeting(self, session: ChatSession) -> dict[str, Any]:
        lang = session.locale
        starters = [
            QuickReply(label=q.get(lang), text=q.get(lang), payload={"article": slug}).as_dict()
            for q, slug in STARTERS
        ]
        if variant(session.shop.settings, GREETING_EXPERIMENT, session.visitor_id) == "bundles":
            ask = BUNDLES_STARTER.get(lang)
            return {
                "text": GREETING_BUNDLES.get(lang, shop=session.shop.name),
                "quick_replies": [QuickReply(label=ask, text=ask).as_dict(), *starters[:2]],
            }
        return {"text": GREETING.get(lang, shop=session.shop.name), "quick_replies": starters}

    async def history(self, session: ChatSession, after: int | None = None) -> list[dict[str, Any]]:
        if session.conversation_id is None:
            return []
        async with self._sessions() as db:
            return await self._history(db, session.conversation_id, after)

    async def _resolve(
        self, db: AsyncSession, session: ChatSession, wanted: str | None
    ) -> Conversation | None:
        visitor = await db.get(Visitor, (session.shop.id, session.visitor_id))
        if visitor is None:
            return None
        session.customer_id = visitor.customer_id
        query = select(Conversation).where(
            Conversation.customer_id == visitor.customer_id,
            Conversation.shop_id == session.shop.id,
            Conversation.status != "closed",
        )
        if wanted is not None:
            conversation = (await db.exec(query.where(Conversation.id == wanted))).first()
            if conversation is not None:
                session.conversation_id = conversation.id
                return conversation
        latest = (
            await db.exec(query.order_by(col(Conversation.last_message_at).desc()).limit(1))
        ).first()
        session.conversation_id = latest.id if latest else None
        return latest

    async def _history(
        self, db: AsyncSession, conversation_id: str, after: int | None
    ) -> list[dict[str, Any]]:
        query = select(Message).where(Message.conversation_id == conversation_id)
        if after is not None:
            query = query.where(col(Message.id) > after)
        rows = (
            await db.exec(query.order_by(col(Message.id).desc()).limit(self._history_limit))
        ).all()
        frames = [message_frame(r) for r in reversed(rows)]
        if any(frame["cards"] for frame in frames):
            _mark_answered_offers(frames, await _offer_answers(db, conversation_id))
        return frames

    # -- handling a message -----------------------------------------------------------------

    async def handle(self, session: ChatSession, message: UserMessage) -> Outcome:
        """Store the message and its reply (or find them, for a resend); the session learns
        the conversation that a first message creates."""
        outcome = await self._handle(session, message)
        session.conversation_id = outcome.conversation_id
        session.customer_id = outcome.customer_id
        if self._live is not None and not outcome.duplicate and outcome.status is not None:
            await announce_message(
                self._live,
                session.shop.id,
                outcome.conversation_id,
                [m for m in (outcome.inbound, outcome.reply) if m is not None],
                status=outcome.status,
                status_changed=outcome.status_changed,
                origin=session.origin,
            )
        return outcome

    async def refresh(self, session: ChatSession) -> None:
        """Give a long-lived session (an open WebSocket) the shop's current settings: a
        change in the console reaches open conversations with their next message."""
        session.shop = await self.shops.get(session.shop.id)

    async def _handle(self, session: ChatSession, message: UserMessage) -> Outcome:
        await self.refresh(session)
        turn = await self._turn(session, message)
        if isinstance(turn, Outcome):
            return turn
        response = await self._respond(turn)

        async def stored(db: AsyncSession) -> Outcome | None:
            # Or this very client_id was stored a moment ago: answer from what is stored.
            return await self._earlier(db, session, message.client_id)

        work = self._exchange_work(session, message, response, turn.status)
        outcome: Outcome = await self._submit_once_more(session, work, stored)
        return outcome

    async def _submit_once_more(
        self,
        session: ChatSession,
        work: Work[T],
        stored: Callable[[AsyncSession], Awaitable[T | None]] | None = None,
    ) -> T:
        """Store ``work``; when another connection of the same visitor created the customer or
        the conversation a moment ago (a unique key fails), learn their ids and store it again,
        unless ``stored`` finds the result already there. Twice at most: the second race is
        with the same message sent again while the first copy waited for its retry."""
        for attempt in range(RACES + 1):
            try:
                return await self._writer.submit(work)
            except IntegrityError:
                if attempt == RACES:
                    raise
                async with self._sessions() as db:
                    await self._resolve(db, session, session.conversation_id)
                    earlier = await stored(db) if stored is not None else None
                if earlier is not None:
                    return earlier
        raise AssertionError("unreachable")

    async def _turn(self, session: ChatSession, message: UserMessage) -> Turn | Outcome:
        """The turn to answer, or the stored outcome when this message was handled before."""
        turn = Turn(
            shop=session.shop,
            message=message,
            locale=session.locale if session.locale_given else detect_language(message.text),
            locale_given=session.locale_given,
            visitor_id=session.visitor_id,
            customer_id=session.customer_id,
            conversation_id=session.conversation_id,
            client_ip=session.client_ip,
        )
        if session.conversation_id is None:
            return turn
        found = await self._lookups.get((session.conversation_id, message.client_id))
        if found is not None and found.stored:
            async with self._sessions() as db:
                earlier = await self._earlier(db, session, message.client_id)
            if earlier is not None:
                return earlier
        if found is None or found.status == "closed":
            # Closed (by an agent) while the widget was open: this message starts a new one.
            session.conversation_id = turn.conversation_id = None
            async with self._sessions() as db:
                erased = await db.get(Visitor, (session.shop.id, session.visitor_id)) is None
            if erased:
                # The customer was erased (GDPR) meanwhile: a new, unknown customer starts.
                session.customer_id = turn.customer_id = None
        else:
            turn.status = found.status
            turn.state = dict(found.state or {})
        return turn

    async def _look_up(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], TurnLookup]:
        """For many messages at once: their conversation's status and flow state, and whether
        their ``client_id`` was stored before (a resend after a lost ack). Two queries."""
        conversation_ids = sorted({c for c, _ in keys})
        client_ids = sorted({m for _, m in keys})
        async with self._sessions() as db:
            conversations = {
                cid: (status, state)
                for cid, status, state in (
                    await db.exec(
                        select(Conversation.id, Conversation.status, Conversation.state).where(
                            col(Conversation.id).in_(conversation_ids)
                        )
                    )
                ).all()
            }
            stored = set(
                (
                    await db.exec(
                        select(Message.conversation_id, Message.client_id).where(
                            col(Message.conversation_id).in_(conversation_ids),
                            col(Message.client_id).in_(client_ids),
                        )
                    )
                ).all()
            )
        found: dict[tuple[str, str], TurnLookup] = {}
        for key in keys:
            if key[0] in conversations:
                status, state = conversations[key[0]]
                found[key] = TurnLookup(status, dict(state) if state else None, key in stored)
        return found

    async def _respond(self, turn: Turn) -> Response:
        for responder in self._responders:
            response = await responder.respond(turn)
            if response is not None:
                return response
        raise RuntimeError("no responder answered; the FAQ responder must come last")

    async def _earlier(
        self, db: AsyncSession, session: ChatSession, client_id: str
    ) -> Outcome | None:
        conversation_id = session.conversation_id
        customer_id = session.customer_id
        if conversation_id is None or customer_id is None:
            return None
        inbound = (
            await db.exec(
                select(Message.id).where(
                    Message.conversation_id == conversation_id, Message.client_id == client_id
                )
            )
        ).first()
        if inbound is None:
            return None
        reply = (
            await db.exec(
                select(Message)
                .where(Message.conversation_id == conversation_id, Message.reply_to == client_id)
                .order_by(col(Message.id))
                .limit(1)
            )
        ).first()
        return Outcome(
            client_id=client_id,
            conversation_id=conversation_id,
            customer_id=customer_id,
            reply=message_frame(reply) if reply else None,
            duplicate=True,
        )

    def _exchange_work(
        self, session: ChatSession, message: UserMessage, response: Response, turn_status: str
    ) -> Any:
        """The unit of work for one exchange. It only adds the two messages; what costs a
        statement per exchange (the events and the lifecycle, the conversation's and the
        customer's updates, the check that no agent took over meanwhile) is done once for the
        whole group commit by :class:`ExchangeBatch`."""
        now = self._clock()

        async def work(db: AsyncSession) -> Later[Outcome]:
            new_conversation = session.conversation_id is None
            # Rows for a first message are inserted by the batch, with its other new rows.
            created: list[Any] = []
            customer_id = session.customer_id
            if customer_id is None:
                customer_id = self._ids()
                created += self._new_customer(session, customer_id, now)
            conversation_id = session.conversation_id
            if conversation_id is None:
                conversation_id = self._ids()
                created.append(self._new_conversation(session, conversation_id, customer_id, now))
            inbound_payload: dict[str, Any] = {"page": session.page}
            if message.payload:
                inbound_payload["payload"] = message.payload
            inbound = MessageRow(
                conversation_id=conversation_id,
                direction="in",
                author="shopper",
                text=message.text,
                payload=inbound_payload,
                client_id=message.client_id,
                created_at=now,
            )
            outbound = None
            if response.reply is not None:
                outbound = MessageRow(
                    conversation_id=conversation_id,
                    direction="out",
                    author="bot",
                    text=response.reply.text,
                    payload=response.reply.stored_payload(),
                    reply_to=message.client_id,
                    created_at=now,
                )
            pending = PendingExchange(
                shop_id=session.shop.id,
                customer_id=customer_id,
                conversation_id=conversation_id,
                new_conversation=new_conversation,
                turn_status=turn_status,
                client_id=message.client_id,
                chars=len(message.text),
                inbound=inbound,
                outbound=outbound,
                response=response,
                now=now,
                created=created,
            )
            batch_of(db).hook("exchanges", ExchangeBatch).add(pending)
            return Later(lambda: _outcome(pending))

        return work

    # -- events outside messages ------------------------------------------------------------

    async def record(
        self, session: ChatSession, drafts: tuple[EventDraft, ...], *, in_conversation: bool = True
    ) -> str:
        """Store events for the session's customer (creating the anonymous customer if this
        visitor has none yet); returns the customer id."""
        now = self._clock()

        async def work(db: AsyncSession) -> str:
            customer_id = await self._ensure_customer(db, session, now)
            await store_events(
                db,
                shop_id=session.shop.id,
                customer_id=customer_id,
                conversation_id=session.conversation_id if in_conversation else None,
                drafts=drafts,
                now=now,
            )
            return customer_id

        customer_id = await self._submit_once_more(session, work)
        session.customer_id = customer_id
        return customer_id

    async def post(
        self,
        session: ChatSession,
        reply: Reply,
        events: tuple[EventDraft, ...] = (),
        *,
        status_changed: bool = False,
    ) -> dict[str, Any]:
        """Store a bot message that answers no shopper message (an offer after a cart change,
        a confirmation) with its events, creating the conversation if there is none yet.
        Returns the message as the protocol shows it; the session learns the new ids."""
        now = self._clock()

        async def work(db: AsyncSession) -> tuple[str, str, str, dict[str, Any]]:
            customer_id = await self._ensure_customer(db, session, now)
            conversation_id = await self._ensure_conversation(db, session, customer_id, now)
            row = Message(
                conversation_id=conversation_id,
                direction="out",
                author="bot",
                text=reply.text,
                payload=reply.stored_payload(),
                created_at=now,
            )
            db.add(row)
            await store_events(
                db,
                shop_id=session.shop.id,
                customer_id=customer_id,
                conversation_id=conversation_id,
                drafts=events,
                now=now,
            )
            await db.exec(
                update(Conversation)
                .where(col(Conversation.id) == conversation_id)
                .values(last_message_at=now, updated_at=now)
            )
            await db.flush()
            status = (
                await db.exec(select(Conversation.status).where(Conversation.id == conversation_id))
            ).one()
            return customer_id, conversation_id, status, message_frame(row)

        customer_id, conversation_id, status, frame = await self._submit_once_more(session, work)
        session.customer_id = customer_id
        session.conversation_id = conversation_id
        if self._live is not None:
            # Agents watching and the shopper's other windows see it; the caller sends it to
            # its own window itself.
            await announce_message(
                self._live,
                session.shop.id,
                conversation_id,
                [frame],
                status=status,
                status_changed=status_changed,
                origin=session.origin,
            )
        return frame

    async def ensure_customer(self, session: ChatSession) -> str:
        """The session's customer id, storing the anonymous customer if there is none yet."""
        if session.customer_id is not None:
            return session.customer_id
        return await self.record(session, ())

    # -- creating rows on first contact -----------------------------------------------------

    def _new_customer(
        self, session: ChatSession, customer_id: str, now: datetime
    ) -> tuple[Customer, Visitor]:
        customer = Customer(
            id=customer_id,
            shop_id=session.shop.id,
            locale=session.locale,
            created_at=now,
            last_seen_at=now,
        )
        visitor = Visitor(
            shop_id=session.shop.id, id=session.visitor_id, customer_id=customer_id, created_at=now
        )
        return customer, visitor

    def _new_conversation(
        self, session: ChatSession, conversation_id: str, customer_id: str, now: datetime
    ) -> Conversation:
        return Conversation(
            id=conversation_id,
            shop_id=session.shop.id,
            customer_id=customer_id,
            locale=session.locale,
            created_at=now,
            updated_at=now,
            last_message_at=now,
        )

    async def _ensure_customer(self, db: AsyncSession, session: ChatSession, now: datetime) -> str:
        """The visitor's customer, created on its first stored interaction. The session
        learns new ids only after the commit (the caller's job)."""
        if session.customer_id is not None:
            return session.customer_id
        customer, visitor = self._new_customer(session, self._ids(), now)
        db.add(customer)
        await db.flush()
        db.add(visitor)
        await db.flush()
        return customer.id

    async def _ensure_conversation(
        self, db: AsyncSession, session: ChatSession, customer_id: str, now: datetime
    ) -> str:
        if session.conversation_id is not None:
            return session.conversation_id
        conversation = self._new_conversation(session, self._ids(), customer_id, now)
        db.add(conversation)
        await db.flush()
        return conversation.id

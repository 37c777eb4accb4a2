"""What the checkout and order-status runners share: turning a flow's prompt into a reply,
keeping the flow in the conversation's state, and answering a question in the middle."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import select

from assistant.checkout import texts
from assistant.conversation.replies import EventDraft, QuickReply, Reply
from assistant.conversation.turns import Responder, Response, Turn
from assistant.shop.adapter import ShopUnavailable
from assistant.storage.engine import Sessions
from assistant.storage.models import Customer
from flows import Flow, FlowState, Text, View, render

T = TypeVar("T")
FLOW_KEY = "flow"


@dataclass(slots=True)
class Context:
    """One turn of a running flow: who, in which language, and what to record."""

    turn: Turn
    events: list[EventDraft] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.turn.locale

    def record(self, kind: str, **properties: Any) -> None:
        self.events.append(EventDraft(kind, properties))


class FlowRunner:
    """Base of the runners: ``flow`` is the flow they run."""

    flow: Flow

    def __init__(self, *, sessions: Sessions, faq: Responder, timeout: float) -> None:
        self._sessions = sessions
        self._faq = faq
        self._timeout = timeout

    async def shop(self, call: Awaitable[T]) -> T:
        """A shop call under the shop timeout (the HTTP adapter has its own, too)."""
        try:
            async with asyncio.timeout(self._timeout):
                return await call
        except TimeoutError:
            raise ShopUnavailable(detail="shop call timed out") from None

    async def known_email(self, customer_id: str | None) -> str | None:
        """The email of a customer the shop identified, if any."""
        if customer_id is None:
            return None
        async with self._sessions() as db:
            row = (await db.exec(select(Customer.email).where(Customer.id == customer_id))).first()
        return row or None

    def show(
        self,
        ctx: Context,
        state: FlowState,
        view: View,
        *,
        lead: Text | None = None,
        before: Reply | None = None,
        cards: tuple[dict[str, Any], ...] = (),
    ) -> Response:
        """Ask the step's question (after ``before``, e.g. an FAQ answer) and keep the state."""
        prompt = render(self.flow, state, view, ctx.lang, lead=lead)
        quick = tuple(QuickReply(b.label, b.text, dict(b.payload)) for b in prompt.buttons)
        reply_text = prompt.text
        if before is not None:
            reply_text = f"{before.text}\n\n{reply_text}"
            quick = (*before.quick_replies, *quick)
        reply = Reply(
            text=reply_text,
            quick_replies=quick,
            cards=(*before.cards, *cards) if before is not None else cards,
            meta={"flow": {"name": self.flow.name, "step": state.step}},
            input={"kind": prompt.hint, "flow": self.flow.name, "step": state.step},
        )
        return Response(reply=reply, events=tuple(ctx.events), state=self.keep(ctx, state))

    def keep(self, ctx: Context, state: FlowState) -> dict[str, Any]:
        return {**ctx.turn.state, FLOW_KEY: state.to_json()}

    def drop(self, ctx: Context) -> dict[str, Any]:
        return {k: v for k, v in ctx.turn.state.items() if k != FLOW_KEY}

    def finish(
        self,
        ctx: Context,
        message: Text,
        *,
        cards: tuple[dict[str, Any], ...] = (),
        quick: tuple[QuickReply, ...] = (),
    ) -> Response:
        """End the flow with a message."""
        reply = Reply(text=message.get(ctx.lang), quick_replies=quick, cards=cards)
        return Response(reply=reply, events=tuple(ctx.events), state=self.drop(ctx))

    async def question(self, ctx: Context, state: FlowState, view: View) -> Response:
        """Answer from the FAQ, then ask the step again."""
        answer = await self._faq.respond(ctx.turn)
        before = answer.reply if answer is not None else None
        ctx.events.extend(answer.events if answer is not None else ())
        return self.show(ctx, state, view, lead=texts.say(texts.BACK_TO_STEP), before=before)

    def unavailable(self, ctx: Context) -> Response:
        """The shop did not answer: say so, keep the flow where it is."""
        retry = texts.RETRY.get(ctx.lang)
        quick = (QuickReply(retry, retry, {"flow": self.flow.name, "command": "resume"}),)
        reply = Reply(text=texts.SHOP_DOWN.get(ctx.lang), quick_replies=quick)
        return Response(reply=reply, events=tuple(ctx.events))

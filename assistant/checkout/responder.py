"""The responder that runs flows, placed before the FAQ: a running flow gets the message; a
checkout or order-status request starts one; anything else falls through. A flow left alone
(paused by the abandonment sweep) is resumed only when the shopper asks for it, so a question
days later is answered by the FAQ instead of being read as a step's answer."""

from __future__ import annotations

from typing import Any, Protocol

from assistant.checkout.base import FLOW_KEY
from assistant.checkout.order_status import OrderStatusRunner
from assistant.checkout.runner import CheckoutRunner
from assistant.checkout.texts import ALREADY_RUNNING, DISMISS, RESUME, RESUME_OFFER, WELCOME_BACK
from assistant.conversation.replies import QuickReply
from assistant.conversation.turns import Response, Turn
from assistant.i18n import L10n
from assistant.storage.engine import Sessions
from assistant.storage.models import Conversation
from flows import FlowState, Intent, Text, detect_intent
from flows.checkout import STEP_NAMES


class Runner(Protocol):
    async def start(self, turn: Turn) -> Response: ...

    async def handle(self, turn: Turn, state: FlowState) -> Response: ...

    async def resume(self, turn: Turn, state: FlowState, lead: L10n | None = None) -> Response: ...

    async def dismiss(self, turn: Turn, state: FlowState) -> Response: ...


class FlowResponder:
    def __init__(
        self,
        *,
        sessions: Sessions,
        checkout: CheckoutRunner,
        order_status: OrderStatusRunner,
    ) -> None:
        self._sessions = sessions
        self._runners: dict[str, Runner] = {
            Intent.CHECKOUT.value: checkout,
            Intent.ORDER_STATUS.value: order_status,
        }

    async def respond(self, turn: Turn) -> Response | None:
        if turn.status == "agent":
            return None  # a human has the chat
        payload = turn.message.payload
        intent = detect_intent(turn.message.text, payload)
        state = FlowState.from_json(turn.state.get(FLOW_KEY))
        runner = self._runners.get(state.flow) if state is not None else None
        if state is not None and runner is not None and not state.done:
            command = payload.get("command") if payload.get("flow") == state.flow else None
            asked_for_it = intent is not None and intent.value == state.flow
            if state.paused:
                if command == "resume" or asked_for_it:
                    return await runner.resume(turn, state, WELCOME_BACK)
                if command == "dismiss":
                    return await runner.dismiss(turn, state)
            elif command == "resume" or (asked_for_it and payload.get("intent")):
                return await runner.resume(turn, state, ALREADY_RUNNING if asked_for_it else None)
            else:
                return await runner.handle(turn, state)
        if intent is not None:
            return await self._runners[intent.value].start(turn)
        return None

    async def resume_offer(self, conversation_id: str | None, lang: str) -> dict[str, Any] | None:
        """For the widget's welcome: offer to continue a checkout the shopper left."""
        if conversation_id is None:
            return None
        async with self._sessions() as db:
            conversation = await db.get(Conversation, conversation_id)
        if conversation is None or conversation.status == "closed":
            return None
        state = FlowState.from_json((conversation.state or {}).get(FLOW_KEY))
        if state is None or not state.paused or state.flow != Intent.CHECKOUT.value:
            return None
        step = STEP_NAMES.get(state.step, Text.same(state.step))
        resume, dismiss = RESUME.get(lang), DISMISS.get(lang)
        return {
            "text": RESUME_OFFER.get(lang, step=step.get(lang)),
            "quick_replies": [
                QuickReply(resume, resume, {"flow": state.flow, "command": "resume"}).as_dict(),
                QuickReply(dismiss, dismiss, {"flow": state.flow, "command": "dismiss"}).as_dict(),
            ],
        }

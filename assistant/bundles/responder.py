"""Suggestions as answers: "Was passt dazu?", "What goes with this?", "Das ist mir zu teuer".
The checkout's offer is :mod:`assistant.bundles.checkout`."""

from __future__ import annotations

from assistant.bundles.chat import BundleChat
from assistant.bundles.intent import detect
from assistant.conversation.engine import ChatSession
from assistant.conversation.turns import Response, Turn


def session_of(turn: Turn) -> ChatSession:
    return ChatSession(
        shop=turn.shop,
        visitor_id=turn.visitor_id,
        locale=turn.locale,
        locale_given=turn.locale_given,
        customer_id=turn.customer_id,
        conversation_id=turn.conversation_id,
    )


class BundleResponder:
    """Answers when the shopper asks what goes with the cart or finds it too expensive; any
    other message goes on to the next responder."""

    def __init__(self, chat: BundleChat) -> None:
        self._chat = chat

    async def respond(self, turn: Turn) -> Response | None:
        if turn.status != "bot":
            return None
        ask = detect(turn.message.text)
        if ask is None:
            return None
        said = await self._chat.answer(session_of(turn), ask)
        if said is None:
            return None
        return Response(reply=said.reply, events=said.events)

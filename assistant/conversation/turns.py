"""One shopper message on its way through the responders, and what a responder answers.

The engine asks its responders in order (a human has the chat, a flow is running, the shopper
wants checkout, ..., and finally the FAQ); the first that returns a :class:`Response` wins.
Responders decide; the engine stores. New capabilities plug in as responders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.conversation.replies import EventDraft, Reply
from assistant.i18n import Locale
from assistant.protocol import UserMessage
from assistant.shop.directory import ShopInfo


@dataclass(slots=True)
class Turn:
    shop: ShopInfo
    message: UserMessage
    #: The page's language when it said one, else the one detected from the text.
    locale: Locale
    #: Whether ``locale`` came from the page (``False``: detected from the question).
    locale_given: bool
    visitor_id: str
    customer_id: str | None
    conversation_id: str | None
    #: The conversation's status (bot, waiting, agent, closed) and stored state (a copy).
    status: str = "bot"
    state: dict[str, Any] = field(default_factory=dict)
    client_ip: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    reply: Reply | None
    events: tuple[EventDraft, ...] = ()
    #: Replaces the conversation's stored state when not ``None`` (flows keep their step here).
    state: dict[str, Any] | None = None
    #: A new conversation status, e.g. "waiting" after a hand-off request.
    status: str | None = None


class Responder(Protocol):
    async def respond(self, turn: Turn) -> Response | None:
        """Answer the turn, or ``None`` to let the next responder try."""
        ...

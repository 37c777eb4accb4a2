"""The bot's side of a human hand-off.

:class:`AgentGate` comes first among the responders: while an agent has the conversation the
bot says nothing (the shopper's message reaches the agent live), and while the shopper waits
for a human who is online, it stays quiet too. It also takes the offline form (e-mail and
message) that the widget sends when nobody is online.

:class:`HumanRequestResponder` notices "Mitarbeiter" / "human" (or a quick reply with
``{"handoff": true}``), puts the conversation in the queue (status ``waiting``, event
``handoff_requested``) and answers honestly: someone is coming, or nobody is online and here
is a form. Asking again while waiting is answered without queueing twice.

Outside the shop's business hours (``ShopInfo.hours``) the team counts as away even if a
console happens to be open: the shopper is told when it is back, gets the offline form, and
the request waits in the queue for the morning.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from assistant.clock import Clock, utc_now
from assistant.conversation.replies import EventDraft, Reply
from assistant.conversation.turns import Response, Turn
from assistant.live.bus import Presence
from assistant.shop.settings.hours import Availability, availability
from assistant.support.texts import (
    ALREADY_WAITING,
    HANDOFF_CLOSED,
    HANDOFF_CLOSED_NO_TIME,
    HANDOFF_OFFLINE,
    HANDOFF_ONLINE,
    OFFLINE_BAD_EMAIL,
    OFFLINE_THANKS,
    back_phrase,
)
from knowledge_base.normalize import fold

OFFLINE_FORM: dict[str, Any] = {"kind": "offline"}
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
#: Phrases (folded: lower case, umlauts spelled out) that ask for a person.
_ASKS_FOR_HUMAN = re.compile(
    r"\b("
    r"mitarbeiter(in)?|echte[nmr]? (mensch(en)?|person)|mit (einem|einer) (mensch(en)?|person)"
    r"|menschen sprechen|kundenberater(in)?|servicemitarbeiter(in)?|human|real person"
    r"|live agent|agent|(talk|speak|chat) (to|with) (an? |some ?)?(one|body|person|agent)"
    r"|representative|operator"
    r")\b"
)


def asks_for_human(text: str) -> bool:
    return bool(_ASKS_FOR_HUMAN.search(fold(text)))


def wants_human(text: str, payload: dict[str, Any] | None = None) -> bool:
    """The "talk to a person" quick reply (payload ``{"handoff": true}``) or words asking for
    a person."""
    if (payload or {}).get("handoff") is True:
        return True
    return asks_for_human(text)


def offline_email(payload: dict[str, Any] | None) -> str | None:
    """The e-mail of an offline-form submission (``{"offline": {"email": ...}}``), or ``None``
    when the message is not one. An invalid address comes back as ``""``."""
    offline = (payload or {}).get("offline")
    if not isinstance(offline, dict):
        return None
    email = offline.get("email")
    if not isinstance(email, str) or len(email) > 320 or not _EMAIL.match(email.strip()):
        return ""
    return email.strip()


def closed_text(hours: Availability, now: datetime, locale: str) -> str:
    """What a shopper asking for a human outside business hours reads."""
    if hours.back_at is None:
        return HANDOFF_CLOSED_NO_TIME.get(locale)
    back = back_phrase(hours.back_at, now, locale)
    return HANDOFF_CLOSED.get(locale, back=back, zone=str(hours.back_at.tzinfo))


class AgentGate:
    def __init__(self, presence: Presence, clock: Clock = utc_now) -> None:
        self._presence = presence
        self._clock = clock

    async def respond(self, turn: Turn) -> Response | None:
        if turn.status == "agent":
            return Response(reply=None)
        email = offline_email(turn.message.payload)
        if email is not None:
            return self._offline(turn, email)
        if (
            turn.status == "waiting"
            and availability(turn.shop.hours, self._clock()).open
            and await self._presence.online(turn.shop.id)
        ):
            return Response(reply=None)  # the team sees it in the queue and answers
        return None

    @staticmethod
    def _offline(turn: Turn, email: str) -> Response:
        if not email:
            return Response(reply=Reply(text=OFFLINE_BAD_EMAIL.get(turn.locale), form=OFFLINE_FORM))
        return Response(
            reply=Reply(text=OFFLINE_THANKS.get(turn.locale, email=email)),
            events=(
                EventDraft("offline_message", {"email": email, "chars": len(turn.message.text)}),
            ),
            state={**turn.state, "offline": {"email": email}},
            status="waiting",
        )


class HumanRequestResponder:
    def __init__(self, presence: Presence, clock: Clock = utc_now) -> None:
        self._presence = presence
        self._clock = clock

    async def respond(self, turn: Turn) -> Response | None:
        if turn.status not in ("bot", "waiting") or not wants_human(
            turn.message.text, turn.message.payload
        ):
            return None
        now = self._clock()
        hours = availability(turn.shop.hours, now)
        if not hours.open:
            return await self._closed(turn, hours, now)
        if turn.status == "waiting":
            return Response(reply=Reply(text=ALREADY_WAITING.get(turn.locale)))
        online = await self._presence.online(turn.shop.id)
        if online:
            reply = Reply(text=HANDOFF_ONLINE.get(turn.locale))
        else:
            reply = Reply(text=HANDOFF_OFFLINE.get(turn.locale), form=OFFLINE_FORM)
        return Response(
            reply=reply,
            events=(EventDraft("handoff_requested", {"agents_online": len(online)}),),
            status="waiting",
        )

    async def _closed(self, turn: Turn, hours: Availability, now: datetime) -> Response:
        reply = Reply(text=closed_text(hours, now, turn.locale), form=OFFLINE_FORM)
        if turn.status == "waiting":
            return Response(reply=reply)  # queued already
        online = await self._presence.online(turn.shop.id)
        props = {"agents_online": len(online), "outside_hours": True}
        return Response(
            reply=reply, events=(EventDraft("handoff_requested", props),), status="waiting"
        )

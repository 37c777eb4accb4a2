"""A shopper asks for a human: the conversation waits for an agent, the request is recorded,
and the shopper is told honestly what happens next. (The agent console takes it from there.)"""

from __future__ import annotations

import re

from assistant.i18n import L10n
from assistant.replies import EventDraft, Reply
from assistant.turns import Response, Turn
from knowledge_base.normalize import fold

REQUESTED = L10n(
    de=(
        "Ich habe Ihr Anliegen an unser Team weitergegeben. Eine Mitarbeiterin oder ein "
        "Mitarbeiter meldet sich hier im Chat, sobald jemand frei ist. Bis dahin können Sie mir "
        "gern weiter Fragen stellen."
    ),
    en=(
        "I have passed your request on to our team. A member of staff will reply here in the "
        "chat as soon as someone is free. Until then, feel free to keep asking me questions."
    ),
)
ALREADY_WAITING = L10n(
    de="Unser Team ist bereits informiert und meldet sich hier im Chat, sobald jemand frei ist.",
    en="Our team has already been told and will reply here in the chat as soon as someone is free.",
)

#: Phrases (folded: lower case, umlauts spelled out) that ask for a person.
_ASKS_FOR_HUMAN = re.compile(
    r"\b("
    r"mitarbeiter(in)?|echte[nr]? mensch(en)?|mit (einem|einer) mensch(en)?|menschen sprechen"
    r"|kundenberater(in)?|servicemitarbeiter(in)?|human|real person|live agent|agent"
    r"|talk to (a|some) ?(one|body|person)|speak to (a|some) ?(one|body|person)"
    r"|representative|operator"
    r")\b"
)


def asks_for_human(text: str) -> bool:
    return bool(_ASKS_FOR_HUMAN.search(fold(text)))


class HandoffResponder:
    """Before the FAQ: the "talk to a person" quick reply (payload ``{"handoff": true}``) or a
    message asking for a human sets the conversation to ``waiting``."""

    async def respond(self, turn: Turn) -> Response | None:
        via_button = (turn.message.payload or {}).get("handoff") is True
        if not via_button and not asks_for_human(turn.message.text):
            return None
        if turn.status in ("waiting", "agent"):
            return Response(reply=Reply(text=ALREADY_WAITING.get(turn.locale)))
        event = EventDraft(
            "handoff_requested",
            {"via": "button" if via_button else "message", "text": turn.message.text[:500]},
        )
        return Response(
            reply=Reply(text=REQUESTED.get(turn.locale), meta={"handoff": "requested"}),
            events=(event,),
            status="waiting",
        )

"""What the assistant says back: text plus structured extras the widget renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class QuickReply:
    """A button under a reply; pressing it sends ``text`` (shown as the shopper's message) with
    ``payload`` so the engine knows exactly what was chosen."""

    label: str
    text: str
    payload: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "text": self.text}
        if self.payload:
            out["payload"] = self.payload
        return out


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    quick_replies: tuple[QuickReply, ...] = ()
    cards: tuple[dict[str, Any], ...] = ()
    #: Stored with the message for agents and metrics (e.g. FAQ matches), not sent to shoppers.
    meta: dict[str, Any] = field(default_factory=dict)
    #: How the widget sets up its input for the answer (a flow step: email, address, ...).
    input: dict[str, Any] | None = None
    #: A form the widget shows under the reply, e.g. ``{"kind": "offline"}`` (e-mail + message).
    form: dict[str, Any] | None = None
    #: ``text`` as formatted pieces ({text, href?, strong?}) when the answer has links or bold.
    segments: tuple[dict[str, Any], ...] = ()
    #: Offer "helpful / not helpful" buttons under this reply (FAQ answers).
    feedback: bool = False

    def stored_payload(self) -> dict[str, Any]:
        return {
            "quick_replies": [q.as_dict() for q in self.quick_replies],
            "cards": list(self.cards),
            **({"meta": self.meta} if self.meta else {}),
            **({"input": self.input} if self.input else {}),
            **({"form": self.form} if self.form else {}),
            **({"segments": list(self.segments)} if self.segments else {}),
            **({"feedback": True} if self.feedback else {}),
        }


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event the engine wants recorded in the same transaction as the message."""

    type: str
    properties: dict[str, Any] = field(default_factory=dict)

"""Parsing the widget's lifecycle frames (``track``, ``page_view``, ``identify``, ``survey``,
``action``) into plain values. Pure; bad input is a :class:`BadFrame` naming the field."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from assistant.errors import BadFrame
from assistant.lifecycle.identity import CustomerRef, IdentityRejected, Unverified

_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
#: Control characters (a newline among them) would make the signed lines ambiguous.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_PROPS_BYTES = 2048
ACTION_EVENTS = ("shown", "clicked", "dismissed")


@dataclass(frozen=True, slots=True)
class Track:
    name: str
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class IdentifyRequest:
    """``identify`` as sent: ``email`` and ``name`` exactly as the page gave them (the hash
    may cover them), verified or not only once the hash is checked (:meth:`split`)."""

    external_id: str
    hash: str
    consent: bool | None
    email: str | None = None
    name: str | None = None

    def split(self, email_signed: bool, name_signed: bool) -> tuple[CustomerRef, Unverified]:
        """What the shop signed, and what the page only claimed."""
        email = self.email.strip().lower() if self.email else None
        name = self.name.strip() or None if self.name else None
        signed = CustomerRef(
            self.external_id, email if email_signed else None, name if name_signed else None
        )
        claimed = Unverified(
            None if email_signed else email, None if name_signed else name, "identify"
        )
        return signed, claimed


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    kind: str  # nps | csat
    score: int


@dataclass(frozen=True, slots=True)
class ActionFeedback:
    action_id: int
    event: str  # shown | clicked | dismissed


def parse_track(data: dict[str, Any]) -> Track:
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise BadFrame(detail="track.name must be 1-64 letters, digits or _.:-")
    props = data.get("props") or {}
    if not isinstance(props, dict):
        raise BadFrame(detail="track.props must be an object")
    if len(json.dumps(props, ensure_ascii=False)) > MAX_PROPS_BYTES:
        raise BadFrame(detail=f"track.props must be at most {MAX_PROPS_BYTES} bytes of JSON")
    return Track(name, props)


def parse_page_view(data: dict[str, Any]) -> str:
    url = data.get("url")
    if not isinstance(url, str) or not url.strip():
        raise BadFrame(detail="page_view.url must be the page's address")
    return url.strip()[:2000]


def parse_identify(data: dict[str, Any]) -> IdentifyRequest:
    ext, digest = data.get("id"), data.get("hash")
    if not isinstance(ext, str) or not 0 < len(ext.strip()) <= 200 or _CONTROL.search(ext):
        raise BadFrame(detail="identify.id must be the shop's customer id (1-200 characters)")
    if not isinstance(digest, str):
        raise BadFrame(detail="identify.hash must be HMAC-SHA256(identity secret, ...) as hex")
    if not re.fullmatch(r"[0-9A-Fa-f]{64}", digest):
        # A hash of the wrong shape is a wrong hash: the documented answer, nothing stored.
        raise IdentityRejected(detail=f"identify.hash is not 64 hex digits ({len(digest)} chars)")
    email, name, consent = data.get("email"), data.get("name"), data.get("consent")
    if email is not None and (
        not isinstance(email, str)
        or not re.fullmatch(r"[^@\s]{1,200}@[^@\s]+\.[^@\s]{1,100}", email)
    ):
        raise BadFrame(detail="identify.email is not an email address")
    if name is not None and (not isinstance(name, str) or len(name) > 200 or _CONTROL.search(name)):
        raise BadFrame(detail="identify.name must be a text of at most 200 characters")
    if consent is not None and not isinstance(consent, bool):
        raise BadFrame(detail="identify.consent must be true or false")
    return IdentifyRequest(ext.strip(), digest.lower(), consent, email or None, name or None)


def parse_survey(data: dict[str, Any]) -> SurveyAnswer:
    kind, score = data.get("kind"), data.get("score")
    if kind not in ("nps", "csat"):
        raise BadFrame(detail="survey.kind must be nps or csat")
    low, high = (0, 10) if kind == "nps" else (1, 5)
    if not isinstance(score, int) or isinstance(score, bool) or not low <= score <= high:
        raise BadFrame(detail=f"survey.score must be a whole number from {low} to {high}")
    return SurveyAnswer(str(kind), score)


def parse_action(data: dict[str, Any]) -> ActionFeedback:
    action_id, event = data.get("id"), data.get("event")
    if not isinstance(action_id, int) or isinstance(action_id, bool) or action_id < 1:
        raise BadFrame(detail="proactive.id must be the id of a proactive message")
    if event not in ACTION_EVENTS:
        raise BadFrame(detail=f"proactive.event must be one of {', '.join(ACTION_EVENTS)}")
    return ActionFeedback(action_id, str(event))

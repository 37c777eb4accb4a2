"""Recognising a request for a human, and the offline form's payload."""

from __future__ import annotations

import pytest

from assistant.support.handoff import offline_email, wants_human


@pytest.mark.parametrize(
    "text",
    [
        "Ich möchte mit einem Mitarbeiter sprechen",
        "Mitarbeiterin bitte",
        "Kann ich mit einem Menschen reden?",
        "echte Person bitte",
        "I want to talk to a human",
        "can I speak to someone",
        "real person please",
    ],
)
def test_requests_for_a_human(text: str) -> None:
    assert wants_human(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wie lange dauert der Versand?",
        "Gibt es Mitarbeiterrabatt?",
        "Ist der Tee für Menschen mit Allergien geeignet?",
        "Which payment methods do you accept?",
    ],
)
def test_ordinary_questions(text: str) -> None:
    assert not wants_human(text)


def test_quick_reply_payload_asks_for_a_human() -> None:
    assert wants_human("Anything", {"handoff": True})


def test_offline_email() -> None:
    assert offline_email({}) is None
    assert offline_email({"offline": {"email": " kim@example.com "}}) == "kim@example.com"
    assert offline_email({"offline": {"email": "kim(at)example"}}) == ""
    assert offline_email({"offline": {"email": 5}}) == ""
    assert offline_email({"offline": "x"}) is None

"""Small talk over the real WebSocket: a short friendly answer in the shopper's language, not
"no matching answer"; "are you a bot?" offers a person; a question that starts with a greeting
is still a question; an English question on a German page gets the English article."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.faq.smalltalk import recognise
from tests.chat import HELLO, ask, open_widget


@pytest.mark.parametrize(
    ("text", "intent", "lang"),
    [
        ("Hallo!", "greeting", "de"),
        ("hi, wie geht's?", "how_are_you", "de"),
        ("Vielen Dank für die Hilfe", "thanks", "de"),
        ("thanks a lot for your help", "thanks", "en"),
        ("Tschüss", "bye", "de"),
        ("are you a bot?", "bot", "en"),
        ("Bist du ein Mensch?", "bot", "de"),
        ("ok", "ack", None),
    ],
)
def test_small_talk_is_recognised_with_its_language(text: str, intent: str, lang: str) -> None:
    talk = recognise(text)
    assert talk is not None and (talk.intent, talk.lang) == (intent, lang)


@pytest.mark.parametrize(
    "text", ["hallo, wo ist mein Paket?", "danke, und was kostet der Versand?", "tell me a joke"]
)
def test_a_question_with_a_greeting_is_no_small_talk(text: str) -> None:
    assert recognise(text) is None


async def test_small_talk_gets_a_short_answer_in_the_shoppers_language(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client)  # a German page
    _, hello = await ask(ws, "c1", "Hallo")
    assert hello["text"].startswith("Hallo! Wie kann ich helfen?")
    _, thanks = await ask(ws, "c2", "thank you!")
    assert thanks["text"] == "You're welcome! Anything else I can help with?"
    _, bot = await ask(ws, "c3", "Bist du ein Bot?")
    assert "digitale Assistent" in bot["text"]
    assert [q["payload"] for q in bot["quick_replies"]] == [{"handoff": True}]
    _, question = await ask(ws, "c4", "Hallo, wie lange dauert der Versand nach Österreich?")
    assert "Österreich" in question["text"] and question["feedback"] is True


async def test_the_questions_language_wins_over_the_pages(demo_client: Any) -> None:
    ws, _ = await open_widget(demo_client, {**HELLO, "locale": "de"})
    _, english = await ask(ws, "c1", "How long does shipping take?")
    assert "working days" in english["text"] and "Werktage" not in english["text"]
    _, german = await ask(ws, "c2", "Wie lange dauert der Versand?")
    assert "Werktage" in german["text"]

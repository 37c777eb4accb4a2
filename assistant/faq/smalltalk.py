"""Small talk answered by the assistant itself, short and in the shopper's language: greetings,
thanks, goodbye, "are you a bot?". A message counts as small talk only when it is made of the
phrases in ``assistant/data/smalltalk.json`` and nothing else ("hallo, wo ist mein Paket?" is a
question for the FAQ). Asking for a person is the hand-off responder's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.conversation.replies import EventDraft, QuickReply, Reply
from assistant.conversation.turns import Response, Turn
from assistant.i18n import L10n, Locale
from knowledge_base.normalize import words

SMALLTALK_FILE = Path(__file__).parent / "data" / "smalltalk.json"
#: The intent a message answers to when it holds several ("hallo, danke!" is thanks).
STRENGTH = ("bot", "bye", "thanks", "how_are_you", "greeting", "ack")
#: Longer messages are questions, whatever they start with.
MAX_WORDS = 12

REPLIES: dict[str, L10n] = {
    "greeting": L10n(
        de="Hallo! Wie kann ich helfen? Fragen Sie mich zum Beispiel zu Versand, Rückgabe oder "
        "Zahlung.",
        en="Hello! How can I help? Ask me about shipping, returns or payment, for example.",
    ),
    "how_are_you": L10n(
        de="Danke, mir geht es gut! Was kann ich für Sie tun?",
        en="I'm fine, thank you! What can I do for you?",
    ),
    "thanks": L10n(
        de="Gern geschehen! Kann ich sonst noch helfen?",
        en="You're welcome! Anything else I can help with?",
    ),
    "bye": L10n(
        de="Auf Wiedersehen und einen schönen Tag!",
        en="Goodbye, and have a nice day!",
    ),
    "bot": L10n(
        de="Ich bin der digitale Assistent des Shops und beantworte Fragen rund um Ihre "
        "Bestellung. Wenn Sie lieber mit einem Menschen sprechen, sagen Sie es einfach.",
        en="I'm the shop's digital assistant and answer questions about your order. If you "
        "would rather talk to a person, just say so.",
    ),
    "ack": L10n(de="Alles klar! Fragen Sie gern weiter.", en="All right! Feel free to ask more."),
}
TALK_TO_A_PERSON = L10n(de="Mit einem Menschen sprechen", en="Talk to a person")


@dataclass(frozen=True, slots=True)
class SmallTalk:
    intent: str
    #: The language the phrases were in; ``None`` when they exist in both ("hi", "ok").
    lang: Locale | None


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], dict[str, set[Locale]]]:
    """Folded phrase -> intent -> the languages it is said in."""
    data = json.loads(SMALLTALK_FILE.read_text(encoding="utf-8"))
    out: dict[tuple[str, ...], dict[str, set[Locale]]] = {}
    for intent, by_lang in data["intents"].items():
        for lang in ("de", "en"):
            for phrase in by_lang.get(lang, ()):
                if folded := tuple(words(phrase)):
                    out.setdefault(folded, {}).setdefault(intent, set()).add(lang)
    return out


def recognise(text: str) -> SmallTalk | None:
    """Small talk when the whole message splits into known phrases (longest first)."""
    typed = words(text)
    if not typed or len(typed) > MAX_WORDS:
        return None
    phrases = _phrases()
    longest = max(map(len, phrases))
    found: dict[str, set[Locale]] = {}
    said_in: set[Locale] = set()  # the languages of phrases that belong to one only
    i = 0
    while i < len(typed):
        for n in range(min(longest, len(typed) - i), 0, -1):
            meaning = phrases.get(tuple(typed[i : i + n]))
            if meaning is not None:
                langs = set().union(*meaning.values())
                for intent, in_langs in meaning.items():
                    found.setdefault(intent, set()).update(in_langs)
                if len(langs) == 1:
                    said_in |= langs
                i += n
                break
        else:
            return None  # a word that is not small talk: a question
    intent = next(name for name in STRENGTH if name in found)
    return SmallTalk(intent, next(iter(said_in)) if len(said_in) == 1 else None)


class SmallTalkResponder:
    """Answers small talk before the FAQ would look for an article."""

    async def respond(self, turn: Turn) -> Response | None:
        if turn.status != "bot" or turn.message.payload:
            return None
        talk = recognise(turn.message.text)
        if talk is None:
            return None
        lang = talk.lang or turn.locale  # the shopper's words win over the page
        quick: tuple[QuickReply, ...] = ()
        if talk.intent == "bot":
            person = TALK_TO_A_PERSON.get(lang)
            quick = (QuickReply(label=person, text=person, payload={"handoff": True}),)
        reply = Reply(text=REPLIES[talk.intent].get(lang), quick_replies=quick)
        return Response(reply=reply, events=(EventDraft("smalltalk", {"intent": talk.intent}),))

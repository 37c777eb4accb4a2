"""Answering a shopper's question from the knowledge base: the decision (answer, did-you-mean,
fallback) turned into a reply in the shopper's language, plus the events it implies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.conversation.replies import EventDraft, QuickReply, Reply
from assistant.conversation.turns import Response, Turn
from assistant.faq.knowledge import KnowledgeService
from assistant.faq.learning import LearningService
from assistant.i18n import L10n, Locale
from knowledge_base import Decision, KnowledgeBase, Match, Thresholds, decide, detect_language
from knowledge_base.answer_text import has_markup, plain_text, segments
from knowledge_base.articles import Article

OTHER_LANGUAGE_NOTE = L10n(
    de="(Diese Antwort haben wir nur auf Englisch.)",
    en="(We only have this answer in German.)",
)
DID_YOU_MEAN = L10n(de="Meinten Sie eine dieser Fragen?", en="Did you mean one of these?")
FALLBACK = L10n(
    de=(
        "Dazu habe ich leider keine passende Antwort gefunden. Formulieren Sie die Frage gern "
        "anders, zum Beispiel mit einem Stichwort wie „Versand“ oder „Rückgabe“, oder sprechen "
        "Sie mit unserem Team."
    ),
    en=(
        "Sorry, I could not find a good answer to that. Feel free to rephrase it, for example "
        "with a keyword like “shipping” or “returns”, or talk to our team."
    ),
)
TALK_TO_A_PERSON = L10n(de="Mit einem Menschen sprechen", en="Talk to a person")
NOT_HELPFUL = L10n(
    de="Schade! Vielleicht passt eine dieser Antworten besser, oder sprechen Sie mit unserem Team.",
    en="Sorry about that! Maybe one of these answers fits better, or talk to our team.",
)
#: The payload of the quick reply that asks for a human (handled by the hand-off responder).
HANDOFF_PAYLOAD: dict[str, Any] = {"handoff": True}


@dataclass(frozen=True, slots=True)
class Answer:
    reply: Reply
    events: tuple[EventDraft, ...]
    decision: Decision


def ranked(kb: KnowledgeBase, text: str, lang: Locale, limit: int = 3) -> list[Match]:
    """Best topics first, each once (in whichever language matched best; on a tie the
    shopper's)."""
    matches = kb.search(text, lang=None, limit=2 * limit)
    seen: set[str] = set()
    out = []
    for m in sorted(matches, key=lambda m: (-m.score, m.lang != lang, m.slug)):
        if m.slug not in seen:
            seen.add(m.slug)
            out.append(m)
    return out[:limit]


@dataclass(frozen=True, slots=True)
class Probe:
    """What the assistant makes of a question: its language, the ranked topics and the
    decision. The widget answers from it; the console's "test a question" box shows it."""

    lang: Locale
    matches: list[Match]
    decision: Decision


def probe(
    kb: KnowledgeBase,
    text: str,
    locale: Locale | None,
    thresholds: Thresholds | None = None,
    limit: int = 3,
) -> Probe:
    """``locale`` is the page's language; without it the question's language is detected.
    Only the top score decides, so a larger ``limit`` shows more without changing it."""
    lang: Locale = locale or kb.detect_language(text)
    top = ranked(kb, text, lang, limit)
    return Probe(lang, top, decide(top, thresholds or Thresholds()))


def answer_question(
    kb: KnowledgeBase,
    text: str,
    locale: Locale | None,
    payload: dict[str, Any] | None = None,
    thresholds: Thresholds | None = None,
) -> Answer:
    """``locale`` is the page's language. The question's own language wins when its words
    say it clearly (an English question on a German page is answered in English, if the
    article exists in English); the page's decides when they do not ("PayPal?"). Without a
    page language, the question's is guessed from the words the index knows too."""
    lang: Locale = detect_language(text, default=locale) if locale else kb.detect_language(text)
    chosen = _chosen_article(kb, payload, lang)
    if chosen is not None:
        return _answer(chosen, lang, score=1.0, matches=[])
    found = probe(kb, text, lang, thresholds)
    top, decision = found.matches, found.decision
    summary = [{"slug": m.slug, "lang": m.lang, "score": m.score} for m in top]
    if decision is Decision.ANSWER:
        article = _in_language(kb, top[0].slug, lang)
        return _answer(article, lang, score=top[0].score, matches=summary)
    if decision is Decision.SUGGEST:
        options = [_in_language(kb, m.slug, lang) for m in top]
        reply = Reply(
            text=DID_YOU_MEAN.get(lang),
            quick_replies=tuple(
                QuickReply(label=a.question, text=a.question, payload={"article": a.slug})
                for a in options
            ),
            meta={"faq": {"decision": "suggest", "matches": summary}},
        )
        event = EventDraft("faq_suggested", {"slugs": [a.slug for a in options], "query": text})
        return Answer(reply, (event,), decision)
    reply = Reply(
        text=FALLBACK.get(lang),
        quick_replies=(
            QuickReply(
                label=TALK_TO_A_PERSON.get(lang),
                text=TALK_TO_A_PERSON.get(lang),
                payload=HANDOFF_PAYLOAD,
            ),
        ),
        meta={"faq": {"decision": "fallback", "matches": summary}},
    )
    event = EventDraft("faq_unanswered", {"query": text, "lang": lang})
    return Answer(reply, (event,), decision)


def next_best(
    kb: KnowledgeBase, question: str, answered: str, locale: Locale
) -> tuple[Reply, EventDraft]:
    """After "not helpful": the next-best articles for the same question and a person. The
    offer is stored as a suggestion, so a pick from it teaches the index like any other."""
    lang: Locale = detect_language(question, default=locale)
    others = [m for m in ranked(kb, question, lang, limit=4) if m.slug != answered][:3]
    options = [_in_language(kb, m.slug, lang) for m in others]
    person = TALK_TO_A_PERSON.get(lang)
    reply = Reply(
        text=NOT_HELPFUL.get(lang),
        quick_replies=(
            *(
                QuickReply(label=a.question, text=a.question, payload={"article": a.slug})
                for a in options
            ),
            QuickReply(label=person, text=person, payload=HANDOFF_PAYLOAD),
        ),
    )
    event = EventDraft("faq_suggested", {"slugs": [a.slug for a in options], "query": question})
    return reply, event


def _answer(
    article: Article, lang: Locale, *, score: float, matches: list[dict[str, Any]]
) -> Answer:
    parts = segments(article.answer)
    note = f"{OTHER_LANGUAGE_NOTE.get(lang)}\n" if article.lang != lang else ""
    formatted: tuple[dict[str, Any], ...] = ()
    if has_markup(parts):
        formatted = ({"text": note},) if note else ()
        formatted += tuple(p.as_dict() for p in parts)
    reply = Reply(
        text=note + plain_text(parts),
        segments=formatted,
        feedback=True,
        meta={
            "faq": {
                "decision": "answer",
                "slug": article.slug,
                "lang": article.lang,
                "score": score,
                "matches": matches,
            }
        },
    )
    event = EventDraft("faq_answered", {"slug": article.slug, "lang": article.lang, "score": score})
    return Answer(reply, (event,), Decision.ANSWER)


def _chosen_article(
    kb: KnowledgeBase, payload: dict[str, Any] | None, lang: Locale
) -> Article | None:
    slug = (payload or {}).get("article")
    if not isinstance(slug, str):
        return None
    return kb.article(slug, lang) or kb.article(slug, "en" if lang == "de" else "de")


def _in_language(kb: KnowledgeBase, slug: str, lang: Locale) -> Article:
    article = kb.article(slug, lang) or kb.article(slug, "en" if lang == "de" else "de")
    assert article is not None, slug
    return article


class FaqResponder:
    """The last responder: always answers, from the shop's knowledge base. With ``learning``,
    an article picked from "did you mean" teaches the index the shopper's wording."""

    def __init__(
        self,
        knowledge: KnowledgeService,
        thresholds: Thresholds | None = None,
        *,
        learning: LearningService | None = None,
    ) -> None:
        self._knowledge = knowledge
        self._thresholds = thresholds
        self._learning = learning

    async def respond(self, turn: Turn) -> Response:
        kb = await self._knowledge.get(turn.shop.id)
        locale = turn.locale if turn.locale_given else None
        thresholds = self._thresholds or self._knowledge.thresholds_for(turn.shop)
        answer = answer_question(kb, turn.message.text, locale, turn.message.payload, thresholds)
        picked = (turn.message.payload or {}).get("article")
        if self._learning is not None and isinstance(picked, str):
            await self._learning.record_pick(
                turn.shop.id, turn.conversation_id, turn.visitor_id, picked
            )
        return Response(reply=answer.reply, events=answer.events)

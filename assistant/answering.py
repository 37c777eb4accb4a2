"""Answering a shopper's question from the knowledge base: the decision (answer, did-you-mean,
fallback) turned into a reply in the shopper's language, plus the events it implies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.i18n import L10n, Locale
from assistant.knowledge import KnowledgeService
from assistant.replies import EventDraft, QuickReply, Reply
from assistant.turns import Response, Turn
from knowledge_base import Decision, KnowledgeBase, Thresholds, decide, detect_language
from knowledge_base.articles import Article

OTHER_LANGUAGE_NOTE = L10n(
    de="(Diese Antwort haben wir nur auf Englisch.)",
    en="(We only have this answer in German.)",
)
DID_YOU_MEAN = L10n(de="Meinten Sie eine dieser Fragen?", en="Did you mean one of these?")
FALLBACK = L10n(
    de=(
        "Dazu habe ich leider keine passende Antwort gefunden. Formulieren Sie die Frage gern "
        "anders, zum Beispiel mit einem Stichwort wie „Versand“ oder „Rückgabe“."
    ),
    en=(
        "Sorry, I could not find a good answer to that. Feel free to rephrase it, for example "
        "with a keyword like “shipping” or “returns”."
    ),
)


@dataclass(frozen=True, slots=True)
class Answer:
    reply: Reply
    events: tuple[EventDraft, ...]
    decision: Decision


def answer_question(
    kb: KnowledgeBase,
    text: str,
    locale: Locale | None,
    payload: dict[str, Any] | None = None,
    thresholds: Thresholds | None = None,
) -> Answer:
    """``locale`` is the page's language; without it the question's language is detected."""
    lang: Locale = locale or detect_language(text)
    chosen = _chosen_article(kb, payload, lang)
    if chosen is not None:
        return _answer(chosen, lang, score=1.0, matches=[])
    matches = kb.search(text, lang=None, limit=6)
    ranked = _prefer_language(matches, lang)
    decision = decide(ranked, thresholds or Thresholds())
    summary = [{"slug": m.slug, "lang": m.lang, "score": m.score} for m in ranked[:3]]
    if decision is Decision.ANSWER:
        article = _in_language(kb, ranked[0].slug, lang)
        return _answer(article, lang, score=ranked[0].score, matches=summary)
    if decision is Decision.SUGGEST:
        options = [_in_language(kb, m.slug, lang) for m in ranked[:3]]
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
        meta={"faq": {"decision": "fallback", "matches": summary}},
    )
    event = EventDraft("faq_unanswered", {"query": text, "lang": lang})
    return Answer(reply, (event,), decision)


def _answer(
    article: Article, lang: Locale, *, score: float, matches: list[dict[str, Any]]
) -> Answer:
    text = article.answer
    if article.lang != lang:
        text = f"{OTHER_LANGUAGE_NOTE.get(lang)}\n{text}"
    reply = Reply(
        text=text,
        meta={
            "faq": {"decision": "answer", "slug": article.slug, "score": score, "matches": matches}
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


def _prefer_language(matches: list[Any], lang: Locale) -> list[Any]:
    """One entry per topic, whichever language matched best; a topic counts once."""
    seen: set[str] = set()
    out = []
    for m in sorted(matches, key=lambda m: (-m.score, m.lang != lang)):
        if m.slug not in seen:
            seen.add(m.slug)
            out.append(m)
    return out


class FaqResponder:
    """The last responder: always answers, from the shop's knowledge base."""

    def __init__(self, knowledge: KnowledgeService, thresholds: Thresholds | None = None) -> None:
        self._knowledge = knowledge
        self._thresholds = thresholds

    async def respond(self, turn: Turn) -> Response:
        kb = await self._knowledge.get(turn.shop.id)
        locale = turn.locale if turn.locale_given else None
        answer = answer_question(
            kb, turn.message.text, locale, turn.message.payload, self._thresholds
        )
        return Response(reply=answer.reply, events=answer.events)

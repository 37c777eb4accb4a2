"""The index: ranking, languages, and incremental updates that equal a rebuild."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.demo.faq import demo_articles
from knowledge_base import Article, KnowledgeBase, Thresholds, decide
from knowledge_base.calibration import Scored, choose_thresholds
from knowledge_base.decision import Decision

DEMO = demo_articles()
QUERIES = (
    "Wie lange dauert der Versand?",
    "versandkosten schweiz",
    "Kann ich auf Rechnung zahlen",
    "how do I return something",
    "passwort vergessen",
    "gift card",
    "entkalken",
    "asdfgh",
    "Lieferung",
    "order",
)


def _results(kb: KnowledgeBase) -> list[list[tuple[str, str, float, str]]]:
    return [[(m.slug, m.lang, m.score, m.phrasing) for m in kb.search(q, limit=5)] for q in QUERIES]


def _variant(article: Article, n: int) -> Article:
    """A changed article: a phrasing dropped, one added, or the answer rewritten."""
    texts = article.texts()
    if n % 3 == 0 and len(texts) > 2:
        return replace(article, phrasings=article.phrasings[1:])
    if n % 3 == 1:
        return replace(article, phrasings=(*article.phrasings, "Versand und Rechnung bitte"))
    return replace(article, answer=article.answer + " Neu.", enabled=n % 5 != 0)


operation = st.tuples(
    st.sampled_from(["upsert", "change", "remove"]), st.integers(0, len(DEMO) - 1), st.integers()
)


@settings(max_examples=40, deadline=None)
@given(st.lists(operation, min_size=1, max_size=25))
def test_incremental_updates_equal_a_rebuild(operations: list[tuple[str, int, int]]) -> None:
    # The live index remembers recent searches, as it does in the server: every update must
    # make it forget them.
    live = KnowledgeBase(DEMO[:60], memo_size=64)
    state = {a.key: a for a in DEMO[:60]}
    for kind, i, n in operations:
        article = DEMO[i]
        if kind == "remove":
            live.remove(article.slug, article.lang)
            state.pop(article.key, None)
        else:
            changed = article if kind == "upsert" else _variant(article, n)
            live.upsert(changed)
            state[changed.key] = changed
        live.search(QUERIES[i % len(QUERIES)], limit=5)  # fill the caches updates must clear
    rebuilt = KnowledgeBase(state.values())
    assert len(live) == len(rebuilt)
    assert _results(live) == _results(rebuilt)


def test_scores_are_between_0_and_1_best_first() -> None:
    kb = KnowledgeBase(DEMO)
    for q in QUERIES:
        scores = [m.score for m in kb.search(q, limit=5)]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 1 for s in scores)


def test_match_names_the_phrasing_that_matched() -> None:
    m = KnowledgeBase(DEMO).search("Portokosten Deutschland")[0]
    assert (m.slug, m.lang, m.phrasing) == ("shipping-costs", "de", "Portokosten Deutschland")
    assert m.score == 1.0  # typed verbatim


def test_language_filter_and_detection() -> None:
    kb = KnowledgeBase(DEMO)
    assert {m.lang for m in kb.search("shipping", lang="en", limit=5)} == {"en"}
    assert kb.detect_language("Wie lange dauert der Versand?") == "de"
    assert kb.detect_language("How long does shipping take?") == "en"
    assert kb.detect_language("Versandkosten") == "de"  # no stop word: the vocabulary decides
    assert kb.detect_language("refund") == "en"
    # "an" is German too ("Bietet ihr ... an?"): the German words decide, not the English article.
    assert kb.detect_language("Bietet ihr Kaffeeseminare an?") == "de"
    assert kb.detect_language("Is there an app?") == "en"


def test_disabled_and_removed_articles_are_not_found() -> None:
    kb = KnowledgeBase(DEMO)
    gone = [a for a in DEMO if a.slug == "gift-cards"]
    kb.upsert(replace(gone[0], enabled=False))
    kb.remove("gift-cards", gone[1].lang)
    assert all(m.slug != "gift-cards" for m in kb.search("Gutschein kaufen", limit=5))
    assert kb.article("gift-cards", "de") is None


@pytest.mark.parametrize("query", ["", "   ", "?!", "zzzzqqq"])
def test_nothing_to_match(query: str) -> None:
    assert KnowledgeBase(DEMO).search(query) == []
    assert KnowledgeBase().search("Versand") == []


def test_decision_bands() -> None:
    kb = KnowledgeBase(DEMO)
    thresholds = Thresholds(answer=0.52, suggest=0.15)
    assert decide(kb.search("wie lange dauert versand nach östereich"), thresholds) == "answer"
    assert decide(kb.search("asdfgh"), thresholds) == Decision.FALLBACK
    with pytest.raises(ValueError):
        Thresholds(answer=0.2, suggest=0.5)


def test_thresholds_from_data() -> None:
    in_scope = [Scored(s / 10, s >= 5) for s in range(11)]
    out = [0.05, 0.1, 0.15, 0.2, 0.6]
    chosen = choose_thresholds(in_scope, out, oos_recall=0.8, precision=0.9, oos_share=0.2)
    assert chosen.suggest == 0.6  # 4 of 5 out-of-scope scores are below it
    assert chosen.answer >= chosen.suggest

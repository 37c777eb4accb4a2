"""Normalisation for German and English: properties (hypothesis) and the cases shoppers type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.demo.faq import demo_articles
from flows.text import fold_without_accents
from knowledge_base import KnowledgeBase
from knowledge_base.normalize import analyse, fold, normalise, stem, words


@given(st.text())
def test_fold_is_idempotent_and_never_raises(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip() and "  " not in once


@given(st.text(), st.sampled_from(["de", "en"]))
def test_analyse_and_normalise_never_raise(text: str, lang: str) -> None:
    stems = analyse(text, lang)  # type: ignore[arg-type]
    assert len(stems) == len(words(text))
    assert normalise(text, lang) == " ".join(sorted(stems))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Größe", "groesse"),
        ("ÖSTERREICH", "oesterreich"),
        ("Rücksendung!", "ruecksendung"),
        ("straße", "STRASSE"),
        ("ﬁlter", "filter"),  # NFKC: the ligature is two letters
        ("Café", "café"),
    ],
)
def test_umlauts_case_and_compatibility_forms_fold_alike(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("Café Crème!", "café crème", "cafe creme"),
        ("Größe, naïve", "groesse naïve", "groesse naive"),
        ("Rücksendung_Nr 12", "ruecksendung nr 12", "ruecksendung nr 12"),
    ],
)
def test_the_index_keeps_accents_that_flow_choices_drop(text: str, kept: str, dropped: str) -> None:
    """The two folds agree on case, umlauts and punctuation; only the flows' one drops accents,
    so a shopper's "creme" picks the choice "Crème" while the stemmers see real words."""
    assert fold(text) == kept
    assert fold_without_accents(text) == dropped
    assert fold_without_accents(fold(text)) == dropped


def test_stemming_joins_word_forms() -> None:
    assert stem("lieferungen", "de") == stem("lieferung", "de")
    assert stem("returns", "en") == stem("returned", "en") == stem("return", "en")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase(demo_articles())


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("wie lange dauert versand nach östereich", "shipping-austria"),  # typo + umlaut
        ("wie lange dauert versand nach oesterreich", "shipping-austria"),
        ("Versandksoten Schweiz", "shipping-switzerland"),  # transposed letters
        ("Pasword vergesen", "password-reset"),  # two typos
        ("Kann ich mit Paypal bezahlen", "payment-methods"),
        ("Rücksendekosten", "return-costs"),  # a compound the FAQ only has in parts
        ("shiping to austira", "shipping-austria"),
        ("how do I retrun an item", "returns"),
        ("forgot my pasword", "password-reset"),
        ("descale my espresso machine", "descaling"),
    ],
)
def test_typos_umlauts_and_compounds_still_find_the_topic(
    kb: KnowledgeBase, query: str, slug: str
) -> None:
    matches = kb.search(query)
    assert matches and matches[0].slug == slug, [(m.slug, m.score) for m in matches]

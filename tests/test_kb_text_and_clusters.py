"""Safe Markdown segments for answers, and clusters of unanswered questions."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from knowledge_base.answer_text import plain_text, safe_href, segments
from knowledge_base.clusters import cluster_questions


def test_links_bold_and_bare_addresses() -> None:
    parts = segments("Siehe [Versand](/versand) und **wichtig**: https://example.com/a.")
    assert [p.as_dict() for p in parts] == [
        {"text": "Siehe "},
        {"text": "Versand", "href": "/versand"},
        {"text": " und "},
        {"text": "wichtig", "strong": True},
        {"text": ": "},
        {"text": "https://example.com/a", "href": "https://example.com/a"},
        {"text": "."},
    ]
    assert plain_text(parts) == "Siehe Versand (/versand) und wichtig: https://example.com/a."


def test_dangerous_links_lose_their_href_and_html_stays_text() -> None:
    for href in ("javascript:alert(1)", "data:text/html,x", "//evil.example/x", "vbscript:x"):
        assert safe_href(href) is None
        parts = segments(f"[click]({href})")
        assert all(p.href is None for p in parts)
    parts = segments("<script>alert(1)</script> <b>x</b>")
    assert plain_text(parts) == "<script>alert(1)</script> <b>x</b>"
    assert all(p.href is None and not p.strong for p in parts)


@given(st.text())
def test_segments_never_raise_and_keep_the_words(text: str) -> None:
    parts = segments(text)
    joined = "".join(p.text for p in parts)
    assert len(joined) <= len(text)
    assert all(p.href is None or safe_href(p.href) == p.href for p in parts)


QUESTIONS = [
    ("Versand nach Italien?", "de"),
    ("Versand nach Italien?", "de"),
    ("versand italien", "de"),
    ("Gibt es Tee?", "de"),
    ("Gibt es auch Tee", "de"),
    ("do you sell tea", "en"),
    ("Do you sell tea?", "en"),
    ("asdf", "de"),
]


def test_similar_questions_form_one_cluster_with_a_count() -> None:
    clusters = cluster_questions(QUESTIONS)
    assert (clusters[0].label, clusters[0].count) == ("Versand nach Italien?", 3)
    assert clusters[0].examples == ("Versand nach Italien?", "versand italien")
    assert sum(c.count for c in clusters) == len(QUESTIONS)
    assert {c.label: c.count for c in clusters}["Do you sell tea?"] == 2
    assert [c.langs for c in clusters if c.label == "asdf"] == [("de",)]


def test_clusters_do_not_depend_on_the_order_of_questions() -> None:
    shuffled = QUESTIONS[:]
    random.Random(3).shuffle(shuffled)
    assert cluster_questions(shuffled) == cluster_questions(QUESTIONS)
    assert cluster_questions([]) == []

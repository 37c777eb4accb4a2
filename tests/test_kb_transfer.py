"""Importing and exporting articles: the smallest CSV, round trips, and every import error."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.demo.faq import demo_articles
from knowledge_base import Article
from knowledge_base.transfer import ImportFailed, parse_csv, parse_json, to_csv, to_json

SMALLEST = "id,lang,question,answer\nshipping,de,Wie lange dauert der Versand?,1-3 Werktage.\n"


def test_the_smallest_csv_imports_as_it_is() -> None:
    [article] = parse_csv(SMALLEST)
    assert article == Article("shipping", "de", "Wie lange dauert der Versand?", "1-3 Werktage.")


def test_optional_columns_any_order_and_a_bom() -> None:
    text = (
        "\ufeffLang,ID,Question,Answer,Phrasings,Tags,enabled\n"
        'en,ship,How long?,"Two days, usually.",shipping time | delivery time ||,a|b,no\n'
    )
    [a] = parse_csv(text)
    assert (a.slug, a.lang, a.answer) == ("ship", "en", "Two days, usually.")
    assert a.phrasings == ("shipping time", "delivery time") and a.tags == ("a", "b")
    assert a.enabled is False


def test_round_trips() -> None:
    articles = demo_articles()
    assert parse_csv(to_csv(articles)) == articles
    assert parse_json(to_json(articles)) == articles


text_field = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="|"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s)


@given(st.lists(st.tuples(text_field, text_field, st.lists(text_field, max_size=3)), min_size=1))
def test_any_text_survives_csv_and_json(rows: list[tuple[str, str, list[str]]]) -> None:
    articles = [
        Article(f"a{i}", "de", q, a, phrasings=tuple(dict.fromkeys(p)))
        for i, (q, a, p) in enumerate(rows)
    ]
    assert parse_csv(to_csv(articles)) == articles
    assert parse_json(to_json(articles)) == articles


def _problems(text: str, parse=parse_csv) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as caught:
        parse(text, "faq.csv")
    assert str(caught.value).startswith("faq.csv, row ")
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


HEAD = "id,lang,question,answer\n"


@pytest.mark.parametrize(
    ("text", "row", "column", "reason"),
    [
        ("id,lang,question\nx,de,q\n", 1, "answer", "required column is missing"),
        ("id,lang,question,answer,phrasing\n", 1, "phrasing", "unknown column"),
        (HEAD + ",de,q,a\n", 2, "id", "must not be empty"),
        (HEAD + "a b,de,q,a\n", 2, "id", "use letters, digits"),
        (HEAD + "x,fr,q,a\n", 2, "lang", "must be de or en"),
        (HEAD + "x,de,,a\n", 2, "question", "must not be empty"),
        (HEAD + "x,de,q,  \n", 2, "answer", "must not be empty"),
        (HEAD + "x,de," + "q" * 501 + ",a\n", 2, "question", "longer than 500"),
        (HEAD + "x,de,q,a\nx,de,q2,a2\n", 3, "id", "already in row 2"),
        (HEAD + "x,de,q,a,extra\n", 2, "", "more fields than the header"),
        ("id,lang,question,answer,enabled\nx,de,q,a,maybe\n", 2, "enabled", "true or false"),
        (HEAD, 0, "", "no articles"),
        ("", 1, "id", "required column is missing"),
        (HEAD + 'x,de,"q,a\n', 2, "", "not valid CSV"),
    ],
)
def test_every_csv_problem_names_row_column_and_reason(
    text: str, row: int, column: str, reason: str
) -> None:
    problems = _problems(text)
    assert any(p[0] == row and p[1] == column and reason in p[2] for p in problems), problems


@pytest.mark.parametrize(
    ("data", "row", "column", "reason"),
    [
        ("{not json", 0, "", "not valid JSON"),
        ('{"a": 1}', 0, "", "expected a list"),
        ("[1]", 1, "", "must be an object"),
        ('[{"id": "x", "lang": "de", "question": "q", "answer": "a", "colour": 1}]', 1, "colour", "unknown field"),
        ('[{"id": "x", "lang": "de", "question": 5, "answer": "a"}]', 1, "question", "must be text"),
        ('[{"id": "x", "lang": "de", "question": "q", "answer": "a", "phrasings": [1]}]', 1, "phrasings", "a list"),
        ('[{"id": "x", "lang": "de", "question": "q", "answer": "a", "enabled": "vielleicht"}]', 1, "enabled", "true or false"),
    ],
)  # fmt: skip
def test_every_json_problem_names_item_field_and_reason(
    data: str, row: int, column: str, reason: str
) -> None:
    problems = _problems(data, parse_json)
    assert any(p[0] == row and p[1] == column and reason in p[2] for p in problems), problems


def test_all_problems_are_reported_not_just_the_first() -> None:
    problems = _problems(HEAD + "x,fr,q,a\n,de,q,a\ny,de,q,\n")
    assert [(r, c) for r, c, _ in problems] == [(2, "lang"), (3, "id"), (4, "answer")]


def test_json_accepts_a_bare_list() -> None:
    data = json.dumps([{"id": "x", "lang": "en", "question": "q", "answer": "a", "tags": "t1|t2"}])
    assert parse_json(data)[0].tags == ("t1", "t2")

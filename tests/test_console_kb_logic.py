"""The knowledge-base console's pure parts: the article form (parsing, errors, round trips),
the topic list and its filter, and which unanswered clusters are still open."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.faq.unanswered import find_cluster, review_clusters
from assistant.support.article_form import (
    MAX_PHRASINGS,
    ArticleForm,
    ArticleFormInvalid,
    parse_article,
    slugify,
    split_lines,
    split_tags,
    with_phrasings,
)
from assistant.support.kb_listing import ArticleFilter, topics
from knowledge_base import Article, KnowledgeBase, Thresholds
from knowledge_base.clusters import Cluster, Wording, cluster_questions

TEA = Article(
    slug="tea",
    lang="de",
    question="Verkauft ihr Tee?",
    answer="Ja: grünen und schwarzen Tee.",
    phrasings=("Gibt es Tee?", "Habt ihr Tee"),
    tags=("tee", "sortiment"),
    product="TEA-001",
)


def _form(**fields: object) -> ArticleForm:
    base = {"slug": "tea", "lang": "de", "question": "Verkauft ihr Tee?", "answer": "Ja."}
    return ArticleForm(**{**base, **fields})  # type: ignore[arg-type]


def test_a_good_form_becomes_an_article() -> None:
    article = parse_article(
        _form(phrasings=" Gibt es Tee?\n\ngibt es  tee?\nVerkauft ihr Tee?\nHabt ihr Tee ", tags="tee,  sortiment,\nTee")
    )  # fmt: skip
    assert article.phrasings == ("Gibt es Tee?", "Habt ihr Tee")  # blank, twice, the question
    assert article.tags == ("tee", "sortiment") and article.enabled


def test_every_problem_is_named_per_field() -> None:
    form = _form(slug="tee für alle", lang="fr", question=" ", answer="", tags="x" * 61)
    try:
        parse_article(form)
    except ArticleFormInvalid as exc:
        assert set(exc.errors) == {"slug", "lang", "question", "answer", "tags"}
        assert exc.form is form  # what was typed goes back to the page unchanged
        assert exc.errors["answer"].get("en").startswith("Please enter an answer")
        assert exc.errors["answer"].get("de").startswith("Bitte eine Antwort")
    else:
        raise AssertionError("accepted")
    for field, value in (("phrasings", "a|b"), ("tags", "a|b"), ("phrasings", "x" * 501)):
        try:
            parse_article(_form(**{field: value}))
        except ArticleFormInvalid as exc:
            assert list(exc.errors) == [field]
        else:
            raise AssertionError(f"{field}={value!r} accepted")


def test_editing_keeps_the_key_and_the_hidden_fields() -> None:
    form = ArticleForm.from_article(TEA)
    assert form.phrasings == "Gibt es Tee?\nHabt ihr Tee" and form.tags == "tee, sortiment"
    assert parse_article(form, base=TEA) == TEA
    changed = parse_article(
        ArticleForm(slug="other", lang="en", question="Tee?", answer="Nein."), base=TEA
    )
    assert (changed.slug, changed.lang, changed.product) == ("tea", "de", "TEA-001")


def test_an_unticked_box_is_a_disabled_article() -> None:
    data = {"question": "Tee?", "answer": "Ja.", "slug": "tea", "lang": "de"}
    assert ArticleForm.from_post(data).enabled is False
    assert ArticleForm.from_post({**data, "enabled": "1"}).enabled is True


def test_ids_are_made_from_questions() -> None:
    assert slugify("Gibt es bei euch Barista-Kurse?") == "gibt-es-bei-euch-barista-kurse"
    assert slugify("Größe & Passform") == "groesse-passform"
    assert slugify("???") == "" and len(slugify("wort " * 40)) <= 60
    assert parse_article(_form(slug="", question="Wie lange hält Kaffee?")).slug == (
        "wie-lange-haelt-kaffee"
    )
    try:
        parse_article(_form(slug="", question="???"))
    except ArticleFormInvalid as exc:
        assert list(exc.errors) == ["slug"]
    else:
        raise AssertionError("accepted an empty id")


@given(
    st.fixed_dictionaries(
        {
            k: st.text(max_size=80)
            for k in ("slug", "lang", "question", "answer", "phrasings", "tags")
        }
    ),
    st.booleans(),
)
def test_any_input_is_an_article_or_field_errors(fields: dict[str, str], enabled: bool) -> None:
    form = ArticleForm(**fields, enabled=enabled)
    try:
        article = parse_article(form)
    except ArticleFormInvalid as exc:
        assert exc.errors and set(exc.errors) <= {
            "slug",
            "lang",
            "question",
            "answer",
            "phrasings",
            "tags",
        }
        return
    # What was accepted shows up in the editor as a form that parses to the same article.
    assert parse_article(ArticleForm.from_article(article)) == article


@given(st.text(max_size=200))
def test_splitting_lines_and_tags_is_idempotent(raw: str) -> None:
    lines = split_lines(raw)
    assert split_lines("\n".join(lines)) == lines
    tags = split_tags(raw)
    assert split_tags(", ".join(tags)) == tags


def test_phrasings_are_added_once() -> None:
    more = with_phrasings(TEA, ["Tee?", "gibt es  TEE?", "Tee?", "Verkauft ihr Tee?", "x|y"])
    assert more.phrasings == ("Gibt es Tee?", "Habt ihr Tee", "Tee?")
    full = Article(
        slug="f",
        lang="de",
        question="q",
        answer="a",
        phrasings=tuple(f"p{i}" for i in range(MAX_PHRASINGS)),
    )
    assert with_phrasings(full, ["neu"]) == full


def test_a_form_from_a_cluster() -> None:
    questions = [("Gibt es Barista-Kurse?", "de")] * 3 + [
        ("Wann gibt es Barista Kurse", "de"),
        ("barista kurse", "en"),
    ]
    [cluster] = cluster_questions(questions)
    assert cluster.wordings[0] == Wording("Gibt es Barista-Kurse?", "de", 3)
    assert cluster.lang == "de" and cluster.count == 5
    form = ArticleForm.from_cluster(cluster)
    assert (form.question, form.lang, form.answer) == ("Gibt es Barista-Kurse?", "de", "")
    assert form.phrasings == "Wann gibt es Barista Kurse"  # the English wording stays out
    assert find_cluster([cluster], "Gibt es Barista-Kurse?", "de") is cluster
    assert find_cluster([cluster], "Gibt es Barista-Kurse?", "en") is None


COFFEE = Article(slug="coffee", lang="de", question="Welchen Kaffee habt ihr?", answer="Viele.")
COFFEE_EN = Article(
    slug="coffee", lang="en", question="Which coffee do you sell?", answer="Many.", enabled=False
)


def test_topics_group_both_languages_and_filter() -> None:
    listed = topics([COFFEE_EN, TEA, COFFEE])
    assert [(t.slug, [a.lang for a in t.articles], t.missing) for t in listed] == [
        ("coffee", ["de", "en"], ()),
        ("tea", ["de"], ("en",)),
    ]
    assert listed[0].get("en") is COFFEE_EN and listed[1].get("en") is None
    only = ArticleFilter.from_query
    assert [t.slug for t in topics([TEA, COFFEE, COFFEE_EN], only({"search": "GRÜNEN tee"}))] == [
        "tea"
    ]
    assert [t.slug for t in topics([TEA], only({"search": "sortiment"}))] == ["tea"]  # tags
    disabled = topics([TEA, COFFEE, COFFEE_EN], only({"state": "disabled"}))
    assert [(t.slug, t.articles) for t in disabled] == [("coffee", (COFFEE_EN,))]
    assert [t.slug for t in topics([TEA, COFFEE_EN], only({"lang": "en"}))] == ["coffee"]
    odd = only({"lang": "fr", "state": "maybe", "search": "  a   b "})
    assert (odd.lang, odd.state, odd.text, odd.active) == (None, "all", "a b", True)
    assert not only({}).active


def test_a_cluster_is_handled_once_the_index_answers_all_its_wordings() -> None:
    wordings = (Wording("Gibt es Barista-Kurse?", "de", 2), Wording("Latte-Art-Seminar?", "de", 1))
    clusters = [Cluster("Gibt es Barista-Kurse?", 3, ("de",), (), wordings)]
    kb = KnowledgeBase([TEA, COFFEE])
    thresholds = Thresholds(answer=0.52, suggest=0.15)
    before = review_clusters(clusters, kb, thresholds)
    assert [r.cluster.label for r in before.open] == ["Gibt es Barista-Kurse?"]
    assert before.handled == () and before.open[0].answers == (None, None)
    kb.upsert(Article(slug="barista", lang="de", question="Gibt es Barista-Kurse?", answer="Ja."))
    partly = review_clusters(clusters, kb, thresholds).open
    assert partly and partly[0].answers[0] == "barista" and not partly[0].handled
    kb.upsert(
        Article(
            slug="barista",
            lang="de",
            question="Gibt es Barista-Kurse?",
            answer="Ja.",
            phrasings=("Latte-Art-Seminar?",),
        )
    )
    after = review_clusters(clusters, kb, thresholds)
    assert after.open == () and after.handled[0].answered_by == ("barista",)
    kb.upsert(
        Article(
            slug="barista",
            lang="de",
            question="Gibt es Barista-Kurse?",
            answer="Ja.",
            enabled=False,
        )
    )
    assert review_clusters(clusters, kb, thresholds).open  # disabled: open again


def test_the_report_stops_after_enough_open_clusters() -> None:
    questions = [(f"Frage Nummer {word}", "de") for word in ("eins", "zwei", "drei", "vier")]
    clusters = cluster_questions([(q, "de") for q, _ in questions] + [("ganz anders hier", "de")])
    report = review_clusters(clusters, KnowledgeBase([TEA]), Thresholds(), open_limit=1)
    assert len(report.open) == 1 and report.more == len(clusters) - 1

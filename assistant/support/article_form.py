"""The console's article editor as plain data: the form's fields as typed, turning them into an
:class:`Article` (or saying, per field and in both languages, what to fix), and the forms that
start from an article or from a cluster of unanswered questions. No I/O here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from assistant.errors import AssistantError
from assistant.i18n import L10n
from knowledge_base import Article, Lang
from knowledge_base.clusters import Cluster
from knowledge_base.normalize import fold
from knowledge_base.transfer import ID_PATTERN, MAX_ANSWER, MAX_TEXT, SEPARATOR

MAX_PHRASINGS = 200
MAX_TAGS = 30
MAX_TAG = 60
#: Longest id made from a question (the id may be up to 120 characters when typed).
AUTO_SLUG = 60
#: Phrasings a cluster puts into a new article (its most frequent wordings).
CLUSTER_PHRASINGS = 20
_TAG_SPLIT = re.compile(r"[,\n]")

E_SLUG = L10n(
    de="Nur Buchstaben ohne Umlaute, Ziffern, „-“, „_“ und „.“, bis 120 Zeichen, am Anfang ein Buchstabe oder eine Ziffer.",
    en="Only letters without accents, digits, '-', '_' and '.', up to 120 characters, starting with a letter or digit.",
)
E_SLUG_TAKEN = L10n(
    de="Diesen Artikel gibt es in dieser Sprache schon – wählen Sie eine andere Kennung oder bearbeiten Sie ihn.",
    en="This article exists in this language already – choose another id or edit it.",
)
E_LANG = L10n(de="Bitte Deutsch oder Englisch wählen.", en="Please choose German or English.")
E_QUESTION = L10n(
    de=f"Bitte eine Frage eingeben (bis {MAX_TEXT} Zeichen).",
    en=f"Please enter a question (up to {MAX_TEXT} characters).",
)
E_ANSWER = L10n(
    de=f"Bitte eine Antwort eingeben (bis {MAX_ANSWER:_} Zeichen).".replace("_", "."),
    en=f"Please enter an answer (up to {MAX_ANSWER:,} characters).",
)
E_PHRASINGS = L10n(
    de=f"Höchstens {MAX_PHRASINGS} Formulierungen, jede bis {MAX_TEXT} Zeichen.",
    en=f"At most {MAX_PHRASINGS} phrasings, each up to {MAX_TEXT} characters.",
)
E_TAGS = L10n(
    de=f"Höchstens {MAX_TAGS} Schlagwörter, jedes bis {MAX_TAG} Zeichen.",
    en=f"At most {MAX_TAGS} tags, each up to {MAX_TAG} characters.",
)
E_SEPARATOR = L10n(
    de=f"Das Zeichen „{SEPARATOR}“ trennt Einträge in CSV-Dateien und ist hier nicht erlaubt.",
    en=f"The character '{SEPARATOR}' separates entries in CSV files and is not allowed here.",
)


class ArticleFormInvalid(AssistantError):
    """Some fields need fixing; ``errors`` says which and why, ``form`` keeps what was typed."""

    code = "bad_article"
    status = 400
    message = L10n(
        de="Bitte korrigieren Sie die markierten Felder.",
        en="Please correct the marked fields.",
    )

    def __init__(self, form: ArticleForm, errors: Mapping[str, L10n]) -> None:
        super().__init__(detail=", ".join(errors))
        self.form = form
        self.errors = dict(errors)


@dataclass(frozen=True, slots=True)
class ArticleForm:
    """The editor's fields exactly as typed (phrasings one per line, tags separated by
    commas), so a rejected form is shown again with nothing lost."""

    slug: str = ""
    lang: str = "de"
    question: str = ""
    phrasings: str = ""
    answer: str = ""
    tags: str = ""
    enabled: bool = True

    @classmethod
    def from_post(cls, data: Mapping[str, str]) -> ArticleForm:
        """An unticked checkbox is not sent at all: a missing ``enabled`` means off."""
        return cls(
            slug=data.get("slug", ""),
            lang=data.get("lang", "de"),
            question=data.get("question", ""),
            phrasings=data.get("phrasings", ""),
            answer=data.get("answer", ""),
            tags=data.get("tags", ""),
            enabled=data.get("enabled", "") in ("1", "on", "true"),
        )

    @classmethod
    def from_article(cls, article: Article) -> ArticleForm:
        return cls(
            slug=article.slug,
            lang=article.lang,
            question=article.question,
            phrasings="\n".join(article.phrasings),
            answer=article.answer,
            tags=", ".join(article.tags),
            enabled=article.enabled,
        )

    @classmethod
    def from_cluster(cls, cluster: Cluster) -> ArticleForm:
        """Question: the cluster's leading wording; phrasings: its other wordings in the
        same language; language: the leading wording's. The answer is the editor's job."""
        others = [
            w.text for w in cluster.wordings if w.lang == cluster.lang and w.text != cluster.label
        ]
        return cls(
            lang=cluster.lang,
            question=cluster.label,
            phrasings="\n".join(others[:CLUSTER_PHRASINGS]),
        )


def slugify(text: str) -> str:
    """An id from a question: "Gibt es Barista-Kurse?" -> ``gibt-es-barista-kurse``."""
    ascii_words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return ascii_words[:AUTO_SLUG].rstrip("-")


def split_lines(raw: str) -> list[str]:
    """One entry per line, blanks dropped, each wording once."""
    return _unique(line.strip() for line in raw.splitlines())


def split_tags(raw: str) -> list[str]:
    return _unique(tag.strip() for tag in _TAG_SPLIT.split(raw))


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(item.casefold().split())
        if item and key not in seen:
            seen.add(key)
            out.append(" ".join(item.split()))
    return out


def parse_article(form: ArticleForm, *, base: Article | None = None) -> Article:
    """The article the form describes, or :class:`ArticleFormInvalid` listing every problem.

    ``base`` is the stored article when editing: its id and language stay (they are the
    article's key), as do the fields the editor does not show (product, category). A new
    article without an id gets one made from its question.
    """
    errors: dict[str, L10n] = {}
    slug = base.slug if base else (form.slug.strip() or slugify(form.question))
    lang = base.lang if base else form.lang.strip()
    if not ID_PATTERN.match(slug):
        errors["slug"] = E_SLUG
    if lang not in ("de", "en"):
        errors["lang"] = E_LANG
    question = " ".join(form.question.split())
    if not question or len(question) > MAX_TEXT:
        errors["question"] = E_QUESTION
    answer = form.answer.strip()
    if not answer or len(answer) > MAX_ANSWER:
        errors["answer"] = E_ANSWER
    phrasings = [p for p in split_lines(form.phrasings) if p.casefold() != question.casefold()]
    if len(phrasings) > MAX_PHRASINGS or any(len(p) > MAX_TEXT for p in phrasings):
        errors["phrasings"] = E_PHRASINGS
    elif any(SEPARATOR in p for p in phrasings):
        errors["phrasings"] = E_SEPARATOR
    tags = split_tags(form.tags)
    if len(tags) > MAX_TAGS or any(len(t) > MAX_TAG for t in tags):
        errors["tags"] = E_TAGS
    elif any(SEPARATOR in t for t in tags):
        errors["tags"] = E_SEPARATOR
    if errors:
        raise ArticleFormInvalid(form, errors)
    code: Lang = "en" if lang == "en" else "de"
    article = Article(
        slug=slug,
        lang=code,
        question=question,
        answer=answer,
        phrasings=tuple(phrasings),
        tags=tuple(tags),
        enabled=form.enabled,
    )
    if base is not None:
        article = replace(article, product=base.product, category=base.category)
    return article


def with_phrasings(article: Article, texts: Iterable[str]) -> Article:
    """``article`` with the texts it does not know yet (question or phrasing, compared
    without case and spacing) added as phrasings, in order. Texts the editor would refuse
    (too long, with the CSV separator) and any beyond :data:`MAX_PHRASINGS` are left out."""
    known = {" ".join(t.casefold().split()) for t in article.texts()}
    added = [
        t
        for t in _unique(texts)
        if " ".join(t.casefold().split()) not in known and len(t) <= MAX_TEXT and SEPARATOR not in t
    ]
    room = max(0, MAX_PHRASINGS - len(article.phrasings))
    return replace(article, phrasings=(*article.phrasings, *added[:room]))

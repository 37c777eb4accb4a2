"""Articles to and from CSV and JSON text (the files themselves are read by the caller).

The smallest CSV a shop can write imports as it is: ``id,lang,question,answer`` (the same id in
both languages is one topic); optional columns ``phrasings`` and ``tags`` (each separated by
``|``), ``product``, ``category`` and ``enabled``. Parsing is all-or-nothing: every problem is
reported with its row and column, and no article is returned unless the whole file is good.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge_base.articles import LANGS, Article, Lang

REQUIRED = ("id", "lang", "question", "answer")
OPTIONAL = ("phrasings", "tags", "product", "category", "enabled")
COLUMNS = REQUIRED + OPTIONAL
SEPARATOR = "|"
MAX_TEXT = 500
MAX_ANSWER = 5000
MAX_PROBLEMS = 20
#: What an article id (topic slug) may look like, wherever articles come from.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$")
_TRUE = {"1", "true", "yes", "ja", "y", "j", ""}
_FALSE = {"0", "false", "no", "nein", "n"}


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # CSV: the line's row number (the header is row 1); JSON: the item, from 1
    column: str
    reason: str


class ImportFailed(ValueError):
    """The file cannot be imported; ``problems`` says where and why (at most 20 are listed)."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)[:MAX_PROBLEMS]
        first = self.problems[0] if self.problems else Problem(0, "", "no articles")
        super().__init__(self.describe(first))

    def describe(self, problem: Problem) -> str:
        where = f"{self.source}, row {problem.row}"
        if problem.column:
            where += f", column {problem.column!r}"
        return f"{where}: {problem.reason}"

    def lines(self) -> list[str]:
        return [self.describe(p) for p in self.problems]


def parse_csv(text: str, source: str = "<csv>") -> list[Article]:
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    reader = csv.DictReader(lines, strict=True)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    problems = [Problem(1, c, "required column is missing") for c in REQUIRED if c not in header]
    problems += [
        Problem(1, h, f"unknown column (known: {', '.join(COLUMNS)})")
        for h in header
        if h not in COLUMNS
    ]
    if problems:
        raise ImportFailed(source, problems)
    reader.fieldnames = header
    records = []
    row = 1  # spreadsheet rows: the header is row 1
    try:
        for record in reader:
            row += 1
            if None in record:
                problems.append(Problem(row, "", "more fields than the header has"))
                continue
            records.append((row, record))
    except csv.Error as exc:
        raise ImportFailed(source, [Problem(row + 1, "", f"not valid CSV: {exc}")]) from None
    return _articles(source, records, problems)


def parse_json(text: str, source: str = "<json>") -> list[Article]:
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except ValueError as exc:
        raise ImportFailed(source, [Problem(0, "", f"not valid JSON: {exc}")]) from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if not isinstance(data, list):
        raise ImportFailed(
            source, [Problem(0, "", 'expected a list of articles or {"articles": [...]}')]
        )
    records = []
    problems: list[Problem] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(number, "", "each article must be an object"))
            continue
        unknown = [k for k in item if k not in COLUMNS]
        problems += [Problem(number, k, "unknown field") for k in unknown]
        records.append((number, item))
    return _articles(source, records, problems)


def _articles(
    source: str, records: Sequence[tuple[int, Mapping[str, Any]]], problems: list[Problem]
) -> list[Article]:
    seen: dict[tuple[str, str], int] = {}
    articles: list[Article] = []
    for row, record in records:
        article = _article(row, record, problems)
        if article is None:
            continue
        earlier = seen.get(article.key)
        if earlier is not None:
            problems.append(
                Problem(
                    row, "id", f"{article.slug!r} in {article.lang!r} is already in row {earlier}"
                )
            )
            continue
        seen[article.key] = row
        articles.append(article)
    if problems:
        raise ImportFailed(source, problems)
    if not articles:
        raise ImportFailed(source, [Problem(0, "", "the file holds no articles")])
    return articles


def _article(row: int, record: Mapping[str, Any], problems: list[Problem]) -> Article | None:
    before = len(problems)

    def text(column: str, limit: int, required: bool = False) -> str:
        value = record.get(column)
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(Problem(row, column, "must be text"))
            return ""
        value = value.strip()
        if required and not value:
            problems.append(Problem(row, column, "must not be empty"))
        elif len(value) > limit:
            problems.append(Problem(row, column, f"longer than {limit} characters"))
        return value

    slug = text("id", 120, required=True)
    if slug and not ID_PATTERN.match(slug):
        problems.append(Problem(row, "id", "use letters, digits, '-', '_' or '.' (up to 120)"))
    lang = text("lang", 8, required=True).lower()
    if lang and lang not in LANGS:
        problems.append(Problem(row, "lang", f"must be de or en, not {lang!r}"))
    question = text("question", MAX_TEXT, required=True)
    answer = text("answer", MAX_ANSWER, required=True)
    phrasings = _list(row, "phrasings", record.get("phrasings"), problems)
    tags = _list(row, "tags", record.get("tags"), problems)
    product = text("product", 64) or None
    category = text("category", 64) or None
    enabled = _flag(row, record.get("enabled"), problems)
    if len(problems) > before:
        return None
    code: Lang = "en" if lang == "en" else "de"
    return Article(
        slug=slug,
        lang=code,
        question=question,
        answer=answer,
        phrasings=tuple(phrasings),
        tags=tuple(tags),
        product=product,
        category=category,
        enabled=enabled,
    )


def _list(row: int, column: str, value: Any, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(SEPARATOR)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        problems.append(Problem(row, column, f"must be text separated by {SEPARATOR!r} or a list"))
        return []
    out = [v.strip() for v in items if v.strip()]
    for item in out:
        if len(item) > MAX_TEXT:
            problems.append(Problem(row, column, f"an entry is longer than {MAX_TEXT} characters"))
            break
    return list(dict.fromkeys(out))


def _flag(row: int, value: Any, problems: list[Problem]) -> bool:
    if value is None or isinstance(value, bool):
        return value is not False
    if isinstance(value, str):
        folded = value.strip().lower()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    problems.append(Problem(row, "enabled", "must be true or false"))
    return True


class _Text:
    """Collects what ``csv.writer`` writes (a string, not a file)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, chunk: str) -> int:
        self.parts.append(chunk)
        return len(chunk)


def to_csv(articles: Iterable[Article]) -> str:
    out = _Text()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in articles:
        writer.writerow(
            [
                a.slug,
                a.lang,
                a.question,
                a.answer,
                SEPARATOR.join(a.phrasings),
                SEPARATOR.join(a.tags),
                a.product or "",
                a.category or "",
                "true" if a.enabled else "false",
            ]
        )
    return "".join(out.parts)


def to_json(articles: Iterable[Article]) -> str:
    items = [
        {
            "id": a.slug,
            "lang": a.lang,
            "question": a.question,
            "answer": a.answer,
            "phrasings": list(a.phrasings),
            "tags": list(a.tags),
            "product": a.product,
            "category": a.category,
            "enabled": a.enabled,
        }
        for a in articles
    ]
    return json.dumps({"articles": items}, ensure_ascii=False, indent=2) + "\n"

"""The guided product finder: a few questions for one category of a shop ("Welche Mühle passt zu
meiner Siebträgermaschine?" -> what for, by hand or electric, budget) that narrow the catalog
down to one to three recommendations, each with the reason in words.

Everything about a finder is the shop's data, never code: its questions, their options, what
an option means for a product (an attribute value, a tag, a price limit), the words that pick
an option from the shopper's first question, and the phrases that name a product's strengths.
:func:`parse_finder` checks such data (from the shop's catalog file) and returns
:class:`Invalid` with what is wrong; :func:`finder_flow` makes the :class:`~flows.flow.Flow`
the application runs like checkout (back, cancel, questions in between, resume);
:func:`recommend` ranks the category's products for the answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flows.flow import Choice, Expect, Flow, Step
from flows.parsing import Invalid
from flows.text import Text, fold_without_accents

PREFIX = "finder:"
#: The option that means "no preference".
ANY = "any"


@dataclass(frozen=True, slots=True)
class Match:
    """What an option asks of a product; every given part must hold."""

    attribute: str | None = None
    value: str | None = None
    tag: str | None = None
    max_price: Decimal | None = None

    def holds(self, item: FinderItem) -> bool:
        if self.max_price is not None and item.price > self.max_price:
            return False
        if self.tag is not None and self.tag not in item.tags:
            return False
        if self.attribute is not None:
            have = item.attributes.get(self.attribute)
            values = have if isinstance(have, list | tuple) else [have]
            if self.value is None:
                return any(v not in (None, "", False) for v in values)
            return self.value in values
        return True


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: Text
    words: tuple[str, ...] = ()
    match: Match | None = None
    reason: Text | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    prompt: Text
    options: tuple[Option, ...]

    def option(self, option_id: object) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True, slots=True)
class Finder:
    id: str
    category: str
    title: Text
    intro: Text
    #: Phrases (folded) that start this finder: "welche muehle", "which grinder".
    starts: tuple[str, ...]
    questions: tuple[Question, ...]
    #: attribute -> value -> the strength in words ("stufenlose Mahlgradeinstellung").
    highlights: Mapping[str, Mapping[str, Text]] = field(default_factory=dict)

    @property
    def flow_name(self) -> str:
        return f"{PREFIX}{self.id}"


@dataclass(frozen=True, slots=True)
class FinderItem:
    """A product as the finder sees it (plain values)."""

    sku: str
    category: str
    price: Decimal
    available: bool = True
    rating: Decimal | None = None
    tags: tuple[str, ...] = ()
    attributes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Recommendation:
    sku: str
    reason: Text
    #: Every answered wish holds (``False``: the closest there is).
    exact: bool


# -- data in ------------------------------------------------------------------------------


def parse_finder(data: object) -> Finder | Invalid:
    """A finder from a shop's data, or what is wrong with it (never raises)."""
    if not isinstance(data, dict):
        return _bad("a finder must be an object")
    fid, category = data.get("id"), data.get("category")
    if not isinstance(fid, str) or not fid or not isinstance(category, str) or not category:
        return _bad("a finder needs an id and a category")
    title = _text(data.get("title"))
    intro = _text(data.get("intro")) or title
    if title is None or intro is None:
        return _bad(f"finder {fid}: title needs German and English text")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        return _bad(f"finder {fid}: needs questions")
    questions: list[Question] = []
    for raw in raw_questions:
        question = _question(raw)
        if isinstance(question, Invalid):
            return _bad(f"finder {fid}: {question.message.en}")
        questions.append(question)
    if len({q.id for q in questions}) != len(questions):
        return _bad(f"finder {fid}: question ids must be unique")
    starts = data.get("start", {})
    phrases: list[str] = []
    if isinstance(starts, dict):
        for value in starts.values():
            if isinstance(value, list):
                phrases.extend(
                    fold_without_accents(p)
                    for p in value
                    if isinstance(p, str) and fold_without_accents(p)
                )
    highlights: dict[str, dict[str, Text]] = {}
    raw_highlights = data.get("highlights", {})
    if isinstance(raw_highlights, dict):
        for attribute, values in raw_highlights.items():
            if isinstance(values, dict):
                texts = {str(v): t for v, raw_t in values.items() if (t := _text(raw_t))}
                highlights[str(attribute)] = texts
    return Finder(fid, category, title, intro, tuple(phrases), tuple(questions), highlights)


def _bad(message: str) -> Invalid:
    return Invalid(Text.same(message))


def _text(value: object) -> Text | None:
    if isinstance(value, str) and value.strip():
        return Text.same(value)
    if isinstance(value, dict):
        de, en = value.get("de"), value.get("en")
        if isinstance(de, str) and isinstance(en, str) and de.strip() and en.strip():
            return Text(de=de, en=en)
    return None


def _question(raw: object) -> Question | Invalid:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return _bad("every question needs an id")
    prompt = _text(raw.get("prompt"))
    if prompt is None:
        return _bad(f"question {raw['id']}: prompt needs German and English text")
    options: list[Option] = []
    for opt in raw.get("options", []) if isinstance(raw.get("options"), list) else []:
        if not isinstance(opt, dict) or not isinstance(opt.get("id"), str):
            return _bad(f"question {raw['id']}: every option needs an id")
        label = _text(opt.get("label"))
        if label is None:
            return _bad(f"option {opt['id']}: label needs German and English text")
        match = _match(opt.get("match"))
        if isinstance(match, Invalid):
            return match
        words = tuple(
            fold_without_accents(w)
            for w in opt.get("words", [])
            if isinstance(w, str) and fold_without_accents(w)
        )
        options.append(Option(opt["id"], label, words, match, _text(opt.get("reason"))))
    if len(options) < 2:
        return _bad(f"question {raw['id']}: needs at least two options")
    return Question(raw["id"], prompt, tuple(options))


def _match(raw: object) -> Match | Invalid | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        return _bad("match must be an object")
    limit = raw.get("max_price")
    price: Decimal | None = None
    if limit is not None:
        try:
            price = Decimal(str(limit))
        except InvalidOperation:
            return _bad(f"max_price {limit!r} is not an amount")
    attribute, value, tag = raw.get("attribute"), raw.get("value"), raw.get("tag")
    return Match(
        attribute if isinstance(attribute, str) else None,
        value if isinstance(value, str) else None,
        tag if isinstance(tag, str) else None,
        price,
    )


# -- the flow -----------------------------------------------------------------------------


def finder_flow(finder: Finder) -> Flow:
    ids = [q.id for q in finder.questions]
    steps = tuple(
        Step(
            q.id,
            q.prompt,
            Expect.CHOICE,
            next=ids[i + 1] if i + 1 < len(ids) else None,
            choices=tuple(Choice(o.id, o.label, o.words) for o in q.options),
        )
        for i, q in enumerate(finder.questions)
    )
    return Flow(finder.flow_name, steps)


def starts(finder: Finder, text: str) -> bool:
    """Whether the shopper's message asks for this finder."""
    padded = f" {fold_without_accents(text)} "
    return any(f" {phrase} " in padded for phrase in finder.starts)


def prefill(finder: Finder, text: str) -> dict[str, str]:
    """Answers the first message already gives: "... zu meiner Siebträgermaschine" -> espresso.
    An option counts when one of its words is in the text and no other option's is."""
    words = set(fold_without_accents(text).split())
    answers: dict[str, str] = {}
    for question in finder.questions:
        hits = [o for o in question.options if o.id != ANY and words & set(o.words)]
        if len(hits) == 1:
            answers[question.id] = hits[0].id
    return answers


# -- recommendations ----------------------------------------------------------------------


def recommend(
    finder: Finder,
    answers: Mapping[str, object],
    items: Sequence[FinderItem],
    limit: int = 3,
) -> list[Recommendation]:
    """The category's available products that meet the most wishes, best rated and then
    cheapest first; exact matches only when there are any."""
    wishes = [
        option
        for q in finder.questions
        if (option := q.option(answers.get(q.id))) is not None and option.match is not None
    ]
    scored: list[tuple[int, Decimal, Decimal, str, FinderItem, list[Option]]] = []
    for item in items:
        if item.category != finder.category or not item.available:
            continue
        met = [w for w in wishes if w.match is not None and w.match.holds(item)]
        rating = item.rating if item.rating is not None else Decimal(0)
        scored.append((-len(met), -rating, item.price, item.sku, item, met))
    scored.sort(key=lambda row: row[:4])
    if not scored:
        return []
    best = -scored[0][0]
    chosen = [row for row in scored if -row[0] == best][:limit]
    return [
        Recommendation(item.sku, _reason(finder, item, met), best == len(wishes))
        for *_, item, met in chosen
    ]


def _reason(finder: Finder, item: FinderItem, met: list[Option]) -> Text:
    """ "passt zu Siebträgern, Handmühle: stufenlose Mahlgradeinstellung, Edelstahl-Mahlwerk" """
    because = [o.reason for o in met if o.reason is not None]
    strengths: list[Text] = []
    for attribute, texts in finder.highlights.items():
        have = item.attributes.get(attribute)
        values = have if isinstance(have, list | tuple) else [have]
        strengths.extend(texts[v] for v in values if isinstance(v, str) and v in texts)
    first = Text.join(because, sep=", ")
    second = Text.join(strengths, sep=", ")
    if first is not None and second is not None:
        return Text(de=f"{first.de}: {second.de}", en=f"{first.en}: {second.en}")
    return first or second or finder.title

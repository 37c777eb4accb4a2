"""Grouping the questions the assistant could not answer, so an editor sees what to write next:
"Versand nach Italien?" asked 14 times in six wordings is one line, not fourteen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge_base.articles import Lang
from knowledge_base.normalize import STOP_WORDS, stem, words

#: How alike (rapidfuzz token_set_ratio over stems without stop words, 0..100) two questions
#: must be to share a cluster.
SIMILARITY = 75.0


@dataclass(frozen=True, slots=True)
class Wording:
    """One distinct way a question was typed, in the language it was asked in."""

    text: str
    lang: Lang
    count: int


@dataclass(frozen=True, slots=True)
class Cluster:
    #: The most frequent wording in the cluster.
    label: str
    count: int
    langs: tuple[Lang, ...]
    #: Distinct wordings, most frequent first (at most ``examples`` of them).
    examples: tuple[str, ...]
    #: Every distinct wording with its language and count, most frequent first: what an
    #: editor turns into an article's question and phrasings.
    wordings: tuple[Wording, ...] = ()

    @property
    def lang(self) -> Lang:
        """The language of the leading wording (the one an article would be written in)."""
        return self.wordings[0].lang if self.wordings else self.langs[0]


def _key(text: str, lang: Lang) -> str:
    kept = [w for w in words(text) if w not in STOP_WORDS[lang]] or words(text)
    return " ".join(sorted({stem(w, lang) for w in kept}))


def cluster_questions(
    questions: Iterable[tuple[str, Lang]], *, similarity: float = SIMILARITY, examples: int = 5
) -> list[Cluster]:
    """Biggest clusters first. Each distinct wording joins the first cluster (in order of
    size) whose leading wording it resembles, or starts a new one; the result does not depend
    on the order of ``questions``."""
    counts: Counter[tuple[str, Lang]] = Counter(
        (" ".join(text.split()), lang) for text, lang in questions if text.strip()
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    leaders: list[str] = []
    members: list[list[tuple[str, Lang, int]]] = []
    for (text, lang), count in ordered:
        key = _key(text, lang)
        hit = (
            process.extractOne(
                key, leaders, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=similarity
            )
            if key
            else None
        )
        if hit is None:
            leaders.append(key)
            members.append([(text, lang, count)])
        else:
            members[hit[2]].append((text, lang, count))
    clusters = [
        Cluster(
            label=group[0][0],
            count=sum(c for _, _, c in group),
            langs=tuple(sorted({lang for _, lang, _ in group})),
            examples=tuple(t for t, _, _ in group[:examples]),
            wordings=tuple(Wording(t, lang, c) for t, lang, c in group),
        )
        for group in members
    ]
    return sorted(clusters, key=lambda c: (-c.count, c.label))

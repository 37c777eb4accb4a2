"""The words an index knows, kept up to date article by article, for the two lookups that
depend on them: typo correction (a deletion index, as in SymSpell: one dictionary lookup per
deletion of the typed word instead of a scan over the vocabulary) and German compounds
("Versandkosten" for "Versand" or "Kosten").

Everything is reference-counted per article, so adding and removing articles in any order
leaves the same state as building from scratch.
"""

from __future__ import annotations

from rapidfuzz import fuzz

MIN_TYPO_LEN = 4
MIN_COMPOUND_LEN = 8
MIN_PART_LEN = 4
#: Typed and known word must be this similar (rapidfuzz ratio, 0..100) to count as a typo.
TYPO_SIMILARITY = 80.0


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _parts(word: str) -> set[str]:
    """Prefixes and suffixes a compound may be searched by: "versandkosten" -> "versand",
    "kosten", ... (both sides at least four letters)."""
    n = len(word)
    out: set[str] = set()
    for i in range(MIN_PART_LEN, n - MIN_PART_LEN + 1):
        out.add(word[:i])
        out.add(word[i:])
    return out


class Vocabulary:
    def __init__(self, *, compounds: bool) -> None:
        self._counts: dict[str, int] = {}
        self._deletes: dict[str, set[str]] = {}
        self._compounds = compounds
        self._parts: dict[str, set[str]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._counts

    def add(self, word: str) -> None:
        count = self._counts.get(word, 0)
        self._counts[word] = count + 1
        if count:
            return
        if _typo_candidate(word):
            for key in _deletions(word) | {word}:
                self._deletes.setdefault(key, set()).add(word)
        if self._compounds and word.isalpha() and len(word) >= MIN_COMPOUND_LEN:
            for part in _parts(word):
                self._parts.setdefault(part, set()).add(word)

    def remove(self, word: str) -> None:
        count = self._counts.get(word, 0)
        if count > 1:
            self._counts[word] = count - 1
            return
        self._counts.pop(word, None)
        if _typo_candidate(word):
            for key in _deletions(word) | {word}:
                _discard(self._deletes, key, word)
        if self._compounds and word.isalpha() and len(word) >= MIN_COMPOUND_LEN:
            for part in _parts(word):
                _discard(self._parts, part, word)

    def corrections(self, word: str, limit: int = 2) -> list[tuple[str, float]]:
        """Known words one edit away from an unknown ``word``, with their similarity (0..1)."""
        if not _typo_candidate(word):
            return []
        found: set[str] = set()
        for key in _deletions(word) | {word}:
            found.update(self._deletes.get(key, ()))
        scored = [(fuzz.ratio(word, w), w) for w in found if w != word]
        best = sorted(
            ((s, w) for s, w in scored if s >= TYPO_SIMILARITY),
            key=lambda sw: (-sw[0], -self._counts[sw[1]], sw[1]),
        )
        return [(w, s / 100) for s, w in best[:limit]]

    def compounds_with(self, part: str, limit: int = 5) -> list[str]:
        """Known compounds that begin or end with ``part`` (German only)."""
        found = self._parts.get(part)
        if not found:
            return []
        return sorted(found - {part}, key=lambda w: (-self._counts[w], w))[:limit]


def _typo_candidate(word: str) -> bool:
    return len(word) >= MIN_TYPO_LEN and word.isalpha()


def _discard(index: dict[str, set[str]], key: str, word: str) -> None:
    bucket = index.get(key)
    if bucket is None:
        return
    bucket.discard(word)
    if not bucket:
        del index[key]

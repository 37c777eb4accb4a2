"""Bilingual text, the one type for it: both languages are constructor arguments, so a missing
translation fails at import. ``flows`` is pure, so it lives here; the application imports it
as ``assistant.i18n.L10n``."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True, slots=True)
class Text:
    de: str
    en: str

    def __post_init__(self) -> None:
        if not self.de.strip() or not self.en.strip():
            raise ValueError(f"both languages are required: {self!r}")

    def get(self, lang: str, /, **params: object) -> str:
        text = self.en if lang == "en" else self.de
        return text.format(**params) if params else text

    def format(self, **params: object) -> Text:
        return Text(de=self.de.format(**params), en=self.en.format(**params))

    @staticmethod
    def join(parts: Iterable[Text | None], sep: str = "\n") -> Text | None:
        """The parts joined in each language (``None`` parts left out), or ``None``."""
        present = [p for p in parts if p is not None]
        if not present:
            return None
        return Text(de=sep.join(p.de for p in present), en=sep.join(p.en for p in present))

    @staticmethod
    def same(text: str) -> Text:
        """A text that reads the same in both languages (a name, a number, an address)."""
        return Text(de=text, en=text)


def fold_without_accents(text: str) -> str:
    """Lower case, umlauts as ae/oe/ue/ss, accents dropped, punctuation as single spaces: the
    form in which shopper input is compared with choices and keywords ("Creme" finds "Crème").
    ``knowledge_base.normalize.fold`` is the same but keeps accents, for its stemmers."""
    lowered = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in plain)
    return " ".join(cleaned.split())

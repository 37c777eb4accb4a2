"""German and English side by side: every text a shopper or agent reads is an :class:`L10n`.

Making both languages constructor arguments means a missing translation is a ``TypeError`` at
import time rather than an English sentence on a German shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Locale = Literal["de", "en"]
LOCALES: tuple[Locale, ...] = ("de", "en")
DEFAULT_LOCALE: Locale = "de"


@dataclass(frozen=True, slots=True)
class L10n:
    de: str
    en: str

    def __post_init__(self) -> None:
        if not self.de.strip() or not self.en.strip():
            raise ValueError(f"both languages are required: {self!r}")

    def get(self, locale: str, **params: object) -> str:
        text = self.en if locale == "en" else self.de
        return text.format(**params) if params else text


def pick_locale(raw: str | None, default: Locale = DEFAULT_LOCALE) -> Locale:
    """Map a page or browser language tag ("de-AT", "en_GB", "EN") onto a supported locale."""
    if not raw:
        return default
    primary = raw.replace("_", "-").split("-", 1)[0].strip().lower()
    if primary == "de":
        return "de"
    if primary == "en":
        return "en"
    return default

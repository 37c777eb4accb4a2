"""German and English side by side: every text a shopper or agent reads is an :class:`L10n`.

Making both languages constructor arguments means a missing translation is a ``TypeError`` at
import time rather than an English sentence on a German shop.
"""

from __future__ import annotations

from typing import Literal

from flows.text import Text

Locale = Literal["de", "en"]
LOCALES: tuple[Locale, ...] = ("de", "en")
DEFAULT_LOCALE: Locale = "de"


#: The one bilingual text type, defined in the pure ``flows`` library (which cannot import
#: ``assistant``) and named ``L10n`` here, where the application's texts import it from.
L10n = Text


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

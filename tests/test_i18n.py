from __future__ import annotations

import pytest

from assistant.i18n import L10n, pick_locale


def test_both_languages_are_required() -> None:
    with pytest.raises(ValueError):
        L10n(de="Hallo", en="")


def test_pick_locale() -> None:
    assert pick_locale("de-AT") == "de"
    assert pick_locale("en_GB") == "en"
    assert pick_locale("fr") == "de"
    assert pick_locale(None, "en") == "en"


def test_format() -> None:
    text = L10n(de="Hallo {name}", en="Hello {name}")
    assert text.get("en", name="Anna") == "Hello Anna"
    assert text.get("de", name="Anna") == "Hallo Anna"


def test_any_parameter_name_can_be_filled_in() -> None:
    """``lang`` and ``locale`` are placeholders like any other (the console's notices use them)."""
    text = L10n(de="Auf {lang} gespeichert ({locale})", en="Saved in {lang} ({locale})")
    assert text.get("en", lang="German", locale="de") == "Saved in German (de)"
    assert text.get("de", lang="Deutsch", locale="de") == "Auf Deutsch gespeichert (de)"

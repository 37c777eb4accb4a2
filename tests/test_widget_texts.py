"""Every text the widget shows exists in German and in English: a key missing in one language
showed English shoppers blank "Was this helpful?" buttons labelled "undefined"."""

from __future__ import annotations

import re

from tests.paths import ROOT

WIDGET = ROOT / "web" / "static" / "widget.js"
_KEY = re.compile(r"(\w+):\s*\"")


def _texts() -> dict[str, set[str]]:
    source = WIDGET.read_text(encoding="utf-8")
    block = source[source.index("var T = {") : source.index("var lang = pageLang();")]
    de, en = block.split("\n    en: {", 1)
    return {"de": set(_KEY.findall(de.split("de: {", 1)[1])), "en": set(_KEY.findall(en))}


def _used() -> set[str]:
    """The keys the widget asks for: ``t("key")``, and ``t("ph_" + kind)`` per input kind."""
    source = WIDGET.read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\(\"(\w+)\"\)", source))
    kinds = re.search(r"var HINTS = \{(.*?)\n  \};", source, re.S)
    assert kinds is not None
    used |= {"ph_" + kind for kind in re.findall(r"^\s*(\w+): \{", kinds.group(1), re.M)}
    return used


def test_every_widget_text_exists_in_both_languages() -> None:
    texts = _texts()
    assert len(texts["de"]) > 40
    assert sorted(texts["de"] - texts["en"]) == []
    assert sorted(texts["en"] - texts["de"]) == []


def test_every_text_the_widget_uses_is_defined() -> None:
    assert sorted(_used() - _texts()["de"]) == []

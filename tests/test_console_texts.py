"""Every console text exists in both languages with the same placeholders, and every key the
templates use is in the catalog."""

from __future__ import annotations

import re
import string
from pathlib import Path

from assistant.support.desk import CLOSE_REASONS
from assistant.support.inbox import FILTERS
from assistant.support.kb_listing import STATES
from knowledge_base import Decision
from web.console.kb import DONE
from web.console.texts import TEXT

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates" / "console"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_placeholders_match_in_both_languages() -> None:
    for key, text in TEXT.items():
        assert _fields(text.de) == _fields(text.en), key


def test_every_key_used_by_a_template_exists() -> None:
    used: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+)'(?! ~)", path.read_text()))
    assert used, "no t('...') calls found"
    assert sorted(used - set(TEXT)) == []


def test_every_generated_key_exists() -> None:
    families = {
        "f_": FILTERS,
        "s_": ("bot", "waiting", "agent", "closed"),
        "r_": CLOSE_REASONS,
        "a_": ("shopper", "bot", "agent", "system"),
        "faq_": ("answer", "suggest", "fallback"),
        "st_": ("awareness", "engagement", "conversion", "retention", "advocacy", "at_risk"),
        "kb_d_": tuple(Decision),
        "kb_x_": tuple(Decision),
        "kb_state_": STATES,
        "kb_done_": DONE,
    }
    for prefix, values in families.items():
        for value in values:
            assert f"{prefix}{value}" in TEXT, f"{prefix}{value}"

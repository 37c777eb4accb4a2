"""The starter FAQ every new shop can import (``shopassist kb import --starter``): the 28
questions every shop gets (shipping, returns, payment, vouchers, contact, privacy) in German
and English, kept as data in ``data/starter.json``. Shop-specific facts are placeholders in
double brackets, ``[[4,90 €]]``, with a typical value inside, for the owner to check and edit;
:func:`placeholders` finds the ones left."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.faq.articles import read_articles
from knowledge_base import Article

STARTER_FAQ = Path(__file__).resolve().parent / "data" / "starter.json"
PLACEHOLDER = re.compile(r"\[\[(.+?)\]\]", re.S)


def starter_articles() -> list[Article]:
    return read_articles(STARTER_FAQ)


def placeholders(answer: str) -> list[str]:
    """The placeholders an answer still holds (their example values)."""
    return PLACEHOLDER.findall(answer)

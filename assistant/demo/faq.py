"""The demo shop's FAQ ("Bohne & Becher", coffee and tea equipment, 49 topics in German and
English): a data file read the way ``shopassist kb import`` reads a real shop's.

The facts the articles share: Germany with DHL in 1-3 working days, 4.90 EUR, free from 49 EUR,
same-day dispatch before 2 pm; Austria 3-5 days, 6.90 EUR, free from 79 EUR; Switzerland 4-7
days, 14.90 EUR, free from 149 EUR, customs handled by the shop up to CHF 300; express (Germany
only) 9.90 EUR, order by noon; returns within 30 days, free from Germany; refunds within 5
working days; two years' warranty, repair workshop in Hamburg; service Mon-Fri 9-18 and Sat
10-14, shop with click & collect at Schanzenstrasse 27, Hamburg.
"""

from __future__ import annotations

from pathlib import Path

from assistant.faq.articles import read_articles
from knowledge_base import Article

DEMO_FAQ = Path(__file__).parent / "data" / "faq.json"


def demo_articles() -> list[Article]:
    """All demo articles, German and English, in the file's order."""
    return read_articles(DEMO_FAQ)

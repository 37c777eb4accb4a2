"""The demo shop's catalog: a data file in the project's bilingual catalog format, loaded
through the same import path a real shop's catalog takes (:mod:`assistant.products`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.products.bilingual import parse_bilingual
from assistant.products.entries import Catalog, CatalogEntry

CATALOG_FILE = Path(__file__).parent / "data" / "catalog.json"


@lru_cache(maxsize=1)
def demo_catalog() -> Catalog:
    catalog = parse_bilingual(CATALOG_FILE.read_bytes())
    if catalog.errors:  # the file ships with the code: a broken one is a bug
        raise ValueError(f"{CATALOG_FILE}: {'; '.join(map(str, catalog.errors))}")
    return catalog


def demo_products() -> tuple[CatalogEntry, ...]:
    return demo_catalog().products

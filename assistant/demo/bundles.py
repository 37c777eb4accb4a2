"""The demo shop's curated bundles: sets built around a lead product (listed first), cheaper
as a complete set."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class DemoBundle:
    slug: str
    title_de: str
    title_en: str
    skus: tuple[str, ...]
    discount_pct: Decimal


BUNDLES: tuple[DemoBundle, ...] = (
    DemoBundle(
        slug="espresso-starter",
        title_de="Espresso-Starterset",
        title_en="Espresso starter set",
        skus=("MACH-001", "ACC-001", "ACC-004", "BEAN-001"),
        discount_pct=Decimal("10"),
    ),
    DemoBundle(
        slug="pour-over-set",
        title_de="Pour-Over-Set für Einsteiger",
        title_en="Pour-over starter set",
        skus=("FILT-002", "FILT-004", "FILT-005", "BEAN-005"),
        discount_pct=Decimal("12"),
    ),
    DemoBundle(
        slug="tea-time",
        title_de="Teestunde: Kanne, Tee und Gläser",
        title_en="Tea time: pot, tea and glasses",
        skus=("TEA-002", "TEA-004", "TEA-009", "CUP-008"),
        discount_pct=Decimal("10"),
    ),
    DemoBundle(
        slug="bean-to-cup-care",
        title_de="Vollautomat mit Pflegeset",
        title_en="Bean-to-cup machine with care kit",
        skus=("MACH-006", "CARE-001", "CARE-004", "CARE-008"),
        discount_pct=Decimal("8"),
    ),
    DemoBundle(
        slug="latte-art",
        title_de="Latte-Art-Set",
        title_en="Latte art set",
        skus=("ACC-005", "CUP-003", "BEAN-002"),
        discount_pct=Decimal("5"),
    ),
)

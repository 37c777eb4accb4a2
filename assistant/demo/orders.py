"""Generated order history for the demo shop, so its mined pairs suggest something sensible.

Deterministic (a seeded generator): each order follows a shopping mission (setting up espresso,
pour-over, tea, refilling beans, cleaning the machine, ...) that buys a main product and, each
with its own probability, the things people buy with it; a little noise adds unrelated
products, as real baskets have.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.bundles.orders import Line, Order
from assistant.demo.products import demo_products

#: (probability, SKUs to pick one from, how many to pick at most)
Step = tuple[float, tuple[str, ...], int]

ESPRESSO_BEANS = ("BEAN-001", "BEAN-002", "BEAN-003", "BEAN-008", "BEAN-010")
FILTER_BEANS = ("BEAN-004", "BEAN-005", "BEAN-006", "BEAN-009")
LOOSE_TEA = ("TEA-004", "TEA-005", "TEA-007", "TEA-008")


@dataclass(frozen=True, slots=True)
class Mission:
    name: str
    weight: int
    steps: tuple[Step, ...]


MISSIONS: tuple[Mission, ...] = (
    Mission(
        "espresso setup",
        14,
        (
            (1.0, ("MACH-001", "MACH-001", "MACH-002", "MACH-003", "MACH-004", "MACH-008"), 1),
            (0.6, ("ACC-001", "ACC-002", "ACC-003"), 1),
            (0.45, ("ACC-004", "ACC-005", "ACC-006"), 1),
            (0.7, ESPRESSO_BEANS[:3], 2),
            (0.35, ("ACC-010",), 1),
            (0.3, ("CARE-002",), 1),
            (0.25, ("CARE-005",), 1),
            (0.3, ("CUP-001", "CUP-003"), 1),
            (0.25, ("GRND-005", "GRND-006"), 1),
            (0.25, ("ACC-007", "ACC-008", "ACC-009"), 1),
            (0.2, ("ACC-011",), 1),
            (0.15, ("ACC-012",), 1),
        ),
    ),
    Mission(
        "espresso refill",
        18,
        (
            (1.0, ESPRESSO_BEANS, 2),
            (0.2, ("CARE-002",), 1),
            (0.15, ("CARE-001",), 1),
            (0.1, ("CUP-003", "CUP-005"), 1),
        ),
    ),
    Mission(
        "bean-to-cup",
        8,
        (
            (1.0, ("MACH-005", "MACH-006", "MACH-007"), 1),
            (0.6, ("CARE-001",), 1),
            (0.5, ("CARE-008",), 1),
            (0.45, ("CARE-004",), 1),
            (0.6, ("BEAN-001", "BEAN-010"), 1),
            (0.3, ("CUP-004",), 1),
        ),
    ),
    Mission(
        "pour-over",
        14,
        (
            (1.0, ("FILT-001", "FILT-002", "FILT-003", "FILT-010"), 1),
            (0.9, ("FILT-004",), 1),
            (0.45, ("FILT-005", "FILT-006", "FILT-007"), 1),
            (0.35, ("ACC-007", "ACC-008"), 1),
            (0.7, FILTER_BEANS, 2),
            (0.3, ("FILT-013",), 1),
            (0.25, ("GRND-001", "GRND-002"), 1),
            (0.2, ("CUP-006",), 1),
        ),
    ),
    Mission(
        "filter refill",
        12,
        ((1.0, (*FILTER_BEANS, "BEAN-007"), 2), (0.5, ("FILT-004",), 1)),
    ),
    Mission(
        "french press",
        5,
        (
            (1.0, ("FILT-008", "FILT-009"), 1),
            (0.6, ("BEAN-004", "BEAN-009"), 1),
            (0.2, ("GRND-001",), 1),
            (0.2, ("CUP-006",), 1),
        ),
    ),
    Mission(
        "grinder",
        7,
        (
            (1.0, ("GRND-004", "GRND-005", "GRND-006", "GRND-007", "GRND-002", "GRND-003"), 1),
            (0.45, ("CARE-003",), 1),
            (0.4, ("CARE-010",), 1),
            (0.5, ESPRESSO_BEANS + FILTER_BEANS, 1),
            (0.25, ("ACC-013",), 1),
        ),
    ),
    Mission(
        "tea",
        12,
        (
            (0.7, ("TEA-001", "TEA-002", "TEA-003"), 1),
            (1.0, LOOSE_TEA, 2),
            (0.55, ("TEA-009",), 1),
            (0.3, ("CUP-008",), 1),
            (0.1, ("FILT-007",), 1),
        ),
    ),
    Mission("tea refill", 8, ((1.0, (*LOOSE_TEA, "TEA-006"), 3), (0.2, ("TEA-009",), 1))),
    Mission(
        "cold brew",
        3,
        ((1.0, ("FILT-012",), 1), (0.6, ("BEAN-005", "BEAN-009"), 1), (0.3, ("CUP-007",), 1)),
    ),
    Mission(
        "matcha",
        3,
        ((1.0, ("TEA-010",), 1), (0.4, ("TEA-005",), 1), (0.3, ("CUP-008",), 1)),
    ),
    Mission(
        "travel",
        3,
        (
            (1.0, ("GRND-008",), 1),
            (0.6, ("CUP-007",), 1),
            (0.3, ("FILT-008",), 1),
            (0.4, ("BEAN-005",), 1),
        ),
    ),
    Mission(
        "gift",
        4,
        ((1.0, ("CUP-001", "CUP-002"), 1), (0.5, ESPRESSO_BEANS, 1), (0.3, ("ACC-013",), 1)),
    ),
    Mission(
        "machine care",
        6,
        (
            (1.0, ("CARE-002", "CARE-009"), 1),
            (0.5, ("CARE-006",), 1),
            (0.3, ("CARE-007",), 1),
            (0.4, ("CARE-005",), 1),
            (0.3, ("CARE-001",), 1),
        ),
    ),
)
NOISE = 0.15


def demo_orders(*, end: datetime, count: int = 1600, seed: int = 7) -> list[Order]:
    """``count`` orders spread over the 180 days before ``end``, about 600 customers."""
    rng = random.Random(seed)
    prices = {p.sku: p.price for p in demo_products()}
    skus = sorted(prices)
    weights = [m.weight for m in MISSIONS]
    orders = []
    for number in range(1, count + 1):
        mission = rng.choices(MISSIONS, weights)[0]
        order = Order(
            external_id=f"DEMO-{number:05d}",
            customer_id=f"demo-customer-{rng.randrange(600):03d}",
            ordered_at=end - timedelta(minutes=rng.randrange(180 * 24 * 60)),
        )
        for probability, choices, most in mission.steps:
            if rng.random() < probability:
                for sku in rng.sample(choices, rng.randint(1, min(most, len(choices)))):
                    order.add(Line(sku, 1, prices[sku]))
        if rng.random() < NOISE:
            sku = rng.choice(skus)
            order.add(Line(sku, 1, prices[sku]))
        orders.append(order)
    return orders

"""The pure ranking: pair statistics, the filters (in cart, out of stock, declined), curated
bundles with discounts, up- and down-sell, and that it stays free of I/O."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.bundles.ranking import (
    CoPurchases,
    CuratedBundle,
    Item,
    Kind,
    Request,
    Strategy,
    fit,
    suggest,
)

D = Decimal
CATALOG = {
    i.sku: i
    for i in (
        Item("MACHINE-1", D("249.00"), tier=1, family="machine"),
        Item("MACHINE-2", D("549.00"), tier=2, family="machine"),
        Item("MACHINE-3", D("1390.00"), tier=3, family="machine"),
        Item("TAMPER", D("14.90")),
        Item("JUG", D("12.90")),
        Item("BEANS", D("11.90")),
        Item("CUPS", D("19.90")),
        Item("DESCALER", D("9.90"), in_stock=False),
        Item("KETTLE", D("34.90")),
        Item("FILTERS", D("5.90")),
    )
}
HISTORY = [
    ["MACHINE-1", "TAMPER", "BEANS"],
    ["MACHINE-1", "TAMPER", "JUG"],
    ["MACHINE-1", "TAMPER", "DESCALER"],
    ["MACHINE-1", "DESCALER", "BEANS"],
    ["MACHINE-2", "TAMPER", "CUPS"],
    ["BEANS", "CUPS"],
    ["BEANS", "CUPS"],
    ["KETTLE", "FILTERS"],
    ["KETTLE", "FILTERS"],
    ["BEANS"],
]


def _counts(baskets: list[list[str]] = HISTORY) -> CoPurchases:
    counts = CoPurchases()
    for basket in baskets:
        counts.add(basket)
    return counts


def _skus(found: list) -> list[str]:
    return [s for f in found for s in f.skus]


def test_pair_statistics_by_hand() -> None:
    counts = _counts()
    # 10 baskets; MACHINE-1 in 4, TAMPER in 4, both in 3.
    stats = counts.pair("MACHINE-1", "TAMPER")
    assert stats.count == 3
    assert stats.support == pytest.approx(3 / 10)
    assert stats.confidence == pytest.approx(3 / 4)
    assert stats.lift == pytest.approx((3 / 4) / (4 / 10))  # 1.875
    # BEANS in 5 baskets, with CUPS in 2 of them; CUPS in 3.
    assert counts.pair("BEANS", "CUPS").confidence == pytest.approx(2 / 5)
    assert counts.pair("CUPS", "BEANS").lift == pytest.approx((2 / 3) / (5 / 10))
    assert counts.pair("KETTLE", "MACHINE-1").count == 0
    # A product twice in one basket counts once.
    twice = _counts([["A", "A", "B"]])
    assert twice.items["A"] == 1 and twice.together("A", "B") == 1


def test_incremental_counts_equal_a_rebuild() -> None:
    incremental = _counts(HISTORY[:4])
    snapshot = incremental.copy()
    for basket in HISTORY[4:]:
        incremental.add(basket)
    rebuilt = _counts()
    assert incremental.items == rebuilt.items and incremental.baskets == rebuilt.baskets
    for a in rebuilt.items:
        assert dict(incremental.partners(a)) == dict(rebuilt.partners(a))
    assert snapshot.baskets == 4  # the copy did not move


def test_cross_sell_has_a_reason_and_skips_cart_stock_and_declines() -> None:
    model = fit(_counts())
    found = suggest(
        Request(cart=("MACHINE-1",), kinds=frozenset({Kind.CROSS_SELL})), CATALOG, model
    )
    skus = _skus(found)
    assert skus[0] == "TAMPER"
    assert found[0].because == "MACHINE-1"
    assert found[0].pair is not None and found[0].pair.confidence == pytest.approx(3 / 4)
    assert "MACHINE-1" not in skus  # in the cart
    assert "DESCALER" not in skus  # bought with it twice, but out of stock
    assert "MACHINE-2" not in skus  # same family: an alternative, not a companion
    declined = suggest(
        Request(
            cart=("MACHINE-1",),
            declined=frozenset({"product:TAMPER"}),
            kinds=frozenset({Kind.CROSS_SELL}),
        ),
        CATALOG,
        model,
    )
    assert "TAMPER" not in _skus(declined)
    assert _skus(declined)  # the rest is still offered


def test_a_pair_below_min_support_is_no_reason() -> None:
    counts = _counts()
    strict = fit(counts, min_support=3)
    found = suggest(
        Request(cart=("MACHINE-1",), kinds=frozenset({Kind.CROSS_SELL})), CATALOG, strict
    )
    assert _skus(found) == ["TAMPER"]  # only MACHINE-1 + TAMPER was bought together 3 times


def test_both_strategies_rank_from_the_same_counts() -> None:
    model = fit(_counts())
    for strategy in Strategy:
        found = suggest(
            Request(cart=("KETTLE",), strategy=strategy, kinds=frozenset({Kind.CROSS_SELL})),
            CATALOG,
            model,
        )
        assert _skus(found) == ["FILTERS"]


BUNDLES = [
    CuratedBundle("starter", ("MACHINE-1", "TAMPER", "JUG", "BEANS"), D("10")),
    CuratedBundle("coffee-break", ("BEANS", "CUPS"), D("0")),
    CuratedBundle("care", ("MACHINE-1", "DESCALER"), D("5")),
]


def test_curated_bundle_with_discount_fits_by_its_lead_product() -> None:
    found = suggest(Request(cart=("MACHINE-1",)), CATALOG, fit(_counts()), BUNDLES)
    assert found[0].kind is Kind.BUNDLE and found[0].key == "bundle:starter"
    assert found[0].skus == ("TAMPER", "JUG", "BEANS")  # what accepting adds
    regular = BUNDLES[0].regular(CATALOG)
    assert regular == D("288.70")  # 249.00 + 14.90 + 12.90 + 11.90
    # "care" has the lead too, but its descaler is sold out: never offered.
    assert "bundle:care" not in [f.key for f in found]
    # Only one set per answer, so the rest is room for other offers.
    assert [f.kind for f in found].count(Kind.BUNDLE) == 1


def test_bundle_needs_its_lead_or_two_items_and_is_never_offered_once_declined() -> None:
    model = fit(_counts())
    only_beans = suggest(Request(cart=("BEANS",)), CATALOG, model, BUNDLES[:1])
    assert "bundle:starter" not in [f.key for f in only_beans]
    two = suggest(Request(cart=("TAMPER", "JUG")), CATALOG, model, BUNDLES[:1])
    assert two[0].key == "bundle:starter" and two[0].skus == ("MACHINE-1", "BEANS")
    declined = suggest(
        Request(cart=("MACHINE-1",), declined=frozenset({"bundle:starter"})),
        CATALOG,
        model,
        BUNDLES,
    )
    assert "bundle:starter" not in [f.key for f in declined]
    # A declined product also keeps away every set that would add it.
    without_jug = suggest(
        Request(cart=("MACHINE-1",), declined=frozenset({"product:JUG"})), CATALOG, model, BUNDLES
    )
    assert "bundle:starter" not in [f.key for f in without_jug]
    complete = suggest(
        Request(cart=("MACHINE-1", "TAMPER", "JUG", "BEANS")), CATALOG, model, BUNDLES[:1]
    )
    assert "bundle:starter" not in [f.key for f in complete]


def test_asked_with_an_empty_cart_offers_sets_without_an_anchor() -> None:
    found = suggest(Request(cart=(), unanchored_bundles=True), CATALOG, fit(_counts()), BUNDLES)
    assert [f.key for f in found if f.kind is Kind.BUNDLE] == ["bundle:starter"]
    assert found[0].because is None


def test_up_sell_is_the_next_tier_and_down_sell_only_on_price_doubts() -> None:
    model = fit(_counts())
    up = suggest(Request(cart=("MACHINE-1",), kinds=frozenset({Kind.UP_SELL})), CATALOG, model)
    assert [(f.kind, f.skus, f.replaces) for f in up] == [
        (Kind.UP_SELL, ("MACHINE-2",), "MACHINE-1")
    ]
    # 1390 is more than 2.5 times 549: too big a step to suggest.
    assert (
        suggest(Request(cart=("MACHINE-2",), kinds=frozenset({Kind.UP_SELL})), CATALOG, model) == []
    )
    down = suggest(Request(cart=("MACHINE-3",), hesitant=True), CATALOG, model, BUNDLES)
    assert [(f.kind, f.skus, f.replaces) for f in down] == [
        (Kind.DOWN_SELL, ("MACHINE-2",), "MACHINE-3")
    ]
    not_in_stock = dict(CATALOG)
    not_in_stock["MACHINE-2"] = Item(
        "MACHINE-2", D("549.00"), in_stock=False, tier=2, family="machine"
    )
    down = suggest(Request(cart=("MACHINE-3",), hesitant=True), not_in_stock, model)
    assert [f.skus for f in down] == [("MACHINE-1",)]
    assert suggest(Request(cart=("MACHINE-1",), hesitant=True), CATALOG, model) == []


def test_limit_and_nothing_suggested_twice() -> None:
    model = fit(_counts())
    found = suggest(Request(cart=("MACHINE-1",), limit=3), CATALOG, model, BUNDLES)
    # The set already adds TAMPER, JUG and BEANS, DESCALER is sold out: two offers are left.
    assert [f.key for f in found] == ["bundle:starter", "product:MACHINE-2"]
    assert len(suggest(Request(cart=("MACHINE-1",), limit=1), CATALOG, model, BUNDLES)) == 1
    assert suggest(Request(cart=("MACHINE-1",), limit=0), CATALOG, fit(_counts()), BUNDLES) == []
    assert suggest(Request(cart=("UNKNOWN",)), CATALOG, fit(CoPurchases()), BUNDLES) == []


def test_ranking_is_pure() -> None:
    source = Path(__file__).resolve().parent.parent / "assistant" / "bundles" / "ranking.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            imported.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {
        "__future__",
        "collections",
        "dataclasses",
        "decimal",
        "enum",
        "itertools",
        "numpy",
    }

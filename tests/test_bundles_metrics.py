"""The attach-rate metric and the A/B statistics against numbers computed by hand."""

from __future__ import annotations

import math

import pytest

from assistant.bundles.metrics import EventRow, Rate, compare, funnels, variants, wilson
from assistant.lifecycle.experiments import EXPERIMENTS, active, assign, variant, with_experiment


def test_wilson_interval_by_hand() -> None:
    # 30 of 200, z = 1.96: centre (0.15 + 1.96²/400) / (1 + 1.96²/200) = 0.15660,
    # half-width 1.96 * sqrt(0.15*0.85/200 + 1.96²/160000) / 1.019207 = 0.04946.
    low, high = wilson(30, 200)  # type: ignore[misc]
    assert low == pytest.approx(0.10714, abs=1e-4)
    assert high == pytest.approx(0.20606, abs=1e-4)
    # Nothing happened yet: no interval; nothing accepted: the interval still has width.
    assert wilson(0, 0) is None
    assert wilson(0, 10) == (0.0, pytest.approx(0.27753, abs=1e-4))
    assert Rate(0, 0).value is None and Rate(3, 4).value == 0.75


def test_two_proportion_z_test_by_hand() -> None:
    # A 30/200 = 0.15, B 50/200 = 0.25; pooled 80/400 = 0.2,
    # se = sqrt(0.2 * 0.8 * (1/200 + 1/200)) = 0.04, z = 0.10 / 0.04 = 2.5,
    # p = 2 * (1 - Phi(2.5)) = 0.012419; Wald se = sqrt(.15*.85/200 + .25*.75/200) = 0.039686.
    result = compare(Rate(30, 200), Rate(50, 200))
    assert result is not None
    assert result.difference == pytest.approx(0.10)
    assert result.z == pytest.approx(2.5)
    assert result.p_value == pytest.approx(0.012419, abs=1e-6)
    assert result.significant
    assert result.interval[0] == pytest.approx(0.10 - 1.959964 * 0.039686, abs=1e-5)
    assert result.interval[1] == pytest.approx(0.10 + 1.959964 * 0.039686, abs=1e-5)
    # 15/100 against 18/100: z = 0.03 / sqrt(0.165 * 0.835 * 0.02) = 0.5714, p = 0.5677.
    close = compare(Rate(15, 100), Rate(18, 100))
    assert close is not None and not close.significant
    assert close.z == pytest.approx(0.03 / math.sqrt(0.165 * 0.835 * 0.02))
    assert close.p_value == pytest.approx(0.5677, abs=1e-4)
    assert compare(Rate(0, 0), Rate(1, 2)) is None
    assert compare(Rate(0, 10), Rate(0, 10)) is None  # nothing varies


def _row(type_: str, conversation: str, offer: str = "", customer: str | None = None) -> EventRow:
    props = {"bundle": offer} if offer else {"order_id": "x"}
    return EventRow(type_, customer or f"cust-{conversation}", conversation, props)


def test_attach_rate_per_offer_counts_conversations_once() -> None:
    rows = [
        # c1: shown the starter set twice (a reload), accepted it once.
        _row("bundle_shown", "c1", "bundle:starter"),
        _row("bundle_shown", "c1", "bundle:starter"),
        _row("bundle_clicked", "c1", "bundle:starter"),
        _row("bundle_accepted", "c1", "bundle:starter"),
        # c2: shown it and declined; also shown a tamper and accepted that.
        _row("bundle_shown", "c2", "bundle:starter"),
        _row("bundle_declined", "c2", "bundle:starter"),
        _row("bundle_shown", "c2", "product:TAMPER"),
        _row("bundle_accepted", "c2", "product:TAMPER"),
        # c3 and c4: shown the starter set, did nothing.
        _row("bundle_shown", "c3", "bundle:starter"),
        _row("bundle_shown", "c4", "bundle:starter"),
        # Unrelated events do not count.
        _row("order_placed", "c1"),
        EventRow("bundle_shown", None, None, {"bundle": "bundle:starter"}),
    ]
    offers, overall = funnels(rows)
    starter = offers[0]
    assert (starter.offer, starter.shown, starter.clicked, starter.accepted, starter.declined) == (
        "bundle:starter",
        4,
        1,
        1,
        1,
    )
    assert starter.attach.value == pytest.approx(1 / 4)
    tamper = offers[1]
    assert (tamper.offer, tamper.shown, tamper.accepted) == ("product:TAMPER", 1, 1)
    # Overall: c1 and c2 took an offer, c3 and c4 did not -> 2 of 4.
    assert (overall.successes, overall.trials) == (2, 4)


def test_assignment_is_deterministic_and_about_even() -> None:
    first = [assign("bundle_strategy", f"visitor-{i}") for i in range(2000)]
    assert first == [assign("bundle_strategy", f"visitor-{i}") for i in range(2000)]
    share = first.count("model") / len(first)
    assert 0.45 < share < 0.55
    # Another experiment splits the same visitors independently.
    greeting = [assign("greeting", f"visitor-{i}") for i in range(2000)]
    same = sum((a == "model") == (b == "standard") for a, b in zip(first, greeting, strict=True))
    assert 0.45 < same / 2000 < 0.55


def test_shop_settings_switch_experiments() -> None:
    settings = with_experiment({}, "greeting", True)
    assert active(settings) == ["greeting"]
    assert variant({}, "greeting", "v1") == "standard"  # not running: the control for all
    assert variant(settings, "greeting", "v1") == assign("greeting", "v1")
    assert active(with_experiment(settings, "greeting", False)) == []
    with pytest.raises(KeyError):
        with_experiment({}, "nope", True)


def test_variants_attach_and_conversion_rates() -> None:
    visitors = [(f"v{i}", f"c{i}") for i in range(40)]
    # The same customer's later visitor id does not move them to another variant.
    visitors.append(("v-later", "c0"))
    groups = {
        name: [c for v, c in visitors[:40] if assign("bundle_strategy", v) == name]
        for name in EXPERIMENTS["bundle_strategy"]
    }
    model, pairs = groups["model"], groups["pairs"]
    rows = []
    for c in model[:6] + pairs[:4]:
        rows.append(EventRow("bundle_shown", c, f"conv-{c}", {"bundle": "product:X"}))
    for c in model[:3] + pairs[:1]:
        rows.append(EventRow("bundle_accepted", c, f"conv-{c}", {"bundle": "product:X"}))
    for c in model[:2] + pairs[:5]:
        rows.append(EventRow("order_created", c, None, {"order_id": c}))
    stats = {s.variant: s for s in variants("bundle_strategy", visitors, rows)}
    assert stats["model"].customers == len(model)
    assert stats["pairs"].customers == len(pairs)
    assert (stats["model"].attach.successes, stats["model"].attach.trials) == (3, 6)
    assert (stats["pairs"].attach.successes, stats["pairs"].attach.trials) == (1, 4)
    assert stats["model"].conversion.successes == 2
    assert stats["pairs"].conversion.successes == 5

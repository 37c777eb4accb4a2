"""Cross-sell quality on real baskets: leave-one-out hit rate against the usual methods.

    .venv/bin/python bench/bundles.py [--quick] [--seed 42] [--data PATH]

Data: ``bench/data/groceries/baskets.csv.gz`` (9,835 real point-of-sale baskets, 169 items).
Baskets are split 80/20 by basket with a fixed seed. For every test basket with at least two
items and every item in it, that item is hidden, the rest is the cart, and each method is asked
for three suggestions: hit@3 is the share of hidden items among them, hit@1 the share at the
top. Coverage is the share of the catalogue that appears among all suggestions. In the same run:
global popularity, plain co-occurrence counts, and association rules from mlxtend's fpgrowth
scored by confidence. Our method is the product's own code (``assistant.bundles.ranking``),
called exactly as the chat calls it. Times are ratios to the baselines of the same run; nothing
here passes or fails on wall-clock time.

Prints a table, then as its last line one JSON object with the headline figures.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import numpy as np

from assistant.bundles.ranking import CoPurchases, Item, Request, Strategy, fit, suggest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "groceries" / "baskets.csv.gz"
K = 3

Recommender = Callable[[list[str]], list[str]]


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    hit1: float
    hit3: float
    coverage: float
    train_s: float
    us_per_suggestion: float


def load_baskets(path: Path) -> list[list[str]]:
    if not path.exists():
        sys.exit(f"Error: {path} is missing (the Groceries baskets, see bench/data/README.md).")
    baskets: dict[str, list[str]] = defaultdict(list)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            baskets[row["basket_id"]].append(row["item"])
    return [baskets[k] for k in sorted(baskets, key=int)]


def split(baskets: list[list[str]], seed: int) -> tuple[list[list[str]], list[list[str]]]:
    order = list(range(len(baskets)))
    random.Random(seed).shuffle(order)
    cut = int(len(order) * 0.8)
    return [baskets[i] for i in order[:cut]], [baskets[i] for i in order[cut:]]


def queries(test: list[list[str]]) -> list[tuple[list[str], str]]:
    out = []
    for basket in test:
        if len(basket) < 2:
            continue
        for hidden in basket:
            out.append(([s for s in basket if s != hidden], hidden))
    return out


def evaluate(
    name: str,
    recommend: Recommender,
    train_s: float,
    cases: Sequence[tuple[list[str], str]],
    catalogue: int,
) -> Result:
    hit1 = hit3 = 0
    shown: set[str] = set()
    started = time.perf_counter()
    for cart, hidden in cases:
        top = recommend(cart)[:K]
        shown.update(top)
        hit1 += bool(top) and top[0] == hidden
        hit3 += hidden in top
    elapsed = time.perf_counter() - started
    n = len(cases)
    return Result(name, hit1 / n, hit3 / n, len(shown) / catalogue, train_s, elapsed / n * 1e6)


# -- baselines ------------------------------------------------------------------------------


def popularity(train: list[list[str]]) -> Recommender:
    counts: dict[str, int] = defaultdict(int)
    for basket in train:
        for sku in basket:
            counts[sku] += 1
    ranked = sorted(counts, key=lambda s: (-counts[s], s))

    def recommend(cart: list[str]) -> list[str]:
        have = set(cart)
        return [s for s in ranked if s not in have][:K]

    return recommend


def co_occurrence(train: list[list[str]]) -> Recommender:
    """Sum over cart items of how often each item was bought with it; popularity breaks ties."""
    items = sorted({s for b in train for s in b})
    index = {s: i for i, s in enumerate(items)}
    matrix = np.zeros((len(items), len(items)))
    for basket in train:
        ids = [index[s] for s in set(basket)]
        for i in ids:
            matrix[i, ids] += 1
    pop = np.diag(matrix).copy()
    np.fill_diagonal(matrix, 0)

    def recommend(cart: list[str]) -> list[str]:
        rows = [index[s] for s in cart if s in index]
        scores = matrix[rows].sum(axis=0) + 1e-6 * pop
        scores[rows] = -np.inf
        return [items[j] for j in np.argsort(-scores, kind="stable")[:K]]

    return recommend


def association_rules(train: list[list[str]], min_support: float) -> Recommender:
    """mlxtend fpgrowth, rules with one consequent; an item scores the highest confidence of a
    rule whose antecedent is in the cart; popularity fills the rest."""
    import pandas as pd
    from mlxtend.frequent_patterns import association_rules as rules_from
    from mlxtend.frequent_patterns import fpgrowth

    items = sorted({s for b in train for s in b})
    frame = pd.DataFrame([[s in set(b) for s in items] for b in train], columns=items, dtype=bool)
    frequent = fpgrowth(frame, min_support=min_support, use_colnames=True, max_len=3)
    rules = rules_from(frequent, metric="confidence", min_threshold=0.0, num_itemsets=len(frame))
    by_antecedent: dict[frozenset[str], list[tuple[str, float]]] = defaultdict(list)
    for ante, cons, conf in zip(
        rules["antecedents"], rules["consequents"], rules["confidence"], strict=True
    ):
        if len(cons) == 1:
            by_antecedent[frozenset(ante)].append((next(iter(cons)), float(conf)))
    fallback = popularity(train)
    pop_rank = {s: r for r, s in enumerate(fallback([]) + items)}

    def recommend(cart: list[str]) -> list[str]:
        have = set(cart)
        best: dict[str, float] = {}
        for size in (1, 2):
            for ante in combinations(sorted(have), size):
                for cons, conf in by_antecedent.get(frozenset(ante), ()):
                    if cons not in have and conf > best.get(cons, 0.0):
                        best[cons] = conf
        ranked = sorted(best, key=lambda s: (-best[s], pop_rank.get(s, 0)))[:K]
        for s in fallback(cart + ranked):
            if len(ranked) >= K:
                break
            ranked.append(s)
        return ranked

    return recommend


# -- ours ------------------------------------------------------------------------------------


def ours(train: list[list[str]], strategy: Strategy) -> Recommender:
    counts = CoPurchases()
    for basket in train:
        counts.add(basket)
    model = fit(counts)
    # Groceries has no prices, stock or variants: every item is a plain, available product.
    catalog = {s: Item(sku=s, price=Decimal("1")) for s in counts.items}

    def recommend(cart: list[str]) -> list[str]:
        found = suggest(Request(cart=tuple(cart), limit=K, strategy=strategy), catalog, model)
        return [s.skus[0] for s in found]

    return recommend


def timed(build: Callable[[], Recommender]) -> tuple[Recommender, float]:
    started = time.perf_counter()
    recommender = build()
    return recommender, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a sample of 2,000 queries")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--without-mlxtend",
        action="store_true",
        help="leave out the association-rules baseline (for a smoke test without the bench extra)",
    )
    args = parser.parse_args()

    baskets = load_baskets(args.data)
    train, test = split(baskets, args.seed)
    cases = queries(test)
    if args.quick:
        cases = random.Random(args.seed).sample(cases, min(2000, len(cases)))
    catalogue = len({s for b in baskets for s in b})
    print(
        f"Groceries: {len(baskets):,} baskets, {catalogue} items; train {len(train):,}, "
        f"test {len(test):,} baskets -> {len(cases):,} leave-one-out queries (seed {args.seed})"
    )

    methods: list[tuple[str, Callable[[], Recommender], bool]] = [
        ("popularity", lambda: popularity(train), True),
        ("co-occurrence counts", lambda: co_occurrence(train), True),
        *(
            []
            if args.without_mlxtend
            else [
                ("fpgrowth rules, supp 0.001", lambda: association_rules(train, 0.001), True),
                ("fpgrowth rules, supp 0.002", lambda: association_rules(train, 0.002), True),
            ]
        ),
        ("ours: pair confidence (B)", lambda: ours(train, Strategy.PAIRS), False),
        ("ours: model (default)", lambda: ours(train, Strategy.MODEL), False),
    ]
    results: list[tuple[Result, bool]] = []
    for name, build, baseline in methods:
        recommender, train_s = timed(build)
        results.append((evaluate(name, recommender, train_s, cases, catalogue), baseline))

    best = max((r for r, base in results if base), key=lambda r: r.hit3)
    mine = next(r for r, _ in results if r.name == "ours: model (default)")
    header = f"{'method':30s} {'hit@1':>7s} {'hit@3':>7s} {'vs best':>8s} {'coverage':>9s} {'train s':>8s} {'µs/sugg':>8s}"
    print(header)
    print("-" * len(header))
    for r, _ in results:
        print(
            f"{r.name:30s} {r.hit1:7.4f} {r.hit3:7.4f} {r.hit3 / best.hit3:7.3f}x "
            f"{r.coverage:9.3f} {r.train_s:8.3f} {r.us_per_suggestion:8.1f}"
        )
    print(
        f"\nours vs best baseline ({best.name}): hit@3 {mine.hit3 / best.hit3:.3f}x, "
        f"coverage {mine.coverage:.0%} of the catalogue, "
        f"{mine.us_per_suggestion:.0f} µs per suggestion "
        f"({mine.us_per_suggestion / best.us_per_suggestion:.2f}x the best baseline's time)"
    )
    print(
        json.dumps(
            {
                "ours_hit3": round(mine.hit3, 4),
                "ours_hit1": round(mine.hit1, 4),
                "best_baseline_hit3": round(best.hit3, 4),
                "best_baseline": best.name,
                "hit3_ratio": round(mine.hit3 / best.hit3, 4),
                "coverage": round(mine.coverage, 4),
                "us_per_suggestion": round(mine.us_per_suggestion, 1),
                "train_s": round(mine.train_s, 3),
                "queries": len(cases),
            }
        )
    )


if __name__ == "__main__":
    main()

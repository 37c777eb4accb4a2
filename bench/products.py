"""Products in the chat, measured: the product/FAQ/other router on a labelled set of shopper
lines, and product search precision@3 against rapidfuzz WRatio and BM25 over the same
catalogs, all in the same run; then microseconds per search at 1,000 and 50,000 products.

    python bench/products.py           # everything (about a minute or two)
    python bench/products.py --quick   # fewer generated queries and searches, under a minute

Latency: CPU time per search (``time.process_time``) over 100 generated questions, the best
of 5 (``--quick``) or 15 passes, ours and BM25 taking turns, after one pass that lets ours
resolve each question word once (its time is printed as "first").

Catalogs: the demo shop (80 products, hand-labelled queries in ``bench/data/demo_queries.tsv``)
and a generated German home-and-kitchen feed (``bench/catalog_gen.py``: the same seed gives
the same products and queries; a query's right answers are the products that meet every
constraint it says). Precision@3: of the first three results, the share that are right (out
of three, or of all right answers when there are fewer). The baselines get the question as
typed: WRatio over each product's name, brand, colour and category; Okapi BM25 (k1 1.5,
b 0.75) over the same words, on folded text. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import catalog_gen  # noqa: E402

from assistant.demo.products import demo_catalog  # noqa: E402
from knowledge_base.normalize import fold  # noqa: E402
from knowledge_base.products import ProductDoc, ProductIndex  # noqa: E402
from knowledge_base.routing import route  # noqa: E402

DATA = ROOT / "bench" / "data"
Search = Callable[[str], list[str]]


def demo_docs() -> list[ProductDoc]:
    c = demo_catalog()
    names = {x.slug: f"{x.name_de} {x.name_en}" for x in c.categories}
    return [
        ProductDoc(
            sku=p.sku,
            name_de=p.name_de,
            name_en=p.name_en,
            price=p.current_price if hasattr(p, "current_price") else p.price,
            available=p.stock > 0 and p.availability != "out_of_stock",
            brand=p.brand,
            category=names[p.category],
            tags=p.tags,
            color=p.color,
            material=p.material,
            description_de=p.description_de,
            description_en=p.description_en,
            rating=p.rating,
            attributes=p.attributes,
        )
        for p in c.products
    ]


def generated_docs(items: Sequence[catalog_gen.Item]) -> list[ProductDoc]:
    return [
        ProductDoc(
            sku=it.sku,
            name_de=it.title,
            name_en=it.title,
            price=it.price,
            available=it.available,
            brand=it.brand,
            category=it.path,
            color=it.colour_de,
            material=it.material,
            description_de=it.description,
        )
        for it in items
    ]


def _text(d: ProductDoc) -> str:
    return f"{d.name_de} {d.name_en if d.name_en != d.name_de else ''} {d.brand} {d.color} {d.material} {d.category}"


class BM25:
    """Okapi BM25 over folded words, as numpy postings (the baseline)."""

    def __init__(self, docs: Sequence[ProductDoc], k1: float = 1.5, b: float = 0.75) -> None:
        self.skus = [d.sku for d in docs]
        tokens = [fold(_text(d)).split() for d in docs]
        lengths = np.array([len(t) for t in tokens], dtype=np.float64)
        avg = lengths.mean() if len(lengths) else 1.0
        postings: dict[str, dict[int, int]] = {}
        for i, words in enumerate(tokens):
            for w in words:
                postings.setdefault(w, {}).setdefault(i, 0)
                postings[w][i] += 1
        n = len(docs)
        self.terms: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for w, docs_tf in postings.items():
            idx = np.fromiter(docs_tf.keys(), dtype=np.int64)
            tf = np.fromiter(docs_tf.values(), dtype=np.float64)
            idf = math.log(1 + (n - len(idx) + 0.5) / (len(idx) + 0.5))
            norm = tf + k1 * (1 - b + b * lengths[idx] / avg)
            self.terms[w] = (idx, idf * tf * (k1 + 1) / norm)
        self.n = n

    def __call__(self, query: str, k: int = 3) -> list[str]:
        scores = np.zeros(self.n)
        for w in fold(query).split():
            found = self.terms.get(w)
            if found is not None:
                scores[found[0]] += found[1]
        if not scores.any():
            return []
        top = np.argpartition(-scores, min(k, self.n - 1))[:k]
        top = top[np.argsort(-scores[top])]
        return [self.skus[i] for i in top if scores[i] > 0]


def wratio(docs: Sequence[ProductDoc]) -> Search:
    choices = [fold(_text(d)) for d in docs]
    skus = [d.sku for d in docs]

    def search(query: str) -> list[str]:
        found = process.extract(fold(query), choices, scorer=fuzz.WRatio, limit=3)
        return [skus[i] for _, _, i in found]

    return search


def ours(index: ProductIndex) -> Search:
    def search(query: str) -> list[str]:
        return [h.sku for h in index.search(query, 3).hits]

    return search


def precision_at_3(search: Search, queries: Sequence[tuple[str, frozenset[str]]]) -> float:
    values = []
    for text, relevant in queries:
        top = search(text)[:3]
        values.append(sum(s in relevant for s in top) / min(3, len(relevant)))
    return statistics.fmean(values)


def demo_queries() -> list[tuple[str, frozenset[str]]]:
    rows = [
        line.rstrip("\n").split("\t")
        for line in (DATA / "demo_queries.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ][1:]
    return [(text, frozenset(skus.split())) for text, skus in rows]


def routing_rows() -> list[tuple[str, str]]:
    lines = [
        line
        for line in (DATA / "routing.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return [(row[1], row[0]) for row in csv.reader(lines[1:], delimiter="\t")]


def per_search_us(search: Search, queries: Sequence[str], reps: int) -> float:
    """CPU time of this process per search: time spent waiting for the CPU while other
    processes run does not count (the machine may be shared)."""
    start = time.process_time()
    for _ in range(reps):
        for q in queries:
            search(q)
    return (time.process_time() - start) / (reps * len(queries)) * 1e6


def best_per_search_us(
    searches: dict[str, Search], queries: Sequence[str], rounds: int
) -> dict[str, float]:
    """The best of ``rounds`` passes over the queries for each search, the searches taking
    turns, so that a busy moment of the machine hits all of them alike."""
    best = dict.fromkeys(searches, math.inf)
    for _ in range(rounds):
        for name, search in searches.items():
            best[name] = min(best[name], per_search_us(search, queries, 1))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries and searches")
    args = parser.parse_args()
    n_queries, rounds = (150, 5) if args.quick else (600, 15)

    demo = demo_docs()
    demo_index = ProductIndex(demo)
    rows = routing_rows()
    correct = [route(text, demo_index).route.value == gold for text, gold in rows]
    by_label: dict[str, list[bool]] = {}
    for (_, gold), ok in zip(rows, correct, strict=True):
        by_label.setdefault(gold, []).append(ok)
    routing_accuracy = statistics.fmean(correct)
    print(f"Router: {len(rows)} labelled shopper lines (de/en)")
    for label, oks in sorted(by_label.items()):
        print(f"  {label:<8} {len(oks):>4} lines  accuracy {statistics.fmean(oks):.3f}")
    print(f"  {'all':<8} {len(rows):>4} lines  accuracy {routing_accuracy:.3f}\n")

    results: dict[str, dict[str, float]] = {}
    items = catalog_gen.catalog(1000)
    generated = generated_docs(items)
    labelled = [(q.text, q.relevant) for q in catalog_gen.queries(items, n_queries)]
    sets = {
        "demo (80 products)": (demo, demo_queries()),
        "generated (1,000 products)": (generated, labelled),
    }
    print(f"{'precision@3':<28}{'ours':>8}{'BM25':>8}{'WRatio':>8}   queries")
    for name, (docs, queries) in sets.items():
        row = {
            "ours": precision_at_3(ours(ProductIndex(docs)), queries),
            "bm25": precision_at_3(BM25(docs), queries),
            "wratio": precision_at_3(wratio(docs), queries),
        }
        results[name] = row
        print(
            f"{name:<28}{row['ours']:>8.3f}{row['bm25']:>8.3f}{row['wratio']:>8.3f}"
            f"   {len(queries)}"
        )
    all_queries = sum(len(q) for _, q in sets.values())
    ours_p3 = sum(results[n]["ours"] * len(sets[n][1]) for n in sets) / all_queries
    bm25_p3 = sum(results[n]["bm25"] * len(sets[n][1]) for n in sets) / all_queries
    wratio_p3 = sum(results[n]["wratio"] * len(sets[n][1]) for n in sets) / all_queries
    print(f"{'all (weighted by queries)':<28}{ours_p3:>8.3f}{bm25_p3:>8.3f}{wratio_p3:>8.3f}\n")

    timing_queries = [q for q, _ in labelled[:100]]
    latency: dict[int, dict[str, float]] = {}
    print(f"{'µs per search (CPU)':<28}{'ours':>10}{'BM25':>10}{'ratio':>8}{'first':>8}")
    for size in (1000, 50_000):
        docs = generated if size == 1000 else generated_docs(catalog_gen.catalog(size))
        index, bm25 = ProductIndex(docs), BM25(docs)
        search = ours(index)
        # Warm: the index resolves each query word once (like BM25's terms at build time);
        # "first" is that pass, each word met for the first time.
        first = per_search_us(search, timing_queries, 1)
        best = best_per_search_us({"ours": search, "bm25": bm25}, timing_queries, rounds)
        latency[size] = {**best, "first": first}
        mine, base = best["ours"], best["bm25"]
        print(
            f"{f'{size:,} products':<28}{mine:>10.1f}{base:>10.1f}{mine / base:>8.2f}{first:>8.0f}"
        )

    print(
        json.dumps(
            {
                "routing_accuracy": round(routing_accuracy, 4),
                "routing_lines": len(rows),
                "ours_p3": round(ours_p3, 4),
                "bm25_p3": round(bm25_p3, 4),
                "wratio_p3": round(wratio_p3, 4),
                "demo_ours_p3": round(results["demo (80 products)"]["ours"], 4),
                "us_per_search_1k": round(latency[1000]["ours"], 1),
                "bm25_us_per_search_1k": round(latency[1000]["bm25"], 1),
                "us_per_search_50k": round(latency[50_000]["ours"], 1),
                "bm25_us_per_search_50k": round(latency[50_000]["bm25"], 1),
                "ratio_1k": round(latency[1000]["ours"] / latency[1000]["bm25"], 2),
                "ratio_50k": round(latency[50_000]["ours"] / latency[50_000]["bm25"], 2),
                "us_first_pass_1k": round(latency[1000]["first"], 1),
                "us_first_pass_50k": round(latency[50_000]["first"], 1),
                "quick": args.quick,
            }
        )
    )


if __name__ == "__main__":
    main()

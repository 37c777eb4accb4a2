"""Lifecycle benchmark: ingest speed against a bare insert, and the CDNOW purchases replayed
as signed order webhooks through the real endpoint, with CLV predictions compared on a
39/39-week split.

    .venv/bin/python bench/lifecycle.py [--quick] [--keep-db FILE] [--pg-url URL]

Prints tables, then as its last line one JSON object with the headline figures. Ratios are
measured in the same run; nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gzip
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import numpy as np
from aiohttp import web
from sqlalchemy.engine import make_url
from sqlmodel import col, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Config  # noqa: E402
from assistant.demo.scoring import ACTIVE_DAYS, ScoreQuality, score_quality  # noqa: E402
from assistant.lifecycle.events import ingest  # noqa: E402
from assistant.lifecycle.store import sweep_due  # noqa: E402
from assistant.metrics.clv import occasions, predict, summaries  # noqa: E402
from assistant.security.signing import webhook_signature  # noqa: E402
from assistant.storage.bulk import insert_rows  # noqa: E402
from assistant.storage.engine import create_engine, session_factory  # noqa: E402
from assistant.storage.migrate import upgrade  # noqa: E402
from assistant.storage.models import (  # noqa: E402
    Customer,
    Event,
    Purchase,
    Shop,
    StageTransition,
)
from web.app import create_app  # noqa: E402

DATA = ROOT / "bench" / "data" / "cdnow" / "transactions.csv.gz"
START = date(1997, 1, 1)
SPLIT_WEEKS = 39.0
PG_DEFAULT = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
SECRET = "bench-secret"
#: Webhooks per request in the CDNOW replay; the one-per-request figure uses the first events.
WEBHOOK_BATCH = 100
SINGLE_EVENTS = 5_000


# -- ingest: the whole lifecycle path against a bare insert of the same rows ---------------


def _mixed_events(shop: str, customers: list[str], n: int, seed: int) -> list[Event]:
    """A plausible stream: page views, chat messages, FAQ answers, carts and some orders."""
    rng = random.Random(seed)
    kinds = (
        ["page_view"] * 5 + ["message_sent"] * 2 + ["faq_answered", "cart_updated", "order_created"]
    )
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        kind = rng.choice(kinds)
        props: dict[str, Any] = {}
        if kind == "page_view":
            props = {"url": f"/p/{rng.randint(1, 80)}"}
        elif kind == "cart_updated":
            props = {"items": [["BEAN-001", 1]], "value": "12.90"}
        elif kind == "order_created":
            props = {"order_id": f"{shop}-{i}", "total": "25.80", "currency": "EUR", "items": []}
        rows.append(
            Event(
                shop_id=shop,
                customer_id=rng.choice(customers),
                type=kind,
                properties=props,
                created_at=t0 + timedelta(seconds=30 * i),
            )
        )
    return rows


async def _setup_shop(sessions: Any, shop: str, customers: int) -> list[str]:
    ids = [f"{shop}-{i:05d}" for i in range(customers)]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with sessions() as db:
        db.add(Shop(id=shop, name=shop, secret=SECRET, settings={}))
        await db.flush()
        db.add_all(Customer(id=c, shop_id=shop, created_at=now, last_seen_at=now) for c in ids)
        await db.commit()
    return ids


async def _timed(sessions: Any, rows: list[Event], batch: int, mode: str) -> float:
    start = time.perf_counter()
    for i in range(0, len(rows), batch):
        async with sessions() as db:
            chunk = rows[i : i + batch]
            if mode == "ingest":
                await ingest(db, chunk)  # what store_events does now
            elif mode == "orm":
                db.add_all(chunk)  # what store_events did before: the same rows, nothing else
            else:
                await insert_rows(db, chunk)  # the same rows as one raw executemany
            await db.commit()
    return len(rows) / (time.perf_counter() - start)


MODES = ("orm", "core", "ingest")


async def ingest_ratio(url: str, events: int, batch: int = 128) -> dict[str, float]:
    engine = create_engine(url)
    await upgrade(engine)
    sessions = session_factory(engine)
    try:
        best = dict.fromkeys(MODES, 0.0)
        for round_ in range(3):  # interleaved, best of each: less noise from neighbours
            for mode in MODES:
                shop = f"{mode}{round_}"
                customers = await _setup_shop(sessions, shop, max(200, events // 10))
                rows = _mixed_events(shop, customers, events, seed=round_)
                best[mode] = max(best[mode], await _timed(sessions, rows, batch, mode))
        best["ratio"] = best["ingest"] / best["core"]
        best["ratio_orm"] = best["ingest"] / best["orm"]
        return best
    finally:
        await engine.dispose()


async def _pg_database(admin_url: str) -> tuple[str, str] | None:
    name = f"shopassist_bench_{uuid.uuid4().hex[:10]}"
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"PostgreSQL unreachable at {admin_url}: {exc}", file=sys.stderr)
        return None
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), name


async def _drop_pg(admin_url: str, name: str) -> None:
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


# -- CDNOW through the real webhook endpoint ------------------------------------------------


def load_cdnow(sample: int) -> list[dict[str, str]]:
    """Every row of every ``sample``-th customer (1: all), in date order."""
    if not DATA.exists():
        raise SystemExit(f"{DATA} is missing: the CDNOW data set, see bench/data/README.md")
    with gzip.open(DATA, "rt", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["customer"]) % sample == 0]
    rows.sort(key=lambda r: (r["date"], int(r["customer"])))
    return rows


def webhook_events(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """One order webhook per CDNOW row (several orders a day happen and stay separate)."""
    events = []
    for i, r in enumerate(rows):
        when = datetime.fromisoformat(r["date"]).replace(hour=12, tzinfo=UTC)
        events.append(
            {
                "id": f"cdnow-{i}",
                "type": "order_created",
                "occurred_at": when.isoformat(),
                "data": {
                    "order_id": f"cdnow-{i}",
                    "items": [{"sku": "CD", "qty": int(r["quantity"]), "price": r["amount"]}],
                    "total": r["amount"],
                    "currency": "USD",
                    "customer": {"id": f"cdnow-{r['customer']}"},
                },
            }
        )
    return events


async def replay_webhooks(
    url: str, events: list[dict[str, Any]], concurrency: int, batch: int = 1
) -> float:
    """POST the events, signed, through the real endpoint on 127.0.0.1, one per request or
    ``batch`` per request (``{"events": [...]}``, as a shop catching up sends them); events/s."""
    app = create_app(Config(database_url=url, lifecycle_sweep_s=0).validated())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    endpoint = f"http://127.0.0.1:{port}/api/v1/webhooks/cdnow"
    try:
        async with app[__import__("web.keys", fromlist=["sessions_key"]).sessions_key]() as db:
            db.add(Shop(id="cdnow", name="CDNOW", secret=SECRET, default_locale="en"))
            await db.commit()
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for event in events:
            queue.put_nowait(event)
        # Events of one customer must arrive in order: route each customer to one worker.
        lanes: list[list[dict[str, Any]]] = [[] for _ in range(concurrency)]
        for event in events:
            lanes[hash(event["data"]["customer"]["id"]) % concurrency].append(event)

        async def worker(http: aiohttp.ClientSession, lane: list[dict[str, Any]]) -> None:
            for start in range(0, len(lane), batch):
                chunk = lane[start : start + batch]
                body = json.dumps(chunk[0] if batch == 1 else {"events": chunk}).encode()
                ts = str(int(time.time()))
                headers = {
                    "Content-Type": "application/json",
                    "X-ShopAssistant-Timestamp": ts,
                    "X-ShopAssistant-Signature": webhook_signature(SECRET, ts, body),
                }
                async with http.post(endpoint, data=body, headers=headers) as response:
                    if response.status != 200:
                        raise SystemExit(
                            f"webhook refused: {response.status} {await response.text()}"
                        )

        start = time.perf_counter()
        async with aiohttp.ClientSession() as http:
            await asyncio.gather(*(worker(http, lane) for lane in lanes))
        return len(events) / (time.perf_counter() - start)
    finally:
        await runner.cleanup()


async def stage_counts_by_month(url: str) -> dict[str, Counter[str]]:
    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        async with sessions() as db:
            # Catch up at-risk / lapsed up to the end of the data, as the sweeper would have.
            while await sweep_due(db, datetime(1998, 7, 1, tzinfo=UTC), 5000) > 0:
                await db.flush()
            await db.commit()
            rows = (
                await db.exec(
                    select(
                        StageTransition.customer_id,
                        StageTransition.to_stage,
                        StageTransition.created_at,
                    )
                    .where(StageTransition.shop_id == "cdnow")
                    .order_by(col(StageTransition.created_at), col(StageTransition.id))
                )
            ).all()
    finally:
        await engine.dispose()
    months = [date(1997 + (m // 12), m % 12 + 1, 1) for m in range(1, 19)]
    out: dict[str, Counter[str]] = {}
    stage: dict[str, str] = {}
    i = 0
    for month_end in months:
        limit = datetime.combine(month_end, datetime.min.time(), UTC)
        while i < len(rows) and rows[i][2] < limit:
            stage[rows[i][0]] = rows[i][1]
            i += 1
        label = (month_end - timedelta(days=1)).strftime("%Y-%m")
        out[label] = Counter(stage.values())
    return out


async def purchases_from_db(url: str) -> dict[str, list[tuple[float, float]]]:
    """The replayed orders as stored (weeks since 1997-01-01, value)."""
    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        async with sessions() as db:
            rows = (
                await db.exec(
                    select(Purchase.customer_id, Purchase.created_at, Purchase.total).where(
                        Purchase.shop_id == "cdnow"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    start = datetime.combine(START, datetime.min.time(), UTC)
    per: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for customer, at, total in rows:
        per[customer].append(((at - start).total_seconds() / 86_400 / 7, float(total)))
    return per


def clv_comparison(per: dict[str, list[tuple[float, float]]], gap_days: float) -> dict[str, Any]:
    """Calibrate on weeks 0-39, predict weeks 39-78; per customer and in total."""
    gap = gap_days / 7
    calib = {
        c: occasions([p for p in items if p[0] < SPLIT_WEEKS], gap) for c, items in per.items()
    }
    hold = {
        c: occasions([p for p in items if p[0] >= SPLIT_WEEKS], gap) for c, items in per.items()
    }
    summary = summaries(calib, SPLIT_WEEKS)
    ids = sorted(summary)
    s = [summary[c] for c in ids]
    with np.errstate(all="ignore"):
        ours = predict(s, SPLIT_WEEKS)
    act_n = np.array([len(hold[c]) for c in ids], dtype=float)
    act_v = np.array([sum(v for _, v in hold[c]) for c in ids])
    cal_n = np.array([len(calib[c]) for c in ids], dtype=float)
    cal_v = np.array([sum(v for _, v in calib[c]) for c in ids])
    age = np.array([x.age for x in s])
    # The articles' formula per customer: AOV x purchase frequency (per week since the first
    # purchase) x expected lifespan (the customer stays for the whole horizon).
    formula_n = cal_n / np.maximum(age, 1.0) * SPLIT_WEEKS
    formula_v = (cal_v / cal_n) * formula_n
    models = {
        "ours": (ours.purchases, ours.value),
        "formula": (formula_n, formula_v),
        "naive": (cal_n, cal_v),  # same purchases and spend as in the calibration weeks
    }
    out: dict[str, Any] = {
        "customers": len(ids),
        "actual_purchases": act_n.sum(),
        "actual_spend": act_v.sum(),
    }
    for name, (n, v) in models.items():
        out[name] = {
            "mae_purchases": float(np.mean(np.abs(n - act_n))),
            "rmse_purchases": float(np.sqrt(np.mean((n - act_n) ** 2))),
            "mae_spend": float(np.mean(np.abs(v - act_v))),
            "rmse_spend": float(np.sqrt(np.mean((v - act_v) ** 2))),
            "total_purchases": float(np.sum(n)),
            "total_spend": float(np.sum(v)),
            "total_ratio": float(np.sum(v) / act_v.sum()),
        }
    return out


SCORE_END = datetime(2026, 1, 1, tzinfo=UTC)
HOLDOUT_DAYS = 30


async def score_check(tmp: str, customers: int) -> ScoreQuality:
    """The demo history (120 days) stored up to 30 days before its end, scored there."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp}/score.db")
    await upgrade(engine)
    try:
        return await score_quality(
            session_factory(engine),
            customers=customers,
            end=SCORE_END,
            days=120,
            holdout_days=HOLDOUT_DAYS,
        )
    finally:
        await engine.dispose()


def _fresh_file(keep: str | None, tmp: str) -> Path:
    path = Path(keep).resolve() if keep else Path(tmp) / "cdnow.db"
    path.unlink(missing_ok=True)
    return path


def _table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    print(f"\n{title}")
    widths = [max(len(str(x)) for x in col_) for col_ in zip(header, *rows, strict=True)]
    print("  " + "  ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  " + "  ".join(f"{x:>{w}}" for x, w in zip(row, widths, strict=True)))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a sample; under a minute")
    parser.add_argument(
        "--keep-db", metavar="FILE", help="keep the replayed CDNOW SQLite file here"
    )
    parser.add_argument(
        "--pg-url", default=PG_DEFAULT, help="PostgreSQL server for the ingest test"
    )
    args = parser.parse_args()
    events = 3_000 if args.quick else 20_000
    sample = 10 if args.quick else 1

    with tempfile.TemporaryDirectory() as tmp:
        sqlite = await ingest_ratio(f"sqlite+aiosqlite:///{tmp}/ingest.db", events)
        pg: dict[str, float] | None = None
        made = await _pg_database(args.pg_url)
        if made is not None:
            try:
                pg = await ingest_ratio(made[0], events)
            finally:
                await _drop_pg(args.pg_url, made[1])
        _table(
            f"Ingest: events/s, {events:,} events, 128 per transaction. Bare: the same rows as one "
            "raw executemany (the ratio's baseline), or through the ORM as store_events did before",
            [
                "database",
                "bare executemany/s",
                "bare ORM/s",
                "full ingest/s",
                "ratio",
                "ratio to ORM",
            ],
            [
                [
                    name,
                    f"{r['core']:,.0f}",
                    f"{r['orm']:,.0f}",
                    f"{r['ingest']:,.0f}",
                    f"{r['ratio']:.2f}",
                    f"{r['ratio_orm']:.2f}",
                ]
                for name, r in (("SQLite", sqlite), ("PostgreSQL", pg))
                if r is not None
            ],
        )

        quality = await score_check(tmp, 1_000 if args.quick else 4_000)
        _table(
            f"Engagement score on the simulated demo history ({quality.customers:,} customers "
            f"scored {HOLDOUT_DAYS} days before its end; {quality.positives:,} ordered in those "
            f"days; {quality.active:,} active in the {ACTIVE_DAYS} days before)",
            ["score", "AUC next order", "active > 95", "p10", "p50", "p90", "p99"],
            [
                [
                    "recency + frequency + engagement",
                    f"{quality.score_auc:.3f}",
                    f"{quality.score_share_above_95:.1%}",
                    *(f"{quality.percentile(p):.1f}" for p in (10, 50, 90, 99)),
                ],
                [
                    "decayed event sum alone (before)",
                    f"{quality.sum_auc:.3f}",
                    f"{quality.sum_share_above_95:.1%}",
                    "",
                    "",
                    "",
                    "",
                ],
                ["recency alone", f"{quality.recency_auc:.3f}", "", "", "", "", ""],
            ],
        )

        db_path = _fresh_file(args.keep_db, tmp)
        url = f"sqlite+aiosqlite:///{db_path}"
        rows = load_cdnow(sample)
        hooks = webhook_events(rows)
        single_url = f"sqlite+aiosqlite:///{Path(tmp) / 'single.db'}"
        single = await replay_webhooks(single_url, hooks[:SINGLE_EVENTS], concurrency=64)
        rate = await replay_webhooks(url, hooks, concurrency=64, batch=WEBHOOK_BATCH)
        print(
            f"\nCDNOW replay: {len(hooks):,} signed order webhooks of "
            f"{len({r['customer'] for r in rows}):,} customers through POST /api/v1/webhooks/cdnow "
            f"(SQLite, 64 concurrent clients): {rate:,.0f} events/s in batches of "
            f"{WEBHOOK_BATCH}; one event per request (the first {min(len(hooks), SINGLE_EVENTS):,} "
            f"events): {single:,.0f} events/s"
        )
        counts = await stage_counts_by_month(url)
        stages = [
            "awareness",
            "engagement",
            "conversion",
            "retention",
            "advocacy",
            "at_risk",
            "lapsed",
        ]
        _table(
            "Stage counts at the end of each month",
            ["month", *stages],
            [[m, *(f"{c.get(s, 0):,}" for s in stages)] for m, c in counts.items()],
        )

        per = await purchases_from_db(url)
        gaps = {}
        for gap in (0.0, 3.0, 7.0):
            gaps[gap] = clv_comparison(per, gap)
        clv = gaps[7.0]
        _table(
            f"CLV, weeks 40-78 predicted from weeks 1-39 ({clv['customers']:,} customers; "
            f"actual: {clv['actual_purchases']:,.0f} purchase occasions, {clv['actual_spend']:,.0f} USD)",
            [
                "model",
                "MAE purch.",
                "RMSE purch.",
                "MAE spend",
                "RMSE spend",
                "pred. spend",
                "pred./actual",
            ],
            [
                [
                    label,
                    f"{clv[k]['mae_purchases']:.3f}",
                    f"{clv[k]['rmse_purchases']:.3f}",
                    f"{clv[k]['mae_spend']:.2f}",
                    f"{clv[k]['rmse_spend']:.2f}",
                    f"{clv[k]['total_spend']:,.0f}",
                    f"{clv[k]['total_ratio']:.3f}",
                ]
                for k, label in (
                    ("ours", "BG/NBD + Gamma-Gamma"),
                    ("formula", "AOV x frequency x lifespan"),
                    ("naive", "same as before"),
                )
            ],
        )
        _table(
            "Our estimate by purchase-occasion gap (orders closer than this count as one)",
            ["gap (days)", "RMSE spend", "pred./actual"],
            [
                [f"{g:.0f}", f"{r['ours']['rmse_spend']:.2f}", f"{r['ours']['total_ratio']:.3f}"]
                for g, r in gaps.items()
            ],
        )
        if args.keep_db:
            print(
                f"\nKept the replayed data in {db_path}: shopassist metrics --database sqlite:///{db_path} --shop cdnow --from 1997-01-01 --to 1998-06-30"
            )

    print(
        json.dumps(
            {
                "ingest_ratio_sqlite": round(sqlite["ratio"], 3),
                "ingest_ratio_postgres": round(pg["ratio"], 3) if pg else None,
                "ingest_ratio_sqlite_vs_orm": round(sqlite["ratio_orm"], 3),
                "ingest_ratio_postgres_vs_orm": round(pg["ratio_orm"], 3) if pg else None,
                "clv_rmse_ours": round(clv["ours"]["rmse_spend"], 2),
                "clv_rmse_formula": round(clv["formula"]["rmse_spend"], 2),
                "clv_rmse_naive": round(clv["naive"]["rmse_spend"], 2),
                "clv_total_ratio": round(clv["ours"]["total_ratio"], 3),
                "webhook_events_per_s": round(rate),
                "webhook_events_per_s_single": round(single),
                "customers": clv["customers"],
                "score_auc": round(quality.score_auc, 3),
                "recency_auc": round(quality.recency_auc, 3),
                "score_share_above_95": round(quality.score_share_above_95, 4),
                "score_sum_auc": round(quality.sum_auc, 3),
                "score_median_active": round(quality.percentile(50), 1),
                "quick": args.quick,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())

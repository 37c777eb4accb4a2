"""Done-when 3: ``shopassist metrics`` on the demo data and on CDNOW purchases replayed as
signed webhooks prints every metric."""

from __future__ import annotations

import ast
import csv
import gzip
import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.config import Config
from assistant.metrics.text import ROWS
from assistant.storage.models import Shop
from tests.clock import FakeClock
from tests.lifecycle_helpers import post_webhook
from tests.paths import ROOT
from tests.servers import shopassist
from web.app import create_app
from web.keys import sessions_key

CDNOW = ROOT / "bench" / "data" / "cdnow" / "transactions.csv.gz"
SECTIONS = ("Lifecycle stages at the end", "Stage flows in the period", "Monthly cohorts")
#: Metrics that may rightly be empty for a data set (no chats in CDNOW, no spend entered).
NOT_IN_CDNOW = {
    "conversations", "self_service_rate", "handoff_rate", "faq_answer_rate",
    "chat_conversion_rate", "marketing_spend", "cac", "referral_cac_saved", "nps", "csat", "bundle_attach_rate",
    "engaged_visitors", "engagement_rate", "search_to_cart_rate",
}  # fmt: skip


def _run(*args: str) -> str:
    done = shopassist(*args, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _check_text(text: str) -> None:
    for _, label, _ in ROWS:
        assert label in text, label
    assert "CLV, BG/NBD + Gamma-Gamma" in text
    for section in SECTIONS:
        assert section in text, section


def test_metrics_on_the_demo_data(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    _run("demo", "load", "--database", db)
    _run("demo", "simulate", "--customers", "300", "--days", "60", "--database", db)
    text = _run("metrics", "--database", db)
    _check_text(text)
    report = json.loads(_run("metrics", "--json", "--database", db))
    empty = [k for k in (key for key, _, _ in ROWS) if report.get(k) is None]
    assert empty == [], f"no value for {empty}"
    assert report["clv_bgnbd"]["mean"] is not None
    assert sum(report["stages"].values()) > 0 and report["stage_flows"]


async def test_metrics_on_replayed_cdnow(aiohttp_client: Any, tmp_path: Path) -> None:
    with gzip.open(CDNOW, "rt", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["customer"]) % 40 == 0]
    rows.sort(key=lambda r: (r["date"], int(r["customer"])))
    db = f"sqlite+aiosqlite:///{tmp_path / 'cdnow.db'}"
    clock = FakeClock(datetime(2026, 1, 5, tzinfo=UTC))
    app = create_app(Config(database_url=db, lifecycle_sweep_s=0).validated(), clock=clock)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as session:
        session.add(Shop(id="cdnow", name="CDNOW", secret="s3cret", default_locale="en"))
        await session.commit()
    for i, r in enumerate(rows):
        event = {
            "id": f"cdnow-{i}",
            "type": "order_created",
            "occurred_at": f"{r['date']}T12:00:00+00:00",
            "data": {
                "order_id": f"cdnow-{i}",
                "total": r["amount"],
                "currency": "USD",
                "items": [{"sku": "CD", "qty": int(r["quantity"]), "price": r["amount"]}],
                "customer": {"id": f"cdnow-{r['customer']}"},
            },
        }
        response = await post_webhook(client, "s3cret", event, now=clock.now, shop="cdnow")
        assert response.status == 200, await response.text()
    await client.close()
    _run("lifecycle", "sweep", "--database", db)
    period = ("--shop", "cdnow", "--from", "1997-01-01", "--to", "1998-06-30")
    text = _run("metrics", *period, "--database", db)
    _check_text(text)
    report = json.loads(_run("metrics", "--json", *period, "--database", db))
    customers = len({r["customer"] for r in rows})
    assert report["orders"] == len(rows) and report["buyers"] == customers
    empty = [k for k, _, _ in ROWS if report.get(k) is None and k not in NOT_IN_CDNOW]
    assert empty == [], f"no value for {empty}"
    assert report["clv_bgnbd"]["mean"] is not None
    # Most CDNOW customers bought in early 1997 and never again: lapsed by mid-1998.
    assert report["stages"]["lapsed"] > report["stages"]["retention"]


def test_without_scipy_the_report_has_everything_but_the_model(tmp_path: Path) -> None:
    """scipy is the optional extra ``clv``: an install without it (simulated by a ``scipy``
    that fails to import, first on the path) reports every other metric and says why the
    model is missing."""
    (tmp_path / "scipy").mkdir()
    (tmp_path / "scipy" / "__init__.py").write_text("raise ImportError('no scipy here')\n")
    db = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    env = {"PYTHONPATH": str(tmp_path)}
    for args in (("demo", "load"), ("demo", "simulate", "--customers", "60", "--days", "30")):
        done = shopassist(*args, "--database", db, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
    done = shopassist("metrics", "--json", "--database", db, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["clv_bgnbd"]["mean"] is None
    assert "shop-assistant[clv]" in report["clv_bgnbd"]["note"]
    assert report["clv_formula"] is not None and report["orders"] > 0
    text = shopassist("metrics", "--database", db, env=env, timeout=120).stdout
    assert "the model needs scipy" in text


def test_only_the_clv_model_imports_scipy() -> None:
    """The runtime dependencies leave scipy out; only assistant/metrics/clv.py may use it."""
    users = [
        path.relative_to(ROOT).as_posix()
        for package in ("assistant", "web", "knowledge_base", "flows")
        for path in (ROOT / package).rglob("*.py")
        if "scipy" in _imported(path)
    ]
    assert users == ["assistant/metrics/clv.py"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.startswith("scipy")]
    assert [d for d in project["optional-dependencies"]["clv"] if d.startswith("scipy")]


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    return {name.split(".")[0] for name in names}

"""``shopassist orders import``, ``bundles pairs|stats`` and ``experiments`` as an operator
meets them: all-or-nothing imports with line numbers, figures, one-line errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.servers import shopassist


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}"
    loaded = shopassist("demo", "load", "--database", url)
    assert loaded.returncode == 0, loaded.stderr
    return url


def _baskets(url: str, source: str) -> int:
    with sqlite3.connect(url.split("///", 1)[1]) as conn:
        return int(
            conn.execute("SELECT count(*) FROM basket WHERE source = ?", (source,)).fetchone()[0]
        )


@pytest.mark.parametrize(
    "command",
    [
        ["orders", "import"],
        ["bundles", "pairs"],
        ["bundles", "stats"],
        ["bundles", "list"],
        ["bundles", "set"],
        ["experiments", "list"],
        ["experiments", "start"],
        ["experiments", "stop"],
    ],
)
def test_help_and_database_option(command: list[str]) -> None:
    result = shopassist(*command, "--help")
    assert result.returncode == 0 and "--database" in result.stdout


def test_import_orders_and_import_again(demo_db: str, tmp_path: Path) -> None:
    csv = tmp_path / "orders.csv"
    csv.write_text(
        "\ufefforder_id,sku,qty,price,ordered_at,customer_id\n"
        "1001,TEA-002,1,39.90,2026-10-01,c-1\n"
        '1001,TEA-009,2,"7,90",2026-10-01,c-1\n'
        "1002,MACH-001,1,249.00,2026-10-02T09:30:00+02:00,c-2\n"
        "1002,ACC-001,1,14.90,,\n"
        "1001,TEA-009,1,7.90,,\n"
        "1003,RETIRED-OLD-SKU,1,,,\n",
        encoding="utf-8",
    )
    first = shopassist("orders", "import", str(csv), "--database", demo_db)
    assert first.returncode == 0, first.stderr
    assert "Imported 3 new orders (5 order lines; 0 orders were there already)" in first.stdout
    assert _baskets(demo_db, "import") == 3
    with sqlite3.connect(demo_db.split("///", 1)[1]) as conn:
        lines = conn.execute(
            "SELECT i.sku, i.qty, i.price FROM basket_item i JOIN basket b ON b.id = i.basket_id "
            "WHERE b.external_id = '1001' ORDER BY i.sku"
        ).fetchall()
    assert [(s, q, str(p)) for s, q, p in lines] == [("TEA-002", 1, "39.9"), ("TEA-009", 3, "7.9")]
    again = shopassist("orders", "import", str(csv), "--database", demo_db)
    assert "Imported 0 new orders (5 order lines; 3 orders were there already)" in again.stdout
    assert _baskets(demo_db, "import") == 3


def test_a_bad_file_imports_nothing_and_names_lines(demo_db: str, tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "order_id,sku,qty,ordered_at\n"
        "1,TEA-002,1,2026-10-01\n"
        "2,TEA-009,zwei,2026-10-01\n"
        "3,<script>,1,\n"
        "4,TEA-004,1,gestern\n",
        encoding="utf-8",
    )
    result = shopassist("orders", "import", str(csv), "--database", demo_db)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "nothing stored" in lines[0]
    assert "line 3: qty must be a whole number" in lines[0]
    assert "line 4: sku '<script>' is not a product id" in lines[0]
    assert "line 5: ordered_at must be a date" in lines[0]
    assert _baskets(demo_db, "import") == 0


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("order,product\n1,TEA-002\n", "missing column(s) order_id, sku"),
        ("", "missing column(s) order_id, sku in the header (found: nothing)"),
        ("order_id,sku\n1,TEA-002,extra\n", "line 2: more fields than the header"),
    ],
)
def test_column_errors(demo_db: str, tmp_path: Path, content: str, fragment: str) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text(content, encoding="utf-8")
    result = shopassist("orders", "import", str(csv), "--database", demo_db)
    assert result.returncode == 2 and fragment in result.stderr, result.stderr


def test_operator_mistakes_are_one_line(demo_db: str, tmp_path: Path) -> None:
    missing = shopassist("orders", "import", str(tmp_path / "nope.csv"), "--database", demo_db)
    assert missing.returncode == 2 and "Cannot read" in missing.stderr
    binary = tmp_path / "orders.xlsx"
    binary.write_bytes(b"\xff\xfe\x00PK\x03\x04")
    latin = shopassist("orders", "import", str(binary), "--database", demo_db)
    assert latin.returncode == 2 and "not UTF-8" in latin.stderr
    csv = tmp_path / "ok.csv"
    csv.write_text("order_id,sku\n1,TEA-002\n", encoding="utf-8")
    shop = shopassist("orders", "import", str(csv), "--shop", "nope", "--database", demo_db)
    assert shop.returncode == 2 and "There is no shop 'nope'" in shop.stderr
    for result in (missing, latin, shop):
        assert len(result.stderr.strip().splitlines()) == 1


def test_pairs_show_support_confidence_and_lift(demo_db: str) -> None:
    result = shopassist("bundles", "pairs", "--limit", "3", "--database", demo_db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1,600 orders, 80 products"
    assert lines[1].split() == ["A", "B", "orders", "support", "confidence", "lift"]
    assert len(lines) == 5


def test_experiments_start_and_stop(demo_db: str) -> None:
    assert "bundle_strategy  off" in shopassist("experiments", "list", "--database", demo_db).stdout
    started = shopassist("experiments", "start", "bundle_strategy", "--database", demo_db)
    assert started.returncode == 0 and "Started bundle_strategy" in started.stdout
    assert (
        "bundle_strategy  running"
        in shopassist("experiments", "list", "--database", demo_db).stdout
    )
    shopassist("experiments", "stop", "bundle_strategy", "--database", demo_db)
    assert "bundle_strategy  off" in shopassist("experiments", "list", "--database", demo_db).stdout
    wrong = shopassist("experiments", "start", "colours", "--database", demo_db)
    assert wrong.returncode == 2 and "colours" in wrong.stderr


async def test_stats_from_a_real_conversation(demo_client: Any, config: Any) -> None:
    ws = await demo_client.ws_connect("/ws?shop=demo")
    await ws.send_json(
        {"type": "hello", "v": 1, "shop": "demo", "visitor": "stats", "locale": "de"}
    )
    await ws.receive_json(timeout=20)
    await ws.send_json({"type": "cart", "items": [{"sku": "MACH-001", "qty": 1}]})
    await ws.receive_json(timeout=20)
    offer = await ws.receive_json(timeout=20)
    await ws.send_json(
        {"type": "action", "name": "bundle_accept", "offer": offer["cards"][0]["offer"]}
    )
    await ws.receive_json(timeout=20)
    await ws.receive_json(timeout=20)
    result = shopassist("bundles", "stats", "--json", "--database", config.database_url)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["attach"]["successes"] == 1 and report["attach"]["trials"] == 1
    starter = next(o for o in report["offers"] if o["offer"] == "bundle:espresso-starter")
    assert (starter["shown"], starter["accepted"], starter["attach"]["rate"]) == (1, 1, 1.0)
    variants = report["experiments"]["bundle_strategy"]["variants"]
    assert sum(v["customers"] for v in variants) == 1
    text = shopassist("bundles", "stats", "--database", config.database_url).stdout
    assert text.startswith("Attach rate: 100.0% [")
    assert "bundle:espresso-starter" in text


def test_curated_bundles_set_and_list(demo_db: str) -> None:
    saved = shopassist(
        "bundles", "set", "coffee-break", "--title-de", "Kaffeepause", "--title-en", "Coffee break",
        "--sku", "BEAN-002", "--sku", "CUP-001", "--discount", "7.5", "--database", demo_db,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    listed = shopassist("bundles", "list", "--database", demo_db).stdout
    assert (
        "coffee-break: Kaffeepause / Coffee break; BEAN-002 + CUP-001; 7.5 % off as a set" in listed
    )
    assert "espresso-starter" in listed
    for args, fragment in (
        (["--sku", "NOPE", "--sku", "BEAN-001"], "has no product NOPE"),
        (["--sku", "BEAN-001"], "at least two different products"),
        (["--sku", "BEAN-001", "--sku", "CUP-001", "--discount", "100"], "--discount must be"),
    ):
        result = shopassist(
            "bundles",
            "set",
            "x",
            "--title-de",
            "a",
            "--title-en",
            "b",
            *args,
            "--database",
            demo_db,
        )
        assert result.returncode == 2 and fragment in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1

"""``bench/bundles.py --quick`` on the real Groceries baskets: it runs, prints its table and
the JSON line, and our ranking beats the baselines it was measured against in the same run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "groceries" / "baskets.csv.gz"


def test_bundle_bench_quick() -> None:
    assert DATA.exists(), f"{DATA} is missing: the Groceries baskets ship in bench/data"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bundles.py"), "--quick", "--without-mlxtend"],
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("popularity") for line in lines)
    figures = json.loads(lines[-1])
    assert {"ours_hit3", "best_baseline_hit3", "coverage", "us_per_suggestion"} <= set(figures)
    assert figures["queries"] == 2000
    assert figures["ours_hit3"] > figures["best_baseline_hit3"]
    assert figures["coverage"] > 0.25

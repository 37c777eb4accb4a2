"""Hostile input at scale: the fuzz tests (tests/test_fuzz.py) and the OpenAPI contract check
(tests/test_api_contract.py) with many more cases than CI runs.

    python bench/fuzz.py            # 2,500 examples each: over 10,000 WebSocket frames
    python bench/fuzz.py --quick    # 150 examples each

The last line is one JSON object: cases run, failures (must be 0), seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--examples", type=int, default=None)
    args = parser.parse_args()
    examples = args.examples or (150 if args.quick else 2500)
    with tempfile.NamedTemporaryFile("w+", suffix=".count", delete=False) as tmp:
        count_file = tmp.name
    env = {
        **os.environ,
        "SHOPASSIST_FUZZ_EXAMPLES": str(examples),
        "SHOPASSIST_FUZZ_COUNT_FILE": count_file,
    }
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=3600",
            "tests/test_fuzz.py",
            "tests/test_api_contract.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    counts: Counter[str] = Counter()
    for line in Path(count_file).read_text().splitlines():
        kind, n = line.split()
        counts[kind] += int(n)
    os.unlink(count_file)
    summary = (
        result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
    )
    failures = 0 if result.returncode == 0 else 1
    print(f"{'cases':<40} {'count':>8}")
    print(f"{'WebSocket frames (random and malformed)':<40} {counts['ws_frames']:>8}")
    print(f"{'HTTP bodies (random bytes and JSON)':<40} {counts['http_bodies']:>8}")
    print(f"{'schemathesis examples per operation':<40} {examples:>8}")
    print(f"pytest: {summary}")
    if failures:
        print(result.stdout[-3000:])
    print(
        json.dumps(
            {
                "ws_frames": counts["ws_frames"],
                "http_bodies": counts["http_bodies"],
                "cases": counts["ws_frames"] + counts["http_bodies"],
                "failures": failures,
                "seconds": round(seconds, 1),
            }
        )
    )
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()

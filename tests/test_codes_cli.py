"""``shopassist codes``: a shop's own discount codes made on the command line, listed with
what the chat checkout has used of them, and one clear line for each mistake."""

from __future__ import annotations

from pathlib import Path

from tests.servers import shopassist


def test_codes_add_and_list(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}"
    assert shopassist("demo", "load", "--database", db).returncode == 0
    added = shopassist(
        "codes", "add", "sommer10", "--percent", "10", "--min-order", "30", "--days", "14",
        "--uses", "100", "--database", db,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added SOMMER10 to shop 'demo'."
    assert shopassist("codes", "add", "DANKE5", "--amount", "5", "--database", db).returncode == 0
    listed = shopassist("codes", "list", "--database", db)
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("SOMMER10: 10 % off; from 30.00 EUR; used 0 of 100; until 20")
    assert lines[1] == "DANKE5: 5.00 EUR off; used 0 of no limit; until no end"
    for args, message in (
        (["SOMMER10", "--percent", "5"], "has the code SOMMER10 already"),
        (["X Y!", "--percent", "5"], "is not a code"),
        (["NEU", "--percent", "5", "--amount", "5"], "either --percent or --amount"),
        (["NEU", "--percent", "120"], "at most 100"),
        (["NEU", "--amount", "zehn"], "must be a number"),
        (["NEU", "--amount", "5", "--shop", "nope"], "There is no shop 'nope'"),
    ):
        failed = shopassist("codes", "add", *args, "--database", db)
        assert failed.returncode == 2 and message in failed.stderr, failed.stderr
        assert "Traceback" not in failed.stderr

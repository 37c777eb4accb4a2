"""``shopassist rules``: a shop's lifecycle rules listed with what they did, changed field by
field or from a file, added and removed; a bad rule is one line per field, exit code 2, and
nothing stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from assistant.cli import main


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop, loaded once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("rules") / "demo.db"
    result = CliRunner().invoke(main, ["demo", "load", "--database", _url(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db(loaded: Path, tmp_path: Path) -> str:
    copy = tmp_path / "shop.db"
    copy.write_bytes(loaded.read_bytes())
    return _url(copy)


def _url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["rules", *args])


def _stored(db: str) -> list[dict[str, Any]]:
    with sqlite3.connect(db.split("///", 1)[1]) as conn:
        (settings,) = conn.execute("SELECT settings FROM shop WHERE id = 'demo'").fetchone()
    return json.loads(settings).get("actions")


def test_list_show_and_set(db: str) -> None:
    listed = run("list", "demo", "--database", db)
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert [line.split("\t")[0] for line in lines][:3] == ["welcome", "win_back", "abandoned_cart"]
    assert "event order +7d\twidget,email\tevery 14d" in listed.output
    as_json = json.loads(run("list", "demo", "--json", "--database", db).output)
    assert as_json["own"] is False and as_json["rules"][1]["code"]["prefix"] == "WIEDERDA"

    changed = run(
        "set", "demo", "post_purchase", "--delay", "2h", "--text-de", "Alles gut angekommen?",
        "--channels", "email", "--database", db,
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    assert "Changed rule 'post_purchase' of shop 'demo'" in changed.output
    stored = {r["id"]: r for r in _stored(db)}
    assert len(stored) == 7  # the built-in rules, stored with the one change
    post = stored["post_purchase"]
    assert (post["delay_s"], post["channels"]) == (7200, ["email"])
    assert post["message"] == {
        "de": "Alles gut angekommen?",
        "en": "How happy are you with your order? We would love your feedback.",
    }
    shown = run("show", "demo", "post_purchase", "--database", db).output
    assert "delay: 2h\n" in shown and "text-de: Alles gut angekommen?\n" in shown


def test_bad_input_is_named_and_nothing_is_stored(db: str) -> None:
    for args, message in (
        (["--delay", "-3h"], "--delay: The delay cannot be negative."),
        (["--channels", "sms"], "--channels: Unknown channel “sms”"),
        (["--text-en", " "], "--text-en: The text cannot be empty in this language."),
        (["--limit", "-1"], "--limit: Must be at least 0."),
        (["--trigger", "sometimes"], "--trigger: Unknown trigger “sometimes”"),
        (["--code", "percent", "--code-value", "5"], "--text-de: The rule gives a discount code"),
        (["--delay", "soon"], "--delay: “soon” is not a duration"),
    ):
        failed = run("set", "demo", "post_purchase", *args, "--database", db)
        assert failed.exit_code == 2, failed.output
        assert message in failed.output and "nothing was changed" in failed.output
    assert _stored(db) is None
    missing = run("set", "demo", "nope", "--delay", "1h", "--database", db)
    assert missing.exit_code == 2 and "Shop 'demo' has no rule 'nope'" in missing.output
    no_shop = run("list", "nowhere", "--database", db)
    assert no_shop.exit_code == 2 and "There is no shop 'nowhere'" in no_shop.output


def test_add_from_a_file_and_remove(db: str, tmp_path: Path) -> None:
    rule = {
        "trigger": "event",
        "event": "review_posted",
        "min_score": 5,
        "channels": ["widget"],
        "message": {"de": "Danke! Ihr Code: {code}", "en": "Thanks! Your code: {code}"},
        "code": {"kind": "amount", "value": 5, "valid_days": 60, "prefix": "DANKE"},
    }
    path = tmp_path / "rule.json"
    path.write_text(json.dumps(rule), encoding="utf-8")
    added = run("add", "demo", "thanks", "--file", str(path), "--database", db)
    assert added.exit_code == 0, added.output
    again = run("add", "demo", "thanks", "--file", str(path), "--database", db)
    assert again.exit_code == 2 and "There is already a rule “thanks”." in again.output
    stored = _stored(db)
    assert stored[-1]["id"] == "thanks" and stored[-1]["code"]["value"] == 5
    removed = run("remove", "demo", "welcome", "--database", db)
    assert removed.exit_code == 0, removed.output
    assert _stored(db)[0]["id"] == "win_back"

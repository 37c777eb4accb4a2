"""``shopassist backup`` and ``shopassist check`` (issue 15): a consistent SQLite copy while
writes go on, which ``check --database`` accepts; PostgreSQL is pointed to pg_dump; ``check``
finds what stands between an installation and going live, with a non-zero exit."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from assistant.cli.readiness import clock_finding
from assistant.clock import utc_now
from assistant.config import Config
from assistant.storage.engine import create_engine
from tests.conftest import REDIS_URL, redis_prefix
from tests.servers import free_port, shopassist

KEY = {"SHOPASSIST_SECRET_KEY": "k" * 40}


def _path(url: str) -> str:
    return url.split("///", 1)[1]


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    assert shopassist("demo", "load", "--database", url).returncode == 0
    return url


def test_a_backup_under_load_holds_every_write_before_it_and_passes_check(
    demo_db: str, tmp_path: Path
) -> None:
    committed: list[int] = []
    stop = threading.Event()

    def write() -> None:
        """Another process's writes: one small transaction after another."""
        db = sqlite3.connect(_path(demo_db), timeout=30)
        n = 0
        while not stop.is_set():
            n += 1
            with db:
                db.execute(
                    "INSERT INTO app_setting (key, value, created_at) VALUES (?, ?, ?)",
                    (f"load-{n}", "x" * 200, "2026-12-01 00:00:00"),
                )
            committed.append(n)
        db.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(committed) < 200:  # the load is running before the backup starts
            stop.wait(0.01)
        before = len(committed)
        target = tmp_path / "backups" / "nightly.db"
        result = shopassist("backup", str(target), "--database", demo_db, env=KEY)
        assert result.returncode == 0, result.stderr
        during = len(committed)
    finally:
        stop.set()
        writer.join()
    assert during > before  # the writes went on while the copy was made
    assert f"to {target}" in result.stdout
    with sqlite3.connect(target) as copy:
        keys = {k for (k,) in copy.execute("SELECT key FROM app_setting WHERE key LIKE 'load-%'")}
        assert (copy.execute("PRAGMA integrity_check").fetchone()) == ("ok",)
    assert {f"load-{n}" for n in range(1, before + 1)} <= keys  # every write acknowledged before
    assert len(keys) <= len(committed)
    assert not list(target.parent.glob(".*partial"))
    checked = shopassist("check", "--database", f"sqlite:///{target}", env=KEY)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ok      migrations: the schema is current" in checked.stdout
    assert checked.stdout.strip().endswith("Ready.")


def test_postgresql_is_pointed_to_pg_dump(pg_url: str, tmp_path: Path) -> None:
    result = shopassist("backup", str(tmp_path / "x.dump"), "--database", pg_url)
    assert result.returncode == 2
    assert "is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom" in result.stderr
    assert "pg_restore" in result.stderr
    assert not (tmp_path / "x.dump").exists()


def test_a_backup_onto_the_database_itself_is_refused(demo_db: str) -> None:
    result = shopassist("backup", _path(demo_db), "--database", demo_db)
    assert result.returncode == 2
    assert "the backup must go to another file than the database" in result.stderr


def test_check_finds_each_problem_and_passes_once_they_are_fixed(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    env = {"SHOPASSIST_SECRET_KEY_FILE": str(tmp_path / "key")}
    empty = shopassist("check", "--database", db, env=env)
    assert empty.returncode == 1
    assert "PROBLEM migrations: the schema is at nothing" in empty.stdout

    added = shopassist(
        "shops", "add", "kaffee", "--adapter", "woocommerce", "--no-check",
        "--set", "base_url=https://kaffee.example", "--set", "consumer_key=ck_1",
        "--set", "consumer_secret=env:SHOPASSIST_SHOP_KAFFEE_SECRET", "--database", db, env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    found = shopassist("check", "--database", db, env=env)
    assert found.returncode == 1
    assert "PROBLEM shop kaffee origins: no page may embed the widget" in found.stdout
    assert (
        "PROBLEM shop kaffee secrets: consumer_secret: the environment variable "
        "SHOPASSIST_SHOP_KAFFEE_SECRET is not set"
    ) in found.stdout
    assert "2 problems to fix." in found.stderr

    fixed = shopassist(
        "shops", "set", "kaffee", "--origin", "https://kaffee.example", "--database", db, env=env
    )
    assert fixed.returncode == 0, fixed.stderr
    ready = shopassist(
        "check", "--database", db, env={**env, "SHOPASSIST_SHOP_KAFFEE_SECRET": "cs_1"}
    )
    assert ready.returncode == 0, ready.stdout
    assert "ok      shop kaffee secrets: all set" in ready.stdout
    assert ready.stdout.strip().endswith("Ready.")


def test_check_says_when_the_database_does_not_answer() -> None:
    result = shopassist("check", "--database", "postgresql://postgres@127.0.0.1:1/x")
    assert result.returncode == 1
    assert "PROBLEM database:" in result.stdout and "connection refused" in result.stdout


def _smtp_server() -> tuple[Any, int]:
    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


def test_check_tries_the_configured_mail_server_and_redis(demo_db: str) -> None:
    closed = str(free_port())
    down = shopassist(
        "check", "--database", demo_db,
        env={**KEY, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": closed,
             "REDIS_URL": f"redis://127.0.0.1:{closed}/0"},
    )  # fmt: skip
    assert down.returncode == 1
    assert f"PROBLEM smtp: 127.0.0.1:{closed} does not answer as a mail server" in down.stdout
    assert f"PROBLEM redis: redis://127.0.0.1:{closed}/0 does not answer" in down.stdout
    assert "2 problems to fix." in down.stderr

    next(redis_prefix())  # the test Redis is up (or the test fails / skips as everywhere)
    controller, port = _smtp_server()
    try:
        up = shopassist(
            "check", "--database", demo_db,
            env={**KEY, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "REDIS_URL": REDIS_URL},
        )  # fmt: skip
    finally:
        controller.stop()
    assert up.returncode == 0, up.stdout + up.stderr
    assert f"ok      smtp: 127.0.0.1:{port} answers" in up.stdout
    assert "ok      redis: " in up.stdout
    plain = shopassist("check", "--database", demo_db, env=KEY)
    assert "smtp" not in plain.stdout and "redis" not in plain.stdout  # not configured


def test_check_finds_a_clock_behind_the_stored_data(demo_db: str) -> None:
    ok = shopassist("check", "--database", demo_db, env=KEY)
    assert "ok      clock: " in ok.stdout and "as the file system says" in ok.stdout
    with sqlite3.connect(_path(demo_db)) as db:
        tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
        db.execute("UPDATE shop SET created_at = ?", (tomorrow,))
    behind = shopassist("check", "--database", demo_db, env=KEY)
    assert behind.returncode == 1
    assert "PROBLEM clock: behind the data: the newest stored record is from " in behind.stdout


async def test_a_clock_apart_from_the_file_systems_is_a_problem(demo_db: str) -> None:
    config = Config(database_url=demo_db).validated()
    engine = create_engine(demo_db, pool_size=1)
    try:
        right = await clock_finding(config, engine)
        ahead = await clock_finding(config, engine, lambda: utc_now() + timedelta(minutes=10))
    finally:
        await engine.dispose()
    assert right.ok, right
    assert not ahead.ok and ahead.text.startswith("600 s apart from the file system's"), ahead


def test_check_compares_the_clock_with_postgresql(pg_url: str) -> None:
    assert shopassist("migrate", "--database", pg_url).returncode == 0
    result = shopassist("check", "--database", pg_url, env=KEY)
    assert "ok      clock: " in result.stdout and "as the database server says" in result.stdout

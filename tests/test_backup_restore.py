"""Done when 3 of issue 15: ``shopassist backup`` while a running server takes shoppers'
messages gives a file that ``shopassist check --database`` accepts and that holds every message
acknowledged before the backup began; ``shopassist restore`` puts it back, and the restarted
server answers and shows the history."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.servers import LiveServer, shopassist

KEY = {"SHOPASSIST_SECRET_KEY": "k" * 40}
#: All shoppers come from 127.0.0.1: the per-address limit would stop the load, not the test.
UNLIMITED = {"SHOPASSIST_HTTP_PER_SECOND": "10000", "SHOPASSIST_HTTP_BURST": "100000"}
SHOPPERS = 4


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())


def _history(live: LiveServer, visitor: str, conversation: str) -> list[dict[str, Any]]:
    url = (
        f"{live.url}/api/v1/history?shop=demo&visitor={visitor}&conversation={conversation}&after=0"
    )
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read())["messages"]


class Shopper(threading.Thread):
    """Sends messages one after another over the widget's HTTP protocol and notes each ack
    with the moment it came."""

    def __init__(self, live: LiveServer, n: int, stop: threading.Event) -> None:
        super().__init__()
        self.live, self.stop = live, stop
        self.visitor = f"v-backup-{n:02d}-{'x' * 12}"
        self.conversation: str | None = None
        self.acked: list[tuple[float, str]] = []

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            text = f"{self.visitor} Frage {i}: Wie lange dauert der Versand?"
            body = {"v": 1, "shop": "demo", "visitor": self.visitor, "locale": "de",
                    "conversation": self.conversation, "client_id": f"c{i}", "text": text}  # fmt: skip
            result = _post(self.live.url + "/api/v1/messages", body)
            assert result["ack"]["client_id"] == f"c{i}", result
            self.conversation = result["conversation"]
            self.acked.append((time.monotonic(), text))


@pytest.fixture
def live(tmp_path: Path) -> Any:
    db = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    assert shopassist("demo", "load", "--database", db, env=KEY).returncode == 0
    server = LiveServer(db, tmp_path, env={**KEY, **UNLIMITED}).start()
    try:
        yield server
    finally:
        server.stop()


def _texts(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {t for (t,) in db.execute("SELECT text FROM message WHERE direction = 'in'")}


def test_a_backup_of_a_chatting_server_holds_every_acked_message_and_restores(
    live: LiveServer, tmp_path: Path
) -> None:
    stop = threading.Event()
    shoppers = [Shopper(live, n, stop) for n in range(SHOPPERS)]
    for shopper in shoppers:
        shopper.start()
    try:
        while sum(len(s.acked) for s in shoppers) < 40:  # the load runs before the backup
            if not all(s.is_alive() for s in shoppers):
                break
            stop.wait(0.05)
        began = time.monotonic()
        target = tmp_path / "backups" / "nightly.db"
        backup = shopassist("backup", str(target), "--database", live.database_url, env=KEY)
        ended = time.monotonic()
        stop.wait(0.5)  # and goes on after it
    finally:
        stop.set()
        for shopper in shoppers:
            shopper.join(30)
    assert all(not s.is_alive() for s in shoppers)
    assert backup.returncode == 0, backup.stderr
    before = {text for s in shoppers for at, text in s.acked if at < began}
    after = {text for s in shoppers for at, text in s.acked if at > ended}
    assert len(before) >= 40 and after, (len(before), len(after))
    saved = _texts(target)
    assert before <= saved, f"acknowledged but not in the backup: {sorted(before - saved)[:5]}"
    assert not after & saved  # the backup is one moment, not a mix of later writes

    checked = shopassist("check", "--database", f"sqlite:///{target}", env=KEY)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().endswith("Ready.")

    # The database is lost after the backup: the server stops, the backup goes back in place.
    live.stop()
    db_file = Path(live.database_url.split("///", 1)[1])
    with sqlite3.connect(db_file) as db:
        db.execute("DELETE FROM message")
    restored = shopassist("restore", str(target), "--database", live.database_url, env=KEY)
    assert restored.returncode == 0, restored.stderr
    assert "shopassist check" in restored.stdout
    assert shopassist("check", "--database", live.database_url, env=KEY).returncode == 0
    assert _texts(db_file) == saved

    live.start()
    shopper = shoppers[0]
    assert shopper.conversation is not None
    shown = [m["text"] for m in _history(live, shopper.visitor, shopper.conversation)]
    mine = {text for at, text in shopper.acked if at < began}
    assert mine <= set(shown)
    answer = _post(
        live.url + "/api/v1/messages",
        {"v": 1, "shop": "demo", "visitor": shopper.visitor, "locale": "de",
         "conversation": shopper.conversation, "client_id": "after-restore",
         "text": "Welche Zahlungsarten gibt es?"},
    )  # fmt: skip
    assert "PayPal" in answer["reply"]["text"]


def test_a_damaged_backup_is_refused_and_the_database_kept(
    live: LiveServer, tmp_path: Path
) -> None:
    live.stop()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    db_file = Path(live.database_url.split("///", 1)[1])
    kept = _texts(db_file), db_file.stat().st_size
    result = shopassist("restore", str(broken), "--database", live.database_url, env=KEY)
    assert result.returncode == 2
    assert "Restore failed:" in result.stderr and "the database was not changed" in result.stderr
    assert (_texts(db_file), db_file.stat().st_size) == kept


def test_postgresql_is_pointed_to_pg_restore(pg_url: str, tmp_path: Path) -> None:
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")
    result = shopassist("restore", str(dump), "--database", pg_url)
    assert result.returncode == 2
    assert "is PostgreSQL: restore a pg_dump file with pg_restore --clean" in result.stderr

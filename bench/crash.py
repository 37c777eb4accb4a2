"""Nothing acknowledged is lost, nothing is stored twice: `kill -9` the server under load.

    python bench/crash.py              # SQLite: 3 kills; PostgreSQL: 1 kill and 1 database restart
    python bench/crash.py --quick      # SQLite: 1 kill (under a minute)

Clients behave like the widget: each of N connections sends messages with its own client ids,
keeps every message until it is acknowledged, and after a dropped connection reconnects (with
backoff) and resends what was not acknowledged. Meanwhile the server process is killed with
SIGKILL and started again (and, for PostgreSQL, the database server is restarted under load).
Afterwards the database is checked: every acknowledged message is stored exactly once, and no
message has more than one reply. Exits non-zero if anything acknowledged was lost or doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).with_name("shopassist")
PG_ADMIN = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, database_url: str, workdir: Path) -> None:
        self.database_url = database_url
        self.port = _free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "SHOPASSIST_MAX_CONNECTIONS_PER_IP": "100000",
            "SHOPASSIST_FRAMES_PER_SECOND": "100000",
            "SHOPASSIST_FRAME_BURST": "100000",
            "SHOPASSIST_DB_TIMEOUT": "3",
        }

    def start(self) -> None:
        log = (self.workdir / "server.log").open("ab")
        self.proc = subprocess.Popen(
            [str(BIN), "serve", "--port", str(self.port), "--database", self.database_url],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


@dataclass
class Stats:
    sent: int = 0
    acked: set[str] = field(default_factory=set)
    errors: int = 0
    reconnects: int = 0


async def _client(url: str, visitor: str, stats: Stats, stop: asyncio.Event, seed: int) -> None:
    """One widget: keeps a pending list, resends after every reconnect, like widget.js."""
    rng = random.Random(seed)
    pending: dict[str, str] = {}
    conversation: str | None = None
    n = 0
    backoff = 0.05
    async with aiohttp.ClientSession() as http:
        while not (stop.is_set() and not pending):
            try:
                async with http.ws_connect(url, timeout=aiohttp.ClientWSTimeout(ws_close=2)) as ws:
                    hello = {
                        "type": "hello",
                        "v": 1,
                        "shop": "demo",
                        "visitor": visitor,
                        "locale": "de",
                    }
                    if conversation:
                        hello["conversation"] = conversation
                    await ws.send_json(hello)
                    welcome = await ws.receive_json(timeout=10)
                    if welcome.get("type") != "welcome":
                        raise ConnectionError(welcome)
                    backoff = 0.05
                    for cid, text in list(pending.items()):  # resend what was never acknowledged
                        await ws.send_json({"type": "message", "client_id": cid, "text": text})
                    while not (stop.is_set() and not pending):
                        if not stop.is_set() and len(pending) < 2:
                            n += 1
                            cid = f"{visitor}-{n}"
                            pending[cid] = rng.choice(
                                ["Versandkosten?", "Rücksendung", "Zahlung per Rechnung?"]
                            )
                            stats.sent += 1
                            await ws.send_json(
                                {"type": "message", "client_id": cid, "text": pending[cid]}
                            )
                        frame = await ws.receive_json(timeout=10)
                        if frame.get("type") == "ack":
                            pending.pop(frame["client_id"], None)
                            stats.acked.add(frame["client_id"])
                            conversation = frame.get("conversation") or conversation
                        elif frame.get("type") == "error":
                            stats.errors += 1
                            await asyncio.sleep(0.2)
                            for cid in list(pending):
                                if cid == frame.get("client_id"):
                                    await ws.send_json(
                                        {"type": "message", "client_id": cid, "text": pending[cid]}
                                    )
            except (
                aiohttp.ClientError,
                ConnectionError,
                TimeoutError,
                OSError,
                TypeError,
                ValueError,
            ):
                stats.reconnects += 1
                await asyncio.sleep(backoff * (0.5 + rng.random()))
                backoff = min(2.0, backoff * 2)


async def _load(
    url: str, conns: int, stats: Stats, stop: asyncio.Event
) -> list[asyncio.Task[None]]:
    run = uuid.uuid4().hex[:6]
    return [
        asyncio.create_task(_client(url, f"crash-{run}-{i}", stats, stop, i)) for i in range(conns)
    ]


async def _verify(database_url: str, acked: set[str]) -> tuple[int, int, int]:
    """(acknowledged but missing, stored more than once, messages with more than one reply)."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from assistant.storage.engine import create_engine, session_factory
    from assistant.storage.models import Message

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            rows = (
                await db.exec(
                    select(Message.client_id, func.count())
                    .where(Message.direction == "in", col(Message.client_id).is_not(None))
                    .group_by(Message.client_id)
                )
            ).all()
            replies = (
                await db.exec(
                    select(Message.conversation_id, Message.reply_to, func.count())
                    .where(Message.direction == "out", col(Message.reply_to).is_not(None))
                    .group_by(Message.conversation_id, Message.reply_to)
                )
            ).all()
    finally:
        await engine.dispose()
    stored = {cid: n for cid, n in rows}
    missing = sum(1 for cid in acked if cid not in stored)
    doubled = sum(1 for n in stored.values() if n > 1)
    double_replies = sum(1 for _, _, n in replies if n > 1)
    return missing, doubled, double_replies


async def _scenario(
    name: str,
    database_url: str,
    workdir: Path,
    conns: int,
    rounds: int,
    hold: float,
    pg_restart: bool,
) -> dict[str, object]:
    load = [str(BIN), "demo", "load", "--database", database_url]
    await asyncio.to_thread(subprocess.run, load, check=True, capture_output=True)
    server = Server(database_url, workdir)
    await asyncio.to_thread(server.start)
    url = f"ws://127.0.0.1:{server.port}/ws?shop=demo"
    stats, stop = Stats(), asyncio.Event()
    tasks = await _load(url, conns, stats, stop)
    try:
        for _ in range(rounds):
            await asyncio.sleep(hold)
            await asyncio.to_thread(server.kill)
            await asyncio.sleep(0.3)
            await asyncio.to_thread(server.start)
        if pg_restart:
            await asyncio.sleep(hold)
            cluster = sorted(os.listdir("/etc/postgresql"))[0]
            await asyncio.to_thread(
                subprocess.run,
                ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
                check=True,
                capture_output=True,
            )
        await asyncio.sleep(hold)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
    finally:
        for task in tasks:
            task.cancel()
        server.stop()
    missing, doubled, double_replies = await _verify(database_url, stats.acked)
    return {
        "scenario": name,
        "sent": stats.sent,
        "acked": len(stats.acked),
        "reconnects": stats.reconnects,
        "errors": stats.errors,
        "lost": missing,
        "duplicates": doubled + double_replies,
        "kills": rounds,
    }


async def _pg_database() -> tuple[str, str]:
    import asyncpg
    from sqlalchemy.engine import make_url

    name = f"shopassist_crash_{uuid.uuid4().hex[:10]}"
    admin = make_url(PG_ADMIN).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return name, make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)


async def _drop_pg(name: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN).set(drivername="postgresql").render_as_string(hide_password=False)
    for _ in range(50):
        try:
            conn = await asyncpg.connect(admin)
            break
        except OSError:
            await asyncio.sleep(0.2)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def main_async(args: argparse.Namespace) -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="shopassist-crash-") as tmp:
        workdir = Path(tmp)
        sqlite = f"sqlite+aiosqlite:///{workdir / 'crash.db'}"
        kills = 1 if args.quick else args.kills
        results.append(
            await _scenario(
                f"sqlite, {kills} x kill -9", sqlite, workdir, args.conns, kills, args.hold, False
            )
        )
        if not args.quick and not args.no_postgres:
            name, url = await _pg_database()
            try:
                results.append(
                    await _scenario(
                        "postgres, kill -9 + db restart",
                        url,
                        workdir,
                        args.conns,
                        1,
                        args.hold,
                        True,
                    )
                )
            finally:
                await _drop_pg(name)
    print(
        f"{'scenario':<34} {'sent':>7} {'acked':>7} {'reconn':>7} {'errors':>7} {'lost':>5} {'dupes':>6}"
    )
    for r in results:
        print(
            f"{r['scenario']:<34} {r['sent']:>7} {r['acked']:>7} {r['reconnects']:>7} {r['errors']:>7} "
            f"{r['lost']:>5} {r['duplicates']:>6}"
        )
    lost = sum(int(r["lost"]) for r in results)  # type: ignore[call-overload]
    dupes = sum(int(r["duplicates"]) for r in results)  # type: ignore[call-overload]
    kills = sum(1 if args.quick else args.kills for _ in results[:1]) + (
        1 if len(results) > 1 else 0
    )
    print(
        json.dumps(
            {
                "kills": kills,
                "acked": sum(int(r["acked"]) for r in results),
                "lost": lost,
                "duplicates": dupes,
            }
        )
    )  # type: ignore[call-overload]
    return 1 if lost or dupes else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="SQLite, one kill")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--conns", type=int, default=50)
    parser.add_argument(
        "--hold", type=float, default=3.0, help="seconds of load between disruptions"
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sys.exit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()

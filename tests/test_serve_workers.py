"""``shopassist serve --workers 2``: two processes on one port answer shoppers, a worker
killed with SIGKILL is replaced while the other keeps answering, SIGTERM stops them all, and a
configuration that cannot work with several workers is refused before anything starts."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import REDIS_URL, postgres_database, redis_prefix
from tests.servers import LiveServer, shopassist

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_database() -> Iterator[str]:
    yield from postgres_database()


@pytest.fixture
def prefix() -> Iterator[str]:
    yield from redis_prefix()


def workers_of(pid: int) -> set[int]:
    """The live child processes of ``pid`` (read from /proc)."""
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            children.add(int(entry.name))
    return children


def wait_for(predicate, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


async def shoppers_answered(url: str, count: int) -> int:
    """Connect ``count`` shoppers at once; each asks one question. How many got an answer."""

    async def one(index: int) -> bool:
        async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}/ws?shop=demo") as ws:
            await ws.send_json({"type": "hello", "v": 1, "shop": "demo",
                                "visitor": f"w{index}-{os.getpid()}", "locale": "de"})  # fmt: skip
            assert (await ws.receive_json(timeout=10))["type"] == "welcome"
            await ws.send_json({"type": "message", "client_id": f"m{index}",
                                "text": "Wie lange dauert der Versand?"})  # fmt: skip
            for _ in range(10):
                frame = await ws.receive_json(timeout=10)
                if frame["type"] == "reply":
                    return "Versand" in frame["text"] or "Werktag" in frame["text"]
            return False

    return sum(await asyncio.gather(*(one(i) for i in range(count))))


def test_two_workers_share_the_port_and_replace_a_killed_one(
    pg_database: str, prefix: str, tmp_path: Path
) -> None:
    done = shopassist("demo", "load", "--database", pg_database)
    assert done.returncode == 0, done.stderr
    server = LiveServer(
        pg_database, tmp_path, env={"REDIS_URL": REDIS_URL, "SHOPASSIST_REDIS_PREFIX": prefix},
        args=("--workers", "2"),
    ).start()  # fmt: skip
    try:
        assert server.proc is not None
        supervisor = server.proc.pid
        wait_for(lambda: len(workers_of(supervisor)) == 2)
        assert asyncio.run(shoppers_answered(server.url, 20)) == 20

        first, second = sorted(workers_of(supervisor))
        os.kill(first, signal.SIGKILL)
        # The other worker answers meanwhile; a replacement takes the killed one's place.
        assert asyncio.run(shoppers_answered(server.url, 20)) == 20
        wait_for(lambda: len(workers_of(supervisor)) == 2 and first not in workers_of(supervisor))
        assert second in workers_of(supervisor)
        assert "starting another" in server.log.read_text()

        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=40) == 0
        assert workers_of(supervisor) == set()
        assert "Traceback" not in server.log.read_text()
    finally:
        server.stop(kill=True)


def test_several_workers_on_sqlite_are_refused_with_a_reason(tmp_path: Path) -> None:
    done = shopassist(
        "serve", "--workers", "2", "--port", "0",
        "--database", f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}",
    )  # fmt: skip
    assert done.returncode == 2
    assert "needs PostgreSQL" in done.stderr
    assert "Traceback" not in done.stderr

"""Two real ``shopassist serve`` processes on one PostgreSQL database, joined by Redis: an
agent on instance A talks to a shopper on instance B, a knowledge-base edit reaches B's index,
presence is shared, and a Redis outage leaves each instance serving its own connections."""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.conftest import REDIS_URL, postgres_database, redis_prefix
from tests.consoles import PASSWORD, Stream, act, frames_until, say, sign_in
from tests.servers import LiveServer, RedisServer, shopassist

pytestmark = pytest.mark.postgres
ASK_FOR_HUMAN = "Ich möchte mit einem Mitarbeiter sprechen"
SOMEONE_IS_COMING = "gleich ist jemand persönlich für Sie da"
_ids = itertools.count()


@pytest.fixture
def pg_database() -> Iterator[str]:
    yield from postgres_database()


@pytest.fixture
def prefix() -> Iterator[str]:
    yield from redis_prefix()


def _prepare(database: str) -> None:
    """The demo shop and two agents, once, before either instance starts."""
    for args, stdin in (
        (("demo", "load"), None),
        (("agents", "add", "anna@example.com", "--name", "Anna", "--password-stdin"), PASSWORD),
        (("agents", "add", "ben@example.com", "--name", "Ben", "--password-stdin"), PASSWORD),
    ):
        done = shopassist(*args, "--database", database, input=stdin and stdin + "\n")
        assert done.returncode == 0, done.stderr


@asynccontextmanager
async def cluster(
    database: str, workdir: Path, redis_url: str, prefix: str
) -> AsyncIterator[tuple[LiveServer, LiveServer]]:
    await asyncio.to_thread(_prepare, database)
    env = {"REDIS_URL": redis_url, "SHOPASSIST_REDIS_PREFIX": prefix}
    servers = []
    try:
        for name in ("a", "b"):
            (workdir / name).mkdir()
            server = LiveServer(database, workdir / name, env=env)
            servers.append(server)
            await asyncio.to_thread(server.start)  # one after the other: each migrates
        yield servers[0], servers[1]
    finally:
        for server in servers:
            await asyncio.to_thread(server.stop)
    for server in servers:
        assert "Traceback" not in server.log.read_text()


def browser(server: LiveServer) -> aiohttp.ClientSession:
    """A client of one instance with its own cookies (the console's session)."""
    return aiohttp.ClientSession(base_url=server.url, cookie_jar=aiohttp.CookieJar(unsafe=True))


async def shopper(http: aiohttp.ClientSession, visitor: str) -> Any:
    ws = await http.ws_connect("/ws?shop=demo")
    await ws.send_json(
        {"type": "hello", "v": 1, "shop": "demo", "visitor": visitor, "locale": "de"}
    )
    assert (await ws.receive_json(timeout=10))["type"] == "welcome"
    return ws


async def reply_with(ws: Any, text: str) -> dict[str, Any]:
    """The next ``reply`` frame containing ``text`` (earlier frames are skipped)."""
    for _ in range(20):
        frame = (await frames_until(ws, "reply"))[-1]
        if text in frame["text"]:
            return frame
    raise AssertionError(f"no reply with {text!r}")


async def event_with(stream: Stream, name: str, text: str) -> dict[str, Any]:
    for _ in range(20):
        data = await stream.next(name)
        if text in str(data):
            return data
    raise AssertionError(f"no {name} event with {text!r}")


async def waiting_row(inbox: Stream, known: set[str]) -> dict[str, Any]:
    """The inbox row of a conversation newly waiting for a human."""
    for _ in range(20):
        row = await inbox.next("row")
        if row["status"] == "waiting" and row["id"] not in known:
            return row
    raise AssertionError("no new waiting conversation")


async def ask(http: aiohttp.ClientSession, visitor: str, text: str) -> dict[str, Any]:
    """One message over the HTTP API; returns the reply."""
    resp = await http.post(
        "/api/v1/messages",
        json={"v": 1, "shop": "demo", "visitor": visitor, "locale": "de",
              "client_id": f"q{next(_ids)}", "text": text},
    )  # fmt: skip
    assert resp.status == 200, await resp.text()
    return dict((await resp.json())["reply"])


async def health(http: aiohttp.ClientSession) -> dict[str, Any]:
    resp = await http.get("/healthz")
    assert resp.status == 200  # a Redis outage never takes an instance out of the balancer
    return dict(await resp.json())


async def until_redis(http: aiohttp.ClientSession, state: str) -> None:
    for _ in range(300):
        if (await health(http)).get("redis") == state:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"redis never became {state!r}: {await health(http)}")


async def test_agent_on_a_talks_to_shopper_on_b_and_kb_edits_reach_b(
    tmp_path: Path, pg_database: str, prefix: str
) -> None:
    async with (
        cluster(pg_database, tmp_path, REDIS_URL, prefix) as (a, b),
        browser(a) as anna,
        browser(b) as ben,
        browser(b) as shop,
    ):
        assert (await health(anna)) == {"status": "ok", "database": "ok", "redis": "ok"}
        token = await sign_in(anna, "anna@example.com")
        inbox = await Stream.open(anna)  # Anna is online, on A

        # Presence is shared: B's console shows her, and B's bot tells its shopper so.
        await sign_in(ben, "ben@example.com")
        page = await (await ben.get("/console/")).text()
        online = re.search(r'<span id="online"[^>]*>([^<]*)</span>', page)
        assert online is not None and online.group(1) == "Anna"
        ws = await shopper(shop, "on-b")
        await say(ws, "h1", ASK_FOR_HUMAN)
        assert SOMEONE_IS_COMING in (await frames_until(ws, "reply"))[-1]["text"]

        # Anna, on A, sees the waiting conversation arrive live and takes it over.
        conversation = (await waiting_row(inbox, set()))["id"]
        live = await Stream.open(anna, conversation)
        taken = await act(anna, token, f"/console/conversations/{conversation}/takeover")
        assert taken.status == 200
        assert (await reply_with(ws, "Sie chatten jetzt mit Anna"))["author"] == "system"
        assert (await frames_until(ws, "status"))[-1] == {
            "type": "status", "status": "agent", "agent": "Anna",
        }  # fmt: skip

        # Typing and messages both ways between the instances.
        await act(anna, token, f"/console/conversations/{conversation}/typing")
        assert (await frames_until(ws, "typing"))[-1]["name"] == "Anna"
        sent = await act(
            anna,
            token,
            f"/console/conversations/{conversation}/messages",
            text="Wie kann ich helfen?",
        )
        assert sent.status == 200
        answer = await reply_with(ws, "Wie kann ich helfen?")
        assert answer["author"] == "agent" and answer["agent"] == {"name": "Anna"}
        await ws.send_json({"type": "typing"})
        assert (await live.next("typing"))["author"] == "shopper"
        await say(ws, "s1", "Wo bleibt Bestellung 4711?")
        assert "Bestellung 4711" in (await live.next("message"))["html"]
        live.close()
        inbox.close()
        await ws.close()

        # A knowledge-base edit (by the CLI, on neither instance) reaches both indexes.
        question, fact = "Bietet ihr Kaffeeseminare an?", "jeden ersten Samstag im Monat"
        assert fact not in (await ask(shop, "kb-b", question))["text"]  # B's index is loaded
        assert fact not in (await ask(anna, "kb-a", question))["text"]
        faq = tmp_path / "seminar.csv"
        faq.write_text(f'id,lang,question,answer\nseminar,de,{question},"Ja, {fact}."\n')
        env = {"REDIS_URL": REDIS_URL, "SHOPASSIST_REDIS_PREFIX": prefix}
        done = await asyncio.to_thread(
            shopassist, "kb", "import", str(faq), "--database", pg_database, env=env
        )
        assert done.returncode == 0 and "1 new" in done.stdout, done.stderr
        assert "Warning" not in done.stderr
        for http, visitor in ((shop, "kb-b"), (anna, "kb-a")):
            for _ in range(100):  # the event is on its way the moment the command ends
                reply = await ask(http, visitor, question)
                if fact in reply["text"]:
                    break
                await asyncio.sleep(0.01)
            assert reply["text"] == f"Ja, {fact}."


async def test_each_instance_serves_its_own_through_a_redis_outage(
    tmp_path: Path, pg_database: str, prefix: str
) -> None:
    redis = RedisServer(tmp_path).start()
    try:
        async with (
            cluster(pg_database, tmp_path, redis.url, prefix) as (a, b),
            browser(a) as anna,
            browser(a) as http_a,
            browser(b) as http_b,
        ):
            token = await sign_in(anna, "anna@example.com")
            inbox = await Stream.open(anna)
            near, far = await shopper(http_a, "on-a"), await shopper(http_b, "on-b")
            conversations = {}
            for name, ws in (("near", near), ("far", far)):
                await say(ws, f"{name}-1", ASK_FOR_HUMAN)
                assert SOMEONE_IS_COMING in (await frames_until(ws, "reply"))[-1]["text"]
                row = await waiting_row(inbox, set(conversations.values()))
                conversations[name] = row["id"]
                path = f"/console/conversations/{row['id']}/takeover"
                assert (await act(anna, token, path)).status == 200
                await reply_with(ws, "Sie chatten jetzt mit Anna")
            far_live = await Stream.open(anna, conversations["far"])

            redis.kill()
            await until_redis(http_a, "unreachable")
            await until_redis(http_b, "unreachable")
            assert (await health(http_b))["status"] == "degraded"
            # Each instance goes on with its own connections: Anna and the shopper on A ...
            near_path = f"/console/conversations/{conversations['near']}/messages"
            assert (await act(anna, token, near_path, text="Bin gleich da.")).status == 200
            assert (await reply_with(near, "Bin gleich da."))["author"] == "agent"
            # ... and B's bot with a new shopper on B.
            other = await shopper(http_b, "also-on-b")
            await say(other, "o1", "Wie lange dauert der Versand?")
            assert "1-3 Werktage" in (await frames_until(other, "reply"))[-1]["text"]
            await other.close()

            redis.start()
            await until_redis(http_a, "ok")
            await until_redis(http_b, "ok")
            far_path = f"/console/conversations/{conversations['far']}/messages"
            assert (await act(anna, token, far_path, text="Wieder da!")).status == 200
            assert (await reply_with(far, "Wieder da!"))["author"] == "agent"
            await say(far, "far-2", "Schön, danke!")
            assert "Schön, danke!" in (await event_with(far_live, "message", "Schön"))["html"]
            far_live.close()
            inbox.close()
            for ws in (near, far):
                await ws.close()
    finally:
        redis.kill()

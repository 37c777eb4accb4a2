"""What instances keep in step through Redis, in one process: two apps on one SQLite file,
each with its own index, shop cache and Redis connection, as two servers would have."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.faq.articles import SMALL_IMPORT, ArticleService
from knowledge_base import Article
from tests.conftest import REDIS_URL
from tests.consoles import add_agent
from tests.servers import RedisServer
from web.app import create_app
from web.keys import articles_key, sessions_key, shop_settings_key

pytestmark = pytest.mark.redis
QUESTION, ANSWER = "Bietet ihr Kaffeeseminare an?", "Ja, jeden ersten Samstag im Monat."
SEMINAR = Article(slug="seminar", lang="de", question=QUESTION, answer=ANSWER)
_ids = itertools.count()
Client = Any


async def instance(
    aiohttp_client: Any, sqlite_url: str, redis_url: str, prefix: str, name: str
) -> Client:
    config = Config(database_url=sqlite_url, redis_url=redis_url, redis_prefix=prefix)
    return await aiohttp_client(create_app(config.validated(), instance=name))


async def ask(client: Client, text: str = QUESTION, origin: str | None = None) -> Any:
    return await client.post(
        "/api/v1/messages",
        json={"v": 1, "shop": "demo", "visitor": "v", "locale": "de",
              "client_id": f"c{next(_ids)}", "text": text},
        headers={"Origin": origin} if origin else {},
    )  # fmt: skip


async def answer(client: Client) -> str:
    resp = await ask(client)
    assert resp.status == 200
    return str((await resp.json())["reply"]["text"])


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Until ``check`` holds: the change travels through Redis and another connection."""
    for _ in range(300):
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("it never happened")


async def test_an_article_saved_on_one_instance_is_answered_by_the_other(
    aiohttp_client: Any, sqlite_url: str, redis_prefix: str
) -> None:
    a = await instance(aiohttp_client, sqlite_url, REDIS_URL, redis_prefix, "A")
    b = await instance(aiohttp_client, sqlite_url, REDIS_URL, redis_prefix, "B")
    await load_demo(a.app[sessions_key])
    assert await answer(b) != ANSWER  # B has built its index: only an announcement helps now
    await a.app[articles_key].save("demo", SEMINAR)
    assert await answer(a) == ANSWER  # at once, where it was saved

    async def b_answers() -> bool:
        return await answer(b) == ANSWER

    await eventually(b_answers)
    await b.app[articles_key].delete("demo", "seminar", "de")
    assert await answer(b) != ANSWER

    async def a_forgot() -> bool:
        return await answer(a) != ANSWER

    await eventually(a_forgot)


async def test_a_large_import_on_one_instance_is_rebuilt_by_the_other(
    aiohttp_client: Any, sqlite_url: str, redis_prefix: str
) -> None:
    a = await instance(aiohttp_client, sqlite_url, REDIS_URL, redis_prefix, "A")
    b = await instance(aiohttp_client, sqlite_url, REDIS_URL, redis_prefix, "B")
    await load_demo(a.app[sessions_key])
    assert await answer(b) != ANSWER
    many = [
        Article(slug=f"extra-{n}", lang="de", question=f"Frage Nummer {n}?", answer=f"Antwort {n}.")
        for n in range(SMALL_IMPORT + 5)
    ]
    report = await a.app[articles_key].import_articles("demo", [*many, SEMINAR])
    assert report.created == SMALL_IMPORT + 6

    async def b_answers() -> bool:
        return await answer(b) == ANSWER

    await eventually(b_answers)


async def test_origins_saved_in_the_console_of_one_instance_reach_the_other(
    aiohttp_client: Any, sqlite_url: str, redis_prefix: str
) -> None:
    a = await instance(aiohttp_client, sqlite_url, REDIS_URL, redis_prefix, "A")
    b = await instance(aiohttp_client, sqlite_url, REDIS_URL, redis_prefix, "B")
    await load_demo(a.app[sessions_key])
    admin = await add_agent(a.app, "admin@example.com", admin=True)
    partner = "https://partner.example"
    refused = await ask(b, "Hallo", origin=partner)
    assert refused.status == 403  # and B has the shop cached now
    await a.app[shop_settings_key].save_origins(admin, "demo", f"self\n{partner}")

    async def allowed() -> bool:
        return (await ask(b, "Hallo", origin=partner)).status == 200

    await eventually(allowed)


async def test_what_was_missed_during_an_outage_is_reloaded_when_redis_returns(
    aiohttp_client: Any, sqlite_url: str, redis_prefix: str, tmp_path: Path
) -> None:
    redis = RedisServer(tmp_path).start()
    try:
        b = await instance(aiohttp_client, sqlite_url, redis.url, redis_prefix, "B")
        await load_demo(b.app[sessions_key])
        assert await answer(b) != ANSWER
        redis.kill()

        async def health(state: str) -> bool:
            resp = await b.get("/healthz")
            body = await resp.json()
            return resp.status == 200 and body["redis"] == state

        await eventually(lambda: health("unreachable"))
        assert (await (await b.get("/healthz")).json())["status"] == "degraded"
        # Meanwhile an article changes where nobody can tell B (the CLI without Redis).
        await ArticleService(b.app[sessions_key]).save("demo", SEMINAR)
        assert await answer(b) != ANSWER
        redis.start()
        await eventually(lambda: health("ok"))

        async def b_answers() -> bool:
            return await answer(b) == ANSWER

        await eventually(b_answers)
    finally:
        redis.kill()

"""Per-client limits shared through Redis: two instances (two apps on one SQLite file, one
Redis) together allow what one would, not twice as much."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from tests.conftest import REDIS_URL
from tests.consoles import PASSWORD, add_agent, csrf_in
from tests.servers import RedisServer
from web.app import create_app
from web.keys import sessions_key

pytestmark = pytest.mark.redis
UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}
PROXY = {"trusted_proxies": ("127.0.0.1",)}


async def _pair(
    aiohttp_client: Any, sqlite_url: str, prefix: str, redis_url: str = REDIS_URL, **limits: Any
) -> tuple[Any, Any]:
    config = Config(
        database_url=sqlite_url,
        redis_url=redis_url,
        redis_prefix=prefix,
        password_cost_log2=10,
        **limits,
    ).validated()
    a = await aiohttp_client(create_app(config, instance="a"))
    b = await aiohttp_client(create_app(config, instance="b"))
    await load_demo(a.app[sessions_key])
    return a, b


async def _history(client: Any, ip: str = "203.0.113.5") -> int:
    resp = await client.get(
        "/api/v1/history",
        params={"shop": "demo", "visitor": "x"},
        headers={"X-Forwarded-For": ip},
    )
    return int(resp.status)


async def test_api_calls_are_counted_across_instances(
    aiohttp_client: Any, sqlite_url: str, redis_prefix: str
) -> None:
    a, b = await _pair(
        aiohttp_client,
        sqlite_url,
        redis_prefix,
        http_requests_per_second=0.01,
        http_burst=4,
        **PROXY,
    )
    statuses = [await _history(client) for client in (a, b, a, b, a, b)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert await _history(b, "203.0.113.6") == 200  # another client has its own budget


async def test_failed_sign_ins_are_counted_across_instances(
    aiohttp_client: Any, sqlite_url: str, redis_prefix: str
) -> None:
    a, b = await _pair(aiohttp_client, sqlite_url, redis_prefix, **PROXY)
    await add_agent(a.app, "anna@example.com")
    counter = itertools.count()

    async def login(client: Any, email: str, password: str, ip: str) -> int:
        page = await client.get("/console/login")
        resp = await client.post(
            "/console/login",
            data={
                "_csrf": csrf_in(await page.text()),
                "email": email,
                "password": password,
                "next": "/console/",
            },
            headers={"X-Forwarded-For": ip},
            allow_redirects=False,
        )
        return int(resp.status)

    # 5 per account: 3 on a, 2 on b, and the account is locked on both.
    for client in (a, a, a, b, b):
        assert (
            await login(client, "anna@example.com", "wrong", f"198.51.100.{next(counter)}") == 401
        )
    assert await login(a, "anna@example.com", PASSWORD, "203.0.113.1") == 429
    assert await login(b, "anna@example.com", PASSWORD, "203.0.113.1") == 429
    # 20 per IP: 10 on each instance.
    for i in range(20):
        status = await login((a, b)[i % 2], f"user{i}@example.com", "wrong", "198.51.100.200")
        assert status == 401
    assert await login(a, "x@example.com", "wrong", "198.51.100.200") == 429


async def test_sockets_per_ip_are_counted_across_instances(
    aiohttp_client: Any, sqlite_url: str, redis_prefix: str
) -> None:
    a, b = await _pair(aiohttp_client, sqlite_url, redis_prefix, max_connections_per_ip=2, **PROXY)
    ip = {"X-Forwarded-For": "203.0.113.9"}
    first = await a.ws_connect("/ws?shop=demo", headers=ip)
    await b.ws_connect("/ws?shop=demo", headers=ip)
    refused = await a.get("/ws?shop=demo", headers={**UPGRADE, **ip})
    assert refused.status == 429
    assert (await refused.json())["code"] == "too_many_connections"
    await first.close()
    await b.ws_connect("/ws?shop=demo", headers=ip)  # the slot is free again, on any instance


async def test_without_redis_each_instance_still_limits_on_its_own(
    aiohttp_client: Any, sqlite_url: str, tmp_path: Path, redis_prefix: str
) -> None:
    """A Redis outage does not open the gates, and it does not lock everyone out."""
    server = RedisServer(tmp_path).start()
    try:
        a, _ = await _pair(
            aiohttp_client,
            sqlite_url,
            redis_prefix,
            redis_url=server.url,
            http_requests_per_second=0.01,
            http_burst=2,
            **PROXY,
        )
        assert await _history(a) == 200
        server.kill()
        statuses = [await _history(a) for _ in range(3)]
        assert statuses == [200, 200, 429]  # counted in memory meanwhile
    finally:
        server.kill()

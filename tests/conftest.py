"""Shared fixtures: real databases (a SQLite file per test, a fresh PostgreSQL database per
test), the app through ``aiohttp_client``, and a real ``shopassist serve`` process for the
browser tests."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import redis
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy.engine import make_url

from assistant.config import Config
from assistant.demo.loader import load_demo
from tests.mail import Inbox
from tests.servers import free_port
from web.app import create_app
from web.keys import sessions_key

pytest_plugins = ["tests.browser"]

# The machines that run the suite are shared: a property test must fail on a wrong answer,
# never because a neighbour made one example slow.
hypothesis_settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("shared-machine")

# The test SMTP servers (aiosmtpd) log every connection at INFO from their own thread, also
# after a test's captured output is closed ("Logging error ... I/O operation on closed file"
# in the run's output); their warnings and errors still show.
logging.getLogger("mail.log").setLevel(logging.WARNING)

PG_ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# `make test` sets this: there a PostgreSQL (or Redis) that cannot be reached is a failure,
# not a skip.
REQUIRE_SERVICES = os.environ.get("SHOPASSIST_REQUIRE_SERVICES") == "1"


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'shopassist.db'}"


def _in_thread(coro: Any) -> Any:
    """Run a coroutine to completion on its own loop (fixtures below are synchronous so that
    both async and sync tests can use them)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _admin() -> asyncpg.Connection:
    return await asyncpg.connect(_asyncpg_dsn(PG_ADMIN_URL), timeout=5)


async def _create_db(name: str) -> None:
    conn = await _admin()
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop_db(name: str) -> None:
    conn = await _admin()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def postgres_database() -> Iterator[str]:
    """A brand-new PostgreSQL database, dropped afterwards."""
    name = f"shopassist_t_{uuid.uuid4().hex[:16]}"
    try:
        _in_thread(_create_db(name))
    except (OSError, asyncpg.PostgresError) as err:
        if REQUIRE_SERVICES:
            pytest.fail(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {err}")
        pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {err}")
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _in_thread(_drop_db(name))


def redis_prefix() -> Iterator[str]:
    """A key and channel prefix of its own on the test Redis, so parallel runs never meet;
    its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except (redis.RedisError, OSError) as err:
        client.close()
        if REQUIRE_SERVICES:
            pytest.fail(f"Redis unreachable at {REDIS_URL}: {err}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {err}")
    prefix = f"shopassist-t-{uuid.uuid4().hex[:12]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(name="redis_prefix")
def redis_prefix_fixture() -> Iterator[str]:
    yield from redis_prefix()


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from postgres_database()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'shopassist.db'}"
    else:
        yield from postgres_database()


@pytest.fixture
def make_config(sqlite_url: str) -> Callable[..., Config]:
    def build(**changes: Any) -> Config:
        changes.setdefault("database_url", sqlite_url)
        changes.setdefault("password_cost_log2", 10)  # cheap hashes: tests check the logic
        return Config(**changes).validated()

    return build


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config()


@pytest.fixture
async def demo_client(aiohttp_client: Any, config: Config) -> Any:
    """A test client for the app on a fresh SQLite file with the demo shop loaded."""
    return await _demo_client(aiohttp_client, config)


async def _demo_client(aiohttp_client: Any, config: Config) -> Any:
    app = create_app(config)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


@pytest.fixture
async def any_db_client(aiohttp_client: Any, database_url: str) -> Any:
    """The demo app, once on SQLite and once on PostgreSQL."""
    return await _demo_client(
        aiohttp_client, Config(database_url=database_url, password_cost_log2=10).validated()
    )


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a free port for the test's e-mails: its inbox and its port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()

"""The installation's secret key: configured (the environment), or generated once and kept in
a file outside the database, so that a copy of the database cannot forge console sessions."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.errors import ConfigError
from assistant.security.secret_key import derive_key, installation_secret
from tests.consoles import add_agent, sign_in
from web.app import create_app
from web.keys import sessions_key


async def test_generated_once_kept_in_a_file_and_shared(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    # Two instances starting at the same moment agree on one key.
    first, second = await asyncio.gather(
        asyncio.to_thread(installation_secret, None, path),
        asyncio.to_thread(installation_secret, None, path),
    )
    assert first == second and len(first) >= 32
    assert installation_secret(None, path) == first  # and after a restart
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the owner's only
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no leftovers
    assert installation_secret("x" * 40, path) == "x" * 40  # the setting wins


def test_an_unusable_key_file_is_a_clear_error(tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("abc\n")
    with pytest.raises(ConfigError, match="shorter than 32 characters"):
        installation_secret(None, short)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    with pytest.raises(ConfigError, match="SHOPASSIST_SECRET_KEY"):
        installation_secret(None, blocked / "secret_key")


def test_where_the_generated_key_lives() -> None:
    sqlite = Config(database_url="sqlite+aiosqlite:////srv/shop/shopassist.db").validated()
    assert sqlite.secret_key_path == Path("/srv/shop/shopassist.db.secret_key")
    pg = Config(database_url="postgresql+asyncpg://u@db/shop").validated()
    assert pg.secret_key_path == Path("var") / "secret_key"
    chosen = Config.from_env({"SHOPASSIST_SECRET_KEY_FILE": "/run/secrets/key"})
    assert chosen.secret_key_path == Path("/run/secrets/key")


async def test_a_copy_of_the_database_cannot_forge_a_console_session(
    aiohttp_client: Any, make_config: Callable[..., Config], tmp_path: Path
) -> None:
    original = tmp_path / "live" / "shopassist.db"
    original.parent.mkdir()
    live = await aiohttp_client(
        create_app(make_config(database_url=f"sqlite+aiosqlite:///{original}"))
    )
    await load_demo(live.app[sessions_key])
    await add_agent(live.app, "root@example.com", admin=True)
    await sign_in(live, "root@example.com")
    cookie = "; ".join(f"{c.key}={c.value}" for c in live.session.cookie_jar)
    assert (await live.get("/console/", allow_redirects=False)).status == 200

    # An attacker with a copy of the database (not of the server's files) runs their own.
    leaked = tmp_path / "leak" / "shopassist.db"
    leaked.parent.mkdir()
    _backup(original, leaked)
    forger = await aiohttp_client(
        create_app(make_config(database_url=f"sqlite+aiosqlite:///{leaked}"))
    )
    # The same cookie on a server with the copied database: with the key kept in the database
    # it would open the console; with the key outside, the copy's server cannot read it.
    refused = await forger.get("/console/", headers={"Cookie": cookie}, allow_redirects=False)
    assert refused.status == 303 and refused.headers["Location"].startswith("/console/login")


def test_keys_per_purpose_differ() -> None:
    assert derive_key("s" * 40, "console-session") != derive_key("s" * 40, "other")
    assert len(derive_key("s" * 40, "console-session")) == 32


def test_configured_key_must_be_long_and_stays_out_of_repr() -> None:
    with pytest.raises(ConfigError, match="at least 32 characters"):
        Config.from_env({"SHOPASSIST_SECRET_KEY": "short"})
    config = Config.from_env({"SHOPASSIST_SECRET_KEY": "k" * 40})
    assert config.secret_key == "k" * 40 and "k" * 40 not in repr(config)


def _backup(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite database (what a backup or a leak contains)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)

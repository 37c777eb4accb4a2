"""Password hashes: scrypt, self-describing, constant-time checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.security.passwords import (
    DEFAULT_COST,
    Cost,
    PasswordTooShort,
    check_policy,
    hash_password,
    needs_rehash,
    verify_password,
)
from assistant.storage.models import Agent
from tests.consoles import PASSWORD, add_agent, sign_in
from web.app import create_app
from web.keys import config_key, sessions_key

CHEAP = Cost(n=2**10, r=8, p=1)  # the format and the checks, without the deliberate cost


def test_hash_verifies_and_is_salted() -> None:
    first = hash_password("correct horse battery", CHEAP)
    second = hash_password("correct horse battery", CHEAP)
    assert first != second and first.startswith("scrypt$1024$8$1$")
    assert verify_password("correct horse battery", first)
    assert not verify_password("correct horse batterY", first)
    assert not verify_password("", first)


def test_default_cost_is_owasps_minimum() -> None:
    """N=2^17, r=8, p=1: 128 MiB per guess. (Checked without hashing at that cost, which
    takes seconds on a busy machine; the hashing itself is the same code as CHEAP's.)"""
    assert (DEFAULT_COST.n, DEFAULT_COST.r, DEFAULT_COST.p) == (2**17, 8, 1)
    assert Cost.of(Config().password_cost_log2) == DEFAULT_COST
    assert Cost.of(Config.from_env({}).password_cost_log2) == DEFAULT_COST
    assert DEFAULT_COST.maxmem > 128 * 2**20
    # What the default cost before (N=2^15) stored is upgraded on the next sign-in.
    assert needs_rehash("scrypt$32768$8$1$c2FsdA$aGFzaA")
    assert not needs_rehash("scrypt$131072$8$1$c2FsdA$aGFzaA")
    assert needs_rehash(hash_password("correct horse battery", CHEAP))
    assert not needs_rehash(hash_password("correct horse battery", CHEAP), CHEAP)


@pytest.mark.parametrize("stored", [None, "", "md5$abc", "scrypt$x$8$1$aa$bb", "scrypt$1$2$3"])
def test_unknown_or_broken_hashes_never_verify(stored: str | None) -> None:
    assert verify_password("anything at all", stored) is False


def test_policy() -> None:
    with pytest.raises(PasswordTooShort):
        check_policy("short")
    with pytest.raises(PasswordTooShort):
        check_policy("x" * 1025)
    check_policy("long enough!")


async def test_signing_in_rehashes_a_password_stored_at_a_lower_cost(
    aiohttp_client: Any, make_config: Callable[..., Config]
) -> None:
    """Raising the cost upgrades each agent's hash when they next sign in."""
    low = await aiohttp_client(create_app(make_config(password_cost_log2=10)))
    await load_demo(low.app[sessions_key])
    await add_agent(low.app, "anna@example.com")
    assert (await _stored(low, "anna@example.com")).startswith("scrypt$1024$8$1$")
    database = low.app[config_key].database_url
    await low.close()
    high = await aiohttp_client(
        create_app(make_config(database_url=database, password_cost_log2=11))
    )
    await sign_in(high, "anna@example.com")
    upgraded = await _stored(high, "anna@example.com")
    assert upgraded.startswith("scrypt$2048$8$1$")
    assert verify_password(PASSWORD, upgraded)
    await sign_in(await aiohttp_client(high.server), "anna@example.com")  # the new hash works

    assert await _stored(high, "anna@example.com") == upgraded


async def _stored(client: Any, email: str) -> str:
    async with client.app[sessions_key]() as db:
        agent = (await db.exec(select(Agent).where(Agent.email == email))).one()
    return agent.password_hash

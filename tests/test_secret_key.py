"""The installation's secret key: configured, or generated once and shared through the
database by every instance."""

from __future__ import annotations

import asyncio

import pytest

from assistant.config import Config
from assistant.errors import ConfigError
from assistant.security.secret_key import derive_key, shared_secret
from assistant.storage.engine import create_engine, session_factory
from assistant.storage.migrate import upgrade


async def test_generated_once_and_shared(database_url: str) -> None:
    engine = create_engine(database_url)
    await upgrade(engine)
    sessions = session_factory(engine)
    try:
        # Two instances starting at the same moment agree on one key.
        first, second = await asyncio.gather(
            shared_secret(sessions, None), shared_secret(sessions, None)
        )
        assert first == second and len(first) >= 32
        assert await shared_secret(sessions, None) == first  # and after a restart
        assert await shared_secret(sessions, "x" * 40) == "x" * 40  # the setting wins
    finally:
        await engine.dispose()


def test_keys_per_purpose_differ() -> None:
    assert derive_key("s" * 40, "console-session") != derive_key("s" * 40, "other")
    assert len(derive_key("s" * 40, "console-session")) == 32


def test_configured_key_must_be_long_and_stays_out_of_repr() -> None:
    with pytest.raises(ConfigError, match="at least 32 characters"):
        Config.from_env({"SHOPASSIST_SECRET_KEY": "short"})
    config = Config.from_env({"SHOPASSIST_SECRET_KEY": "k" * 40})
    assert config.secret_key == "k" * 40 and "k" * 40 not in repr(config)

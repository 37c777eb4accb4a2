from __future__ import annotations

import pytest

from assistant.config import Config, normalise_database_url
from assistant.errors import ConfigError


def test_defaults_to_the_sqlite_file() -> None:
    config = Config.from_env({})
    assert config.database_url == "sqlite+aiosqlite:///var/shopassist.db"
    assert (config.host, config.port) == ("127.0.0.1", 8080)


def test_environment_and_flags() -> None:
    env = {"DATABASE_URL": "postgresql://u:secret@db/x", "HOST": "0.0.0.0", "PORT": "9000"}
    config = Config.from_env(env, port=9100)
    assert config.database_url == "postgresql+asyncpg://u:secret@db/x"
    assert (config.host, config.port) == ("0.0.0.0", 9100)


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"PORT": "eighty"}, "PORT must be a whole number"),
        ({"PORT": "70000"}, "PORT must be between"),
        ({"DATABASE_URL": "mysql://x/y"}, "Unsupported database 'mysql'"),
        ({"DATABASE_URL": "::::"}, "Bad database URL"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL must be"),
        ({"SHOPASSIST_FAQ_ANSWER": "high"}, "SHOPASSIST_FAQ_ANSWER must be a number"),
        ({"SHOPASSIST_FAQ_SUGGEST": "1.5"}, "SHOPASSIST_FAQ_SUGGEST must be between 0 and 1"),
        ({"SHOPASSIST_FAQ_ANSWER": "0.2", "SHOPASSIST_FAQ_SUGGEST": "0.4"}, "must not be above"),
        ({"REDIS_URL": "http://cache:6379"}, "Bad REDIS_URL"),
        ({"REDIS_URL": "redis://"}, "names no host"),
        ({"REDIS_URL": "redis://cache:port"}, "bad port"),
        ({"REDIS_URL": "redis://cache:6379/first"}, "the database must be a number"),
        ({"SHOPASSIST_REDIS_PREFIX": "my prefix"}, "SHOPASSIST_REDIS_PREFIX must be"),
        ({"SHOPASSIST_REDIS_TIMEOUT": "0"}, "SHOPASSIST_REDIS_TIMEOUT must be positive"),
    ],
)
def test_bad_settings_say_what_to_fix(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        Config.from_env(env)


def test_password_never_appears_in_errors() -> None:
    with pytest.raises(ConfigError) as info:
        normalise_database_url("oracle://user:hunter2@host/db")
    assert "hunter2" not in str(info.value)


def test_checkout_settings_from_the_environment() -> None:
    config = Config.from_env(
        {"SHOPASSIST_CHECKOUT_IDLE_MINUTES": "45", "SHOPASSIST_SHOP_TIMEOUT": "2.5"}
    )
    assert (config.checkout_idle_minutes, config.shop_timeout_s) == (45, 2.5)
    with pytest.raises(ConfigError, match="SHOPASSIST_CHECKOUT_IDLE_MINUTES"):
        Config.from_env({"SHOPASSIST_CHECKOUT_IDLE_MINUTES": "0"})
    with pytest.raises(ConfigError, match="SHOPASSIST_SHOP_TIMEOUT"):
        Config.from_env({"SHOPASSIST_SHOP_TIMEOUT": "-1"})


def test_redis_is_off_unless_configured_and_its_password_stays_hidden() -> None:
    assert Config.from_env({}).redis_url is None
    env = {"REDIS_URL": "redis://:s3cret@cache:6379/2", "SHOPASSIST_REDIS_PREFIX": "shop-a:"}
    config = Config.from_env(env)
    assert (config.redis_url, config.redis_prefix) == ("redis://:s3cret@cache:6379/2", "shop-a:")
    assert "s3cret" not in repr(config)
    with pytest.raises(ConfigError) as failed:
        Config.from_env({"REDIS_URL": "redis://:s3cret@cache:port/2"})
    assert "s3cret" not in str(failed.value)

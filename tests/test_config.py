from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pytest

from assistant.config import Config, Declared, normalise_database_url, read_env, setting, settings
from assistant.errors import ConfigError
from tests.paths import ROOT


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


# -- one declaration per setting, and the docs agree with it -------------------------------

DOCS = ROOT / "docs" / "configuration.md"


def _documented() -> dict[str, tuple[str, str, str]]:
    """``variable -> (type, range, default)`` from the table in docs/configuration.md."""
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].startswith("`") and cells[0].endswith("`"):
            assert cells[0][1:-1] not in rows, f"{cells[0]} is listed twice in {DOCS}"
            rows[cells[0][1:-1]] = (cells[1], cells[2], cells[3])
    return rows


def _row(d: Declared) -> str:
    return f"| `{d.env}` | {d.kind} | {d.setting.range_text()} | {d.default_text()} | ... |"


def test_every_declared_setting_is_documented_as_declared() -> None:
    documented = _documented()
    for d in settings():
        assert d.env in documented, f"add to {DOCS.name}: {_row(d)}"
        expected = (d.kind, d.setting.range_text(), d.default_text())
        assert documented[d.env] == expected, f"{DOCS.name} should read: {_row(d)}"


def test_every_documented_setting_is_declared() -> None:
    declared = {d.env for d in settings()}
    extra = sorted(set(_documented()) - declared)
    assert extra == [], f"{DOCS.name} lists settings that assistant/config.py does not read"


def test_each_environment_variable_sets_its_setting() -> None:
    """Every declared variable reaches its field (a typo in a name cannot hide)."""
    samples = {"integer": "7", "number": "0.5", "boolean": "1", "text": "x", "list": "a, b"}
    for d in settings():
        if d.setting.is_prefix or d.name in {"database_url", "redis_url", "secret_key"}:
            continue
        other = [c for c in d.setting.choices if c != d.default]
        raw = other[0].lower() if other else samples[d.kind]
        if d.name == "redis_prefix":
            raw = "x:"
        if d.name == "shop_secrets":
            raw = '{"demo": {"identity": "' + "i" * 40 + '"}}'
        if d.name == "password_cost_log2":
            raw = "12"
        if d.name == "trusted_proxies":
            raw = "10.0.0.0/8, ::1"
        if d.name == "metrics_token":
            raw = "t" * 20
        if d.name == "public_url":
            raw = "https://assistant.example.com"
        if d.name == "email_confirm_days":
            raw = "3"  # the sample 7 is its default
        if d.name == "faq_suggest":
            raw = "0.3"  # the sample 0.5 is above the default answer threshold
        config = Config.from_env({d.env: raw})
        assert getattr(config, d.name) != d.default, d.env


def test_bounds_apply_to_flags_and_direct_values_too() -> None:
    with pytest.raises(ConfigError, match="PORT must be between 0 and 65535"):
        Config.from_env({}, port=70000)
    with pytest.raises(ConfigError, match="SHOPASSIST_FRAME_BURST must be between"):
        Config(frame_burst=0).validated()
    with pytest.raises(ConfigError, match="SHOPASSIST_SWEEP_S must be at least 0"):
        Config.from_env({"SHOPASSIST_SWEEP_S": "-1"})
    assert Config.from_env({"SHOPASSIST_SWEEP_S": "0"}).lifecycle_sweep_s == 0
    assert Config.from_env({"LOG_LEVEL": "debug", "LOG_FORMAT": "JSON"}).log_level == "DEBUG"
    assert Config.from_env({"SHOPASSIST_MAX_IMPORT_MB": "2"}).max_import_bytes == 2 * 1024**2


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"SMTP_STARTTLS": "maybe"}, "SMTP_STARTTLS must be 1 or 0"),
        ({"SHOPASSIST_DB_TIMEOUT": "nan"}, "SHOPASSIST_DB_TIMEOUT must be a number"),
        ({"SHOPASSIST_DB_TIMEOUT": "-2"}, "SHOPASSIST_DB_TIMEOUT must be positive"),
        ({"SHOPASSIST_TRUSTED_PROXIES": "10.0.0.0/8,nginx"}, "'nginx' is no address"),
        ({"SHOPASSIST_METRICS_TOKEN": "short"}, "METRICS_TOKEN must have at least 16"),
    ],
)
def test_more_bad_settings_say_what_to_fix(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        Config.from_env(env)


def test_secrets_stay_out_of_the_repr() -> None:
    env = {"SMTP_PASSWORD": "hunter2", "SHOPASSIST_SECRET_KEY": "k" * 40}
    assert "hunter2" not in repr(Config.from_env(env))
    assert "k" * 40 not in repr(Config.from_env(env))


@dataclass(frozen=True, slots=True)
class _Future:
    """Settings of kinds Config may need next: a list and a family of variables."""

    proxies: tuple[str, ...] = setting("X_TRUSTED_PROXIES", ())
    shop_env: Mapping[str, str] = setting("X_SHOP_*", factory=dict, secret=True)
    timeout_s: float | None = setting("X_TIMEOUT", None, positive=True)


def test_lists_and_families_of_variables_are_one_declaration_each() -> None:
    env = {"X_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2,", "X_SHOP_A": "1", "X_SHOP_B": "2"}
    values = read_env(_Future, env)
    assert values == {
        "proxies": ("10.0.0.1", "10.0.0.2"),
        "shop_env": {"X_SHOP_A": "1", "X_SHOP_B": "2"},
    }
    assert read_env(_Future, {"X_TIMEOUT": "1.5"}) == {"timeout_s": 1.5}
    assert [d.kind for d in settings(_Future)] == ["list", "variables", "number"]
    with pytest.raises(ConfigError, match="X_TIMEOUT must be positive"):
        read_env(_Future, {"X_TIMEOUT": "0"})
    assert "X_SHOP" not in repr(_Future(**values))  # type: ignore[arg-type]


def test_shop_secrets_from_the_environment_leave_out_settings_of_their_own() -> None:
    env = {"SHOPASSIST_SHOP_KAFFEE_KEY": "k1", "SHOPASSIST_SHOP_TIMEOUT": "3"}
    config = Config.from_env(env)
    assert dict(config.shop_env) == {"SHOPASSIST_SHOP_KAFFEE_KEY": "k1"}
    assert config.shop_timeout_s == 3.0
    assert "k1" not in repr(config)

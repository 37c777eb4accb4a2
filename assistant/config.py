"""Typed settings, read once from the environment and validated before anything starts.

Nothing else in the code base reads ``os.environ``: the CLI builds a :class:`Config` with
:meth:`Config.from_env` plus its own overrides and hands it down explicitly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from assistant.errors import ConfigError

DEFAULT_DB_PATH = Path("var") / "shopassist.db"
#: The demo FAQ's calibrated thresholds (see README, "Knowledge base").
FAQ_ANSWER = 0.52
FAQ_SUGGEST = 0.15

# Synchronous driver names people paste from other tools, mapped onto the async drivers we ship.
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


def default_database_url(path: Path = DEFAULT_DB_PATH) -> str:
    return f"sqlite+aiosqlite:///{path}"


def normalise_database_url(raw: str) -> str:
    """Return the URL with an async driver, or raise :class:`ConfigError` saying how to fix it."""
    hint = "use sqlite+aiosqlite:///path/to/file.db or postgresql+asyncpg://user@host:5432/db"
    try:
        url: URL = make_url(raw.strip())
    except ArgumentError:
        raise ConfigError(f"Bad database URL {_mask(raw)!r}: {hint}.") from None
    driver = _ASYNC_DRIVERS.get(url.drivername)
    if driver is None:
        raise ConfigError(f"Unsupported database {url.drivername!r} in DATABASE_URL: {hint}.")
    url = url.set(drivername=driver)
    if driver.startswith("sqlite") and not url.database:
        raise ConfigError(f"The SQLite URL {_mask(raw)!r} names no file: {hint}.")
    return url.render_as_string(hide_password=False)


def display_url(raw: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    return _mask(raw)


def _mask(raw: str) -> str:
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except ArgumentError:
        return raw.split("@")[-1] if "@" in raw else raw


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}.")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}.") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {value}.")
    return value


def _share(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number from 0 to 1, got {raw!r}.") from None
    if not 0 <= value <= 1:
        raise ConfigError(f"{name} must be between 0 and 1, got {value}.")
    return value


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the running service needs to know; immutable once built."""

    database_url: str = default_database_url()
    host: str = "127.0.0.1"
    port: int = 8080
    log_level: str = "INFO"
    # Protocol limits.
    max_text_chars: int = 2000
    max_frame_bytes: int = 16 * 1024
    history_limit: int = 200
    # Group commit: messages of many connections are committed together, up to this many.
    write_batch_size: int = 128
    db_timeout_s: float = 10.0
    migrate_on_start: bool = True
    # FAQ decision thresholds on the matcher's confidence (0..1), chosen for the demo FAQ by
    # bench/faq_accuracy.py; a shop's settings {"faq": {"answer": .., "suggest": ..}} win.
    faq_answer: float = FAQ_ANSWER
    faq_suggest: float = FAQ_SUGGEST

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: object) -> Config:
        """Build from environment variables; ``overrides`` (CLI flags) win when not ``None``."""
        values: dict[str, object] = {
            "database_url": env.get("DATABASE_URL") or default_database_url(),
            "host": env.get("HOST") or "127.0.0.1",
            "port": _int(env, "PORT", 8080, 0, 65535),
            "log_level": (env.get("LOG_LEVEL") or "INFO").upper(),
            "write_batch_size": _int(env, "SHOPASSIST_WRITE_BATCH", 128, 1, 10_000),
            "db_timeout_s": _float(env, "SHOPASSIST_DB_TIMEOUT", 10.0),
            "faq_answer": _share(env, "SHOPASSIST_FAQ_ANSWER", FAQ_ANSWER),
            "faq_suggest": _share(env, "SHOPASSIST_FAQ_SUGGEST", FAQ_SUGGEST),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).validated()  # type: ignore[arg-type]

    def validated(self) -> Config:
        if self.log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(
                f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {self.log_level!r}."
            )
        if not 0 <= self.faq_suggest <= self.faq_answer <= 1:
            raise ConfigError(
                "SHOPASSIST_FAQ_SUGGEST must not be above SHOPASSIST_FAQ_ANSWER "
                f"(got {self.faq_suggest} and {self.faq_answer})."
            )
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"The port must be between 0 and 65535, got {self.port}.")
        return dataclasses.replace(self, database_url=normalise_database_url(self.database_url))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def replace(self, **changes: object) -> Config:
        return dataclasses.replace(self, **changes).validated()  # type: ignore[arg-type]

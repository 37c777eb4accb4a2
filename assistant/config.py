"""Typed settings, read once from the environment and validated before anything starts.

Nothing else in the code base reads ``os.environ``: the CLI builds a :class:`Config` with
:meth:`Config.from_env` plus its own overrides and hands it down explicitly.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from assistant.errors import ConfigError

DEFAULT_DB_PATH = Path("var") / "shopassist.db"
_PREFIX = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
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


def check_redis_url(raw: str) -> None:
    """``redis://[:password@]host[:port][/db]``, ``rediss://`` (TLS) or ``unix:///path``."""
    parts = urlsplit(raw.strip())
    hint = "use redis://host:6379/0 (rediss:// for TLS, unix:///path/to/redis.sock)"
    shown = redis_display_url(raw)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"Bad REDIS_URL {shown!r}: {hint}.")
    if parts.scheme != "unix" and not parts.hostname:
        raise ConfigError(f"REDIS_URL {shown!r} names no host: {hint}.")
    try:
        parts.port  # noqa: B018 (raises for a port that is not a number)
    except ValueError:
        raise ConfigError(f"REDIS_URL {shown!r} has a bad port: {hint}.") from None
    db = parts.path.strip("/")
    if parts.scheme != "unix" and db and not db.isdigit():
        raise ConfigError(f"REDIS_URL {shown!r}: the database must be a number: {hint}.")


def redis_display_url(raw: str) -> str:
    """The Redis URL without its password, for messages and logs."""
    parts = urlsplit(raw.strip())
    user, at, host = parts.netloc.rpartition("@")
    login = (user.split(":")[0] + ":***@") if at else ""
    return f"{parts.scheme}://{login}{host}{parts.path}"


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


def _lifecycle_env(env: Mapping[str, str]) -> dict[str, object]:
    starttls = (env.get("SMTP_STARTTLS") or "").lower()
    if starttls not in ("", "0", "1", "true", "false", "yes", "no"):
        raise ConfigError(f"SMTP_STARTTLS must be 1 or 0, got {starttls!r}.")
    sweep = env.get("SHOPASSIST_SWEEP_S")
    return {
        "lifecycle_sweep_s": 0.0 if sweep == "0" else _float(env, "SHOPASSIST_SWEEP_S", 60.0),
        "smtp_host": env.get("SMTP_HOST") or None,
        "smtp_port": _int(env, "SMTP_PORT", 25, 1, 65535),
        "smtp_from": env.get("SMTP_FROM") or "assistant@localhost",
        "smtp_user": env.get("SMTP_USER") or None,
        "smtp_password": env.get("SMTP_PASSWORD") or None,
        "smtp_starttls": starttls in ("1", "true", "yes"),
    }


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
    log_format: str = "auto"  # json | text | auto (text on a terminal)
    # Protocol limits.
    max_text_chars: int = 2000
    max_frame_bytes: int = 16 * 1024
    history_limit: int = 200
    # Group commit: messages of many connections are committed together, up to this many.
    write_batch_size: int = 128
    db_timeout_s: float = 10.0
    # Abuse limits (per client IP, per connection).
    max_connections_per_ip: int = 200
    frames_per_second: float = 10.0
    frame_burst: int = 30
    http_requests_per_second: float = 20.0
    http_burst: int = 60
    # Files given to `kb import` and `orders import`.
    max_import_bytes: int = 50 * 1024 * 1024
    migrate_on_start: bool = True
    # Product feeds: how long one download may take, and how often the background task looks
    # for shops whose feed is due for its refresh.
    feed_timeout_s: float = 120.0
    feed_check_s: float = 60.0
    # Checkout and order status.
    shop_timeout_s: float = 5.0
    checkout_idle_minutes: int = 30
    abandon_sweep_s: float = 60.0
    #: Wrong order-status guesses allowed per visitor and per IP within the window.
    order_lookup_attempts: int = 5
    order_lookup_window_minutes: int = 15
    # Agent console. Without a secret key one is generated and kept in the database.
    secret_key: str | None = field(default=None, repr=False)
    console_session_hours: int = 12
    # Bundles: a product (and a pair, as a reason) needs this many orders to be mined; new
    # orders reach the suggestions within this many seconds.
    bundle_min_support: int = 2
    bundle_refresh_s: float = 10.0
    # Lifecycle: how often the background sweeper writes due transitions and sends due
    # emails (0 switches it off), and the SMTP server for lifecycle emails (none: no email).
    lifecycle_sweep_s: float = 60.0
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "assistant@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    # FAQ decision thresholds on the matcher's confidence (0..1), chosen for the demo FAQ by
    # bench/faq_accuracy.py; a shop's settings {"faq": {"answer": .., "suggest": ..}} win.
    faq_answer: float = FAQ_ANSWER
    faq_suggest: float = FAQ_SUGGEST
    # Several instances: Redis carries live events and presence between them (none: this
    # process is alone). The prefix starts every Redis channel and key, so deployments (and
    # test runs) can share one Redis; presence keys expire this long after the last heartbeat.
    redis_url: str | None = field(default=None, repr=False)
    redis_prefix: str = "shopassist:"
    redis_timeout_s: float = 2.0
    presence_ttl_s: float = 30.0
    #: ``SHOPASSIST_SHOP_*`` variables: secrets a shop's connector settings name with
    #: ``{"env": "SHOPASSIST_SHOP_..."}`` (see assistant/shop/platforms/secrets.py).
    shop_env: Mapping[str, str] = field(default_factory=dict, repr=False, hash=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: object) -> Config:
        """Build from environment variables; ``overrides`` (CLI flags) win when not ``None``."""
        values: dict[str, object] = {
            "database_url": env.get("DATABASE_URL") or default_database_url(),
            "host": env.get("HOST") or "127.0.0.1",
            "port": _int(env, "PORT", 8080, 0, 65535),
            "log_level": (env.get("LOG_LEVEL") or "INFO").upper(),
            "log_format": (env.get("LOG_FORMAT") or "auto").lower(),
            "write_batch_size": _int(env, "SHOPASSIST_WRITE_BATCH", 128, 1, 10_000),
            "db_timeout_s": _float(env, "SHOPASSIST_DB_TIMEOUT", 10.0),
            "max_connections_per_ip": _int(
                env, "SHOPASSIST_MAX_CONNECTIONS_PER_IP", 200, 1, 10_000_000
            ),
            "frames_per_second": _float(env, "SHOPASSIST_FRAMES_PER_SECOND", 10.0),
            "frame_burst": _int(env, "SHOPASSIST_FRAME_BURST", 30, 1, 100_000),
            "http_requests_per_second": _float(env, "SHOPASSIST_HTTP_PER_SECOND", 20.0),
            "http_burst": _int(env, "SHOPASSIST_HTTP_BURST", 60, 1, 100_000),
            "max_import_bytes": 1024 * 1024 * _int(env, "SHOPASSIST_MAX_IMPORT_MB", 50, 1, 100_000),
            "feed_timeout_s": _float(env, "SHOPASSIST_FEED_TIMEOUT", 120.0),
            "feed_check_s": _float(env, "SHOPASSIST_FEED_CHECK", 60.0),
            "shop_timeout_s": _float(env, "SHOPASSIST_SHOP_TIMEOUT", 5.0),
            "checkout_idle_minutes": _int(env, "SHOPASSIST_CHECKOUT_IDLE_MINUTES", 30, 1, 10_080),
            "abandon_sweep_s": _float(env, "SHOPASSIST_ABANDON_SWEEP", 60.0),
            "order_lookup_attempts": _int(env, "SHOPASSIST_ORDER_LOOKUP_ATTEMPTS", 5, 1, 1000),
            "secret_key": env.get("SHOPASSIST_SECRET_KEY") or None,
            "console_session_hours": _int(env, "SHOPASSIST_SESSION_HOURS", 12, 1, 24 * 30),
            "bundle_min_support": _int(env, "SHOPASSIST_BUNDLE_MIN_SUPPORT", 2, 1, 1_000_000),
            "bundle_refresh_s": _float(env, "SHOPASSIST_BUNDLE_REFRESH", 10.0),
            **_lifecycle_env(env),
            "faq_answer": _share(env, "SHOPASSIST_FAQ_ANSWER", FAQ_ANSWER),
            "faq_suggest": _share(env, "SHOPASSIST_FAQ_SUGGEST", FAQ_SUGGEST),
            "redis_url": env.get("REDIS_URL") or None,
            "redis_prefix": env.get("SHOPASSIST_REDIS_PREFIX") or "shopassist:",
            "redis_timeout_s": _float(env, "SHOPASSIST_REDIS_TIMEOUT", 2.0),
            "presence_ttl_s": _float(env, "SHOPASSIST_PRESENCE_TTL", 30.0),
            "shop_env": {k: v for k, v in env.items() if k.startswith("SHOPASSIST_SHOP_")},
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).validated()  # type: ignore[arg-type]

    def validated(self) -> Config:
        if self.log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(
                f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {self.log_level!r}."
            )
        if self.log_format not in {"json", "text", "auto"}:
            raise ConfigError(f"LOG_FORMAT must be json, text or auto, not {self.log_format!r}.")
        if not 0 <= self.faq_suggest <= self.faq_answer <= 1:
            raise ConfigError(
                "SHOPASSIST_FAQ_SUGGEST must not be above SHOPASSIST_FAQ_ANSWER "
                f"(got {self.faq_suggest} and {self.faq_answer})."
            )
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"The port must be between 0 and 65535, got {self.port}.")
        if self.secret_key is not None and len(self.secret_key) < 32:
            raise ConfigError(
                "SHOPASSIST_SECRET_KEY must have at least 32 characters; generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`, or leave it "
                "unset to have one generated and kept in the database."
            )
        if self.redis_url is not None:
            check_redis_url(self.redis_url)
        if not _PREFIX.fullmatch(self.redis_prefix):
            raise ConfigError(
                "SHOPASSIST_REDIS_PREFIX must be 1 to 64 of A-Z a-z 0-9 _ . : -, "
                f"got {self.redis_prefix!r}."
            )
        return dataclasses.replace(self, database_url=normalise_database_url(self.database_url))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def replace(self, **changes: object) -> Config:
        return dataclasses.replace(self, **changes).validated()  # type: ignore[arg-type]

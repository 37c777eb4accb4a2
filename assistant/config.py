"""Typed settings, read once from the environment and validated before anything starts.

Nothing else in the code base reads ``os.environ``: the CLI builds a :class:`Config` with
:meth:`Config.from_env` plus its own overrides and hands it down explicitly.

Every setting is declared once, as a field of :class:`Config`: its name, its type (the
annotation), its default, its environment variable and its bounds
(``port: int = setting("PORT", 8080, low=0, high=65535)``). :meth:`Config.from_env` reads and
checks every declared variable, :meth:`Config.validated` checks the bounds again for values
given directly (CLI flags, tests), and :func:`settings` lists the declarations for the docs.

To add a setting:

1. Add one field to :class:`Config` with ``setting(ENV, default, ...)``. The annotation picks
   the parser: ``int``, ``float``, ``bool`` (1/0, true/false, yes/no, on/off), ``str``
   (``choices=`` for a fixed set, matched ignoring case), ``X | None`` (unset: ``None``),
   ``tuple[str, ...]`` (comma-separated) or ``Mapping[str, str]`` with an ``ENV`` ending in
   ``*`` (every variable with that prefix, e.g. secrets named in a shop's settings). Bounds:
   ``low``/``high`` (inclusive), ``positive=True`` (above 0); ``secret=True`` keeps the value
   out of ``repr``. Checks that span several settings go into :meth:`Config.validated`.
2. Add its row to the table in ``docs/configuration.md``; ``tests/test_config.py`` fails until
   the row's variable, type, range and default match the declaration, and it prints the row.

Fields declared without ``setting`` (the protocol limits below) are not read from the
environment: code and tests set them.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from assistant.errors import ConfigError

DEFAULT_DB_PATH = Path("var") / "shopassist.db"
IPNetwork = IPv4Network | IPv6Network
_PREFIX = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
#: The demo FAQ's calibrated thresholds (see docs/faq.md).
FAQ_ANSWER = 0.48
FAQ_SUGGEST = 0.28

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


def trusted_networks(raw: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """``SHOPASSIST_TRUSTED_PROXIES`` as networks (a bare address is a network of one)."""
    out = []
    for entry in raw:
        try:
            out.append(ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ConfigError(
                f"SHOPASSIST_TRUSTED_PROXIES: {entry[:64]!r} is no address or network; use "
                "e.g. 127.0.0.1,10.0.0.0/8,::1."
            ) from None
    return tuple(out)


_SETTING = "setting"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True, slots=True)
class Setting:
    """How one field of :class:`Config` is read from the environment and checked."""

    env: str
    low: float | None = None
    high: float | None = None
    positive: bool = False
    choices: tuple[str, ...] = ()

    @property
    def is_prefix(self) -> bool:
        """``SHOPASSIST_SHOP_*``: every variable starting with the part before the ``*``."""
        return self.env.endswith("*")

    def range_text(self) -> str:
        """The bounds as the docs write them: ``1–65535``, ``≥ 0``, ``> 0``, ``json, text``."""
        if self.choices:
            return ", ".join(self.choices)
        if self.low is not None and self.high is not None:
            return f"{_number(self.low)}–{_number(self.high)}"
        if self.low is not None:
            return f"≥ {_number(self.low)}"
        if self.high is not None:
            return f"≤ {_number(self.high)}"
        return "> 0" if self.positive else ""

    def parse(self, raw: str, kind: str) -> object:
        """``raw`` (not empty) as a value of ``kind``, checked, or a :class:`ConfigError`."""
        name = self.env
        if kind == "integer":
            try:
                value: object = int(raw)
            except ValueError:
                raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None
        elif kind == "number":
            try:
                number = float(raw)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise ConfigError(f"{name} must be a number, got {raw!r}.") from None
            value = number
        elif kind == "boolean":
            if raw.lower() not in (*_TRUE, *_FALSE):
                raise ConfigError(f"{name} must be 1 or 0 (true/false, yes/no), got {raw!r}.")
            value = raw.lower() in _TRUE
        elif kind == "list":
            value = tuple(part.strip() for part in raw.split(",") if part.strip())
        else:
            value = raw
        return self.check(value)

    def check(self, value: object) -> object:
        """``value`` within the bounds (a choice in its canonical spelling), else an error."""
        name = self.env
        if self.choices and isinstance(value, str):
            for choice in self.choices:
                if value.lower() == choice.lower():
                    return choice
            raise ConfigError(f"{name} must be {_either(self.choices)}, not {value!r}.")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        low, high = self.low, self.high
        if low is not None and high is not None and not low <= value <= high:
            raise ConfigError(
                f"{name} must be between {_number(low)} and {_number(high)}, got {value}."
            )
        if low is not None and high is None and value < low:
            raise ConfigError(f"{name} must be at least {_number(low)}, got {value}.")
        if high is not None and low is None and value > high:
            raise ConfigError(f"{name} must be at most {_number(high)}, got {value}.")
        if self.positive and value <= 0:
            raise ConfigError(f"{name} must be positive, got {value}.")
        return value


def setting(
    env: str,
    default: Any = None,
    *,
    low: float | None = None,
    high: float | None = None,
    positive: bool = False,
    choices: tuple[str, ...] = (),
    secret: bool = False,
    factory: Any = None,
) -> Any:
    """A :class:`Config` field read from ``env`` (see the module's docstring)."""
    meta = {_SETTING: Setting(env, low, high, positive, choices)}
    if factory is not None:
        return field(default_factory=factory, repr=not secret, hash=False, metadata=meta)
    return field(default=default, repr=not secret, metadata=meta)


@dataclass(frozen=True, slots=True)
class Declared:
    """One declared setting, for the docs and for tooling."""

    name: str
    setting: Setting
    kind: str
    default: object

    @property
    def env(self) -> str:
        return self.setting.env

    def default_text(self) -> str:
        """The default as the docs write it: ``8080``, ``0.52``, ``auto``, ``0``, ``none``."""
        value = self.default
        if value is None or value == {} or value == ():
            return "none"
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, int | float):
            return _number(value)
        return str(value)


def settings(cls: type | None = None) -> tuple[Declared, ...]:
    """Every field of ``cls`` (default :class:`Config`) that is read from the environment."""
    return _declared(cls or Config)


@functools.cache
def _declared(cls: type) -> tuple[Declared, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        declared = f.metadata.get(_SETTING)
        if declared is None:
            continue
        if f.default is not dataclasses.MISSING:
            default: object = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        out.append(Declared(f.name, declared, _kind(hints[f.name]), default))
    return tuple(out)


def read_env(cls: type, env: Mapping[str, str]) -> dict[str, object]:
    """The values of ``cls``'s declared settings that ``env`` sets (unset or empty: left out,
    so the field's default applies). A family (``PREFIX_*``) leaves out the variables that are
    settings of their own (``SHOPASSIST_SHOP_TIMEOUT`` is no shop secret)."""
    values: dict[str, object] = {}
    for declared in settings(cls):
        s = declared.setting
        if s.is_prefix:
            prefix, own = s.env[:-1], {d.env for d in settings(cls)}
            found = {k: v for k, v in env.items() if k.startswith(prefix) and k not in own}
            if found:
                values[declared.name] = found
            continue
        raw = (env.get(s.env) or "").strip()
        if raw:
            values[declared.name] = s.parse(raw, declared.kind)
    return values


def _kind(annotation: Any) -> str:
    """The parser an annotation asks for (``int | None`` reads as ``int``)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    origin = typing.get_origin(annotation) or annotation
    kinds: dict[Any, str] = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "text",
        tuple: "list",
        Mapping: "variables",
        dict: "variables",
    }
    if origin not in kinds:
        raise TypeError(f"no parser for settings of type {annotation!r}")
    return kinds[origin]


def _number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return str(int(value))


def _either(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else choices[0]


@dataclass(frozen=True, slots=True)
class ShopSecrets:
    """A shop's signing secrets as the environment gives them (``None``: the stored one)."""

    shop: str
    identity: str | None = field(default=None, repr=False)
    webhook: str | None = field(default=None, repr=False)


_SHOP_SECRETS_HINT = (
    'SHOPASSIST_SHOP_SECRETS must be JSON like {"demo": {"identity": "...", "webhook": "..."}}'
)


def parse_shop_secrets(raw: str | None) -> tuple[ShopSecrets, ...]:
    """``SHOPASSIST_SHOP_SECRETS``: per shop id, its identity and/or webhook secret."""
    if raw is None or not raw.strip():
        return ()
    try:
        data = json.loads(raw)
    except ValueError:
        raise ConfigError(f"{_SHOP_SECRETS_HINT}; it is not JSON.") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{_SHOP_SECRETS_HINT}.")
    out = []
    for shop, entry in sorted(data.items()):
        if not isinstance(entry, dict) or not entry or not set(entry) <= {"identity", "webhook"}:
            raise ConfigError(f"{_SHOP_SECRETS_HINT} (shop {shop[:64]!r}).")
        values = {k: entry.get(k) for k in ("identity", "webhook")}
        for kind, value in values.items():
            if value is not None and (not isinstance(value, str) or len(value) < 32):
                raise ConfigError(
                    f"SHOPASSIST_SHOP_SECRETS: the {kind} secret of shop {shop[:64]!r} must be "
                    "a text of at least 32 characters (`python -c 'import secrets; "
                    "print(secrets.token_urlsafe(32))'`)."
                )
        if values["identity"] is not None and values["identity"] == values["webhook"]:
            raise ConfigError(
                f"SHOPASSIST_SHOP_SECRETS: shop {shop[:64]!r} needs two different secrets "
                "for identity and webhook."
            )
        out.append(ShopSecrets(shop, values["identity"], values["webhook"]))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the running service needs to know; immutable once built."""

    database_url: str = setting("DATABASE_URL", default_database_url())
    host: str = setting("HOST", "127.0.0.1")
    port: int = setting("PORT", 8080, low=0, high=65535)
    #: Server processes sharing the port (``serve --workers``); above 1 needs PostgreSQL + Redis.
    workers: int = setting("SHOPASSIST_WORKERS", 1, low=1, high=64)
    log_level: str = setting("LOG_LEVEL", "INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    # json: one object per line; text; auto: text on a terminal, JSON otherwise.
    log_format: str = setting("LOG_FORMAT", "auto", choices=("json", "text", "auto"))
    # Protocol limits (not from the environment).
    max_text_chars: int = 2000
    max_frame_bytes: int = 16 * 1024
    history_limit: int = 200
    # Group commit: messages of many connections are committed together, up to this many.
    write_batch_size: int = setting("SHOPASSIST_WRITE_BATCH", 128, low=1, high=10_000)
    db_timeout_s: float = setting("SHOPASSIST_DB_TIMEOUT", 10.0, positive=True)
    # Abuse limits (per client IP, per connection).
    max_connections_per_ip: int = setting(
        "SHOPASSIST_MAX_CONNECTIONS_PER_IP", 200, low=1, high=10_000_000
    )
    frames_per_second: float = setting("SHOPASSIST_FRAMES_PER_SECOND", 10.0, positive=True)
    frame_burst: int = setting("SHOPASSIST_FRAME_BURST", 30, low=1, high=100_000)
    http_requests_per_second: float = setting("SHOPASSIST_HTTP_PER_SECOND", 20.0, positive=True)
    http_burst: int = setting("SHOPASSIST_HTTP_BURST", 60, low=1, high=100_000)
    # Reverse proxies whose X-Forwarded-For is believed (networks like 10.0.0.0/8 or single
    # addresses); none: the peer address is the client. See docs/security-edge.md.
    trusted_proxies: tuple[str, ...] = setting("SHOPASSIST_TRUSTED_PROXIES", ())
    # A widget socket that sends no hello within this many seconds is closed.
    hello_timeout_s: float = setting("SHOPASSIST_HELLO_TIMEOUT", 5.0, positive=True)
    # Bearer token for GET /metrics (Prometheus); none: /metrics answers loopback peers only.
    metrics_token: str | None = setting("SHOPASSIST_METRICS_TOKEN", None, secret=True)
    # Files given to `kb import` and `orders import`, in MiB.
    max_import_mb: int = setting("SHOPASSIST_MAX_IMPORT_MB", 50, low=1, high=100_000)
    migrate_on_start: bool = True
    # Product feeds: how long one download may take, and how often the background task looks
    # for shops whose feed is due for its refresh.
    feed_timeout_s: float = setting("SHOPASSIST_FEED_TIMEOUT", 120.0, positive=True)
    feed_check_s: float = setting("SHOPASSIST_FEED_CHECK", 60.0, positive=True)
    # Checkout and order status.
    shop_timeout_s: float = setting("SHOPASSIST_SHOP_TIMEOUT", 5.0, positive=True)
    checkout_idle_minutes: int = setting("SHOPASSIST_CHECKOUT_IDLE_MINUTES", 30, low=1, high=10_080)
    abandon_sweep_s: float = setting("SHOPASSIST_ABANDON_SWEEP", 60.0, positive=True)
    #: Wrong order-status guesses allowed per visitor and per IP within the window.
    order_lookup_attempts: int = setting("SHOPASSIST_ORDER_LOOKUP_ATTEMPTS", 5, low=1, high=1000)
    order_lookup_window_minutes: int = 15
    # Agent console. Without a secret key one is generated and kept in a file outside the
    # database (by default beside the SQLite file, else var/secret_key), so that a copy of the
    # database alone cannot forge console sessions.
    secret_key: str | None = setting("SHOPASSIST_SECRET_KEY", None, secret=True)
    secret_key_file: str | None = setting("SHOPASSIST_SECRET_KEY_FILE", None)
    # Shops' signing secrets as JSON {"shop": {"identity": .., "webhook": ..}}: they win over
    # the stored ones (docs/security.md).
    shop_secrets: str | None = setting("SHOPASSIST_SHOP_SECRETS", None, secret=True)
    # scrypt cost for agent passwords: N = 2**password_cost_log2. 17 is OWASP's minimum; only
    # tests go below it.
    password_cost_log2: int = setting("SHOPASSIST_PASSWORD_COST", 17, low=10, high=20)
    console_session_hours: int = setting("SHOPASSIST_SESSION_HOURS", 12, low=1, high=24 * 30)
    console_idle_minutes: int = setting(
        "SHOPASSIST_SESSION_IDLE_MINUTES", 60, low=1, high=24 * 60 * 30
    )
    # Bundles: a product (and a pair, as a reason) needs this many orders to be mined; new
    # orders reach the suggestions within this many seconds.
    bundle_min_support: int = setting("SHOPASSIST_BUNDLE_MIN_SUPPORT", 2, low=1, high=1_000_000)
    bundle_refresh_s: float = setting("SHOPASSIST_BUNDLE_REFRESH", 10.0, positive=True)
    # Lifecycle: how often the background sweeper writes due transitions and sends due
    # emails (0 switches it off), and the SMTP server for lifecycle emails (none: no email).
    lifecycle_sweep_s: float = setting("SHOPASSIST_SWEEP_S", 60.0, low=0)
    # Outgoing webhooks: how often due deliveries are looked for (0 switches the sender off:
    # they stay queued) and how long one post may take.
    hooks_poll_s: float = setting("SHOPASSIST_HOOKS_POLL_S", 2.0, low=0)
    hooks_timeout_s: float = setting("SHOPASSIST_HOOKS_TIMEOUT", 10.0, positive=True)
    smtp_host: str | None = setting("SMTP_HOST", None)
    smtp_port: int = setting("SMTP_PORT", 25, low=1, high=65535)
    smtp_from: str = setting("SMTP_FROM", "assistant@localhost")
    smtp_user: str | None = setting("SMTP_USER", None)
    smtp_password: str | None = setting("SMTP_PASSWORD", None, secret=True)
    smtp_starttls: bool = setting("SMTP_STARTTLS", False)
    # Where shoppers reach this assistant from outside (https in production): the e-mails'
    # confirm and unsubscribe links start with it. Unset: http://localhost:PORT (dev only).
    public_url: str | None = setting("SHOPASSIST_PUBLIC_URL", None)
    # How long the double opt-in's confirmation link works, in days.
    email_confirm_days: int = setting("SHOPASSIST_EMAIL_CONFIRM_DAYS", 7, low=1, high=365)
    # FAQ decision thresholds on the matcher's confidence (0..1), chosen for the demo FAQ by
    # bench/faq_accuracy.py; a shop's settings {"faq": {"answer": .., "suggest": ..}} win.
    faq_answer: float = setting("SHOPASSIST_FAQ_ANSWER", FAQ_ANSWER, low=0, high=1)
    faq_suggest: float = setting("SHOPASSIST_FAQ_SUGGEST", FAQ_SUGGEST, low=0, high=1)
    # Several instances: Redis carries live events and presence between them (none: this
    # process is alone). The prefix starts every Redis channel and key, so deployments (and
    # test runs) can share one Redis; presence keys expire this long after the last heartbeat.
    redis_url: str | None = setting("REDIS_URL", None, secret=True)
    redis_prefix: str = setting("SHOPASSIST_REDIS_PREFIX", "shopassist:")
    redis_timeout_s: float = setting("SHOPASSIST_REDIS_TIMEOUT", 2.0, positive=True)
    presence_ttl_s: float = setting("SHOPASSIST_PRESENCE_TTL", 30.0, positive=True)
    #: ``SHOPASSIST_SHOP_*`` variables: secrets a shop's connector settings name with
    #: ``{"env": "SHOPASSIST_SHOP_..."}`` (see assistant/shop/platforms/secrets.py).
    shop_env: Mapping[str, str] = setting("SHOPASSIST_SHOP_*", factory=dict, secret=True)

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: object) -> Config:
        """Build from environment variables; ``overrides`` (CLI flags) win when not ``None``."""
        values = read_env(cls, env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).validated()  # type: ignore[arg-type]

    @property
    def max_import_bytes(self) -> int:
        return self.max_import_mb * 1024 * 1024

    def validated(self) -> Config:
        """This config with a normalised database URL, or a :class:`ConfigError` that says
        what to fix (bounds apply to flags and direct values as to the environment)."""
        checked = {d.name: d.setting.check(getattr(self, d.name)) for d in settings(type(self))}
        config = dataclasses.replace(self, **checked)  # type: ignore[arg-type]
        if not 0 <= config.faq_suggest <= config.faq_answer <= 1:
            raise ConfigError(
                "SHOPASSIST_FAQ_SUGGEST must not be above SHOPASSIST_FAQ_ANSWER "
                f"(got {config.faq_suggest} and {config.faq_answer})."
            )
        if config.secret_key is not None and len(config.secret_key) < 32:
            raise ConfigError(
                "SHOPASSIST_SECRET_KEY must have at least 32 characters; generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`, or leave it "
                "unset to have one generated and kept in SHOPASSIST_SECRET_KEY_FILE."
            )
        parse_shop_secrets(config.shop_secrets)  # a clear error now, not at the first sign-in
        if config.redis_url is not None:
            check_redis_url(config.redis_url)
        trusted_networks(config.trusted_proxies)
        if config.public_url is not None and not re.fullmatch(
            r"https?://[^\s/?#]+(/[^\s?#]*)?", config.public_url
        ):
            raise ConfigError(
                "SHOPASSIST_PUBLIC_URL must be the assistant's address, e.g. "
                f"https://assistant.example.com, got {config.public_url[:100]!r}."
            )
        if config.metrics_token is not None and len(config.metrics_token) < 16:
            raise ConfigError("SHOPASSIST_METRICS_TOKEN must have at least 16 characters.")
        if not _PREFIX.fullmatch(config.redis_prefix):
            raise ConfigError(
                "SHOPASSIST_REDIS_PREFIX must be 1 to 64 of A-Z a-z 0-9 _ . : -, "
                f"got {config.redis_prefix!r}."
            )
        return dataclasses.replace(config, database_url=normalise_database_url(config.database_url))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def public_base_url(self) -> str:
        """The links' start: ``SHOPASSIST_PUBLIC_URL``, else this machine (development)."""
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def secret_key_path(self) -> Path:
        """Where a generated console key is kept: the configured file, else beside the SQLite
        database, else ``var/secret_key``."""
        if self.secret_key_file:
            return Path(self.secret_key_file)
        if self.is_sqlite:
            database = make_url(self.database_url).database
            if database:
                return Path(database).with_name(Path(database).name + ".secret_key")
        return DEFAULT_DB_PATH.with_name("secret_key")

    @property
    def signing_secrets(self) -> tuple[ShopSecrets, ...]:
        """``SHOPASSIST_SHOP_SECRETS``, parsed (checked in :meth:`validated`)."""
        return parse_shop_secrets(self.shop_secrets)

    def shop_secrets_for(self, shop_id: str) -> ShopSecrets | None:
        return next((s for s in self.signing_secrets if s.shop == shop_id), None)

    def replace(self, **changes: object) -> Config:
        return dataclasses.replace(self, **changes).validated()  # type: ignore[arg-type]

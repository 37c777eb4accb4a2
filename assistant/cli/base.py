"""Shared pieces of the CLI: the root group, the ``--database`` option, error reporting."""

from __future__ import annotations

import asyncio
import functools
import importlib
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from assistant.config import Config
from assistant.errors import ConfigError

T = TypeVar("T")
EXIT_USAGE = 2


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or help lists it): each
    command pulls in only what it needs, so ``shopassist kb ask`` does not wait for the
    migrations, Redis and HTTP clients that other commands use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}

    def add_lazy(self, name: str, target: str) -> None:
        """``target`` is ``"module:attribute"``."""
        self.lazy[name] = target

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy.get(cmd_name)
        if target is not None and cmd_name not in self.commands:
            module, _, attribute = target.partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{target} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="shop-assistant", prog_name="shopassist")
def main() -> None:
    """Shop assistant: a chat assistant for web shops, in German and English."""


def database_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--database",
        "database",
        metavar="URL",
        default=None,
        help="Database URL (default: $DATABASE_URL, else sqlite+aiosqlite:///var/shopassist.db).",
    )(fn)


def build_config(**overrides: Any) -> Config:
    """Config from the environment plus flags; a bad setting ends the command with one line."""
    database = overrides.pop("database", None)
    try:
        return Config.from_env(os.environ, database_url=database, **overrides)
    except ConfigError as exc:
        fail(str(exc))


def check_import_size(path: Path, config: Config) -> None:
    """An import file over the limit is refused before anything is read."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader says what is wrong with it
    if size > config.max_import_bytes:
        limit = config.max_import_mb
        fail(
            f"{path} is {size / 1024 / 1024:.1f} MiB, over the import limit of {limit} MiB "
            "(nothing was imported). Split the file, or raise SHOPASSIST_MAX_IMPORT_MB."
        )


def write_output(text: str, output: Path | None) -> bool:
    """``text`` to standard output, or to the file ``output``; True when it went to a file."""
    if output is None:
        click.echo(text, nl=False)
        return False
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"Cannot write {output}: {exc.strerror or exc}.")
    return True


def fail(message: str) -> NoReturn:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(EXIT_USAGE)


def setup_logging(config: Config) -> None:
    from assistant.logs import setup_logging as setup

    setup(config.log_level, config.log_format)


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; :class:`ConfigError` becomes the one-line error and exit code 2."""
    try:
        return asyncio.run(coro)
    except ConfigError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        sys.exit(130)


def async_command(fn: Callable[..., Coroutine[Any, Any, T]]) -> Callable[..., T]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        return run_async(fn(*args, **kwargs))

    return wrapper

"""``shopassist shops check-connection``: ask a shop system whether the connection settings
work, before they are stored (a stop-gap until ``shops add|set`` validates them itself)."""

from __future__ import annotations

import click

from assistant.cli.base import async_command, build_config, fail
from assistant.shop.platforms.connect import KINDS, BadConnectionSettings, build_adapter
from assistant.shop.platforms.secrets import SecretBox


@click.group()
def shops() -> None:
    """Shops and their connection to the shop system."""


@shops.command("check-connection")
@click.option("--adapter", "kind", type=click.Choice(KINDS), required=True)
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="NAME=VALUE",
    help="A connection setting, e.g. base_url=https://shop.example; a secret as "
    "access_key=env:SHOPASSIST_SHOP_KAFFEE_KEY reads that environment variable.",
)
@async_command
async def check_connection(kind: str, pairs: tuple[str, ...]) -> None:
    """Check address, keys and permissions against the shop system; exit 2 on a problem."""
    config = build_config()
    settings: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            fail(f"--set takes NAME=VALUE, got {pair!r}.")
        settings[name] = {"env": value[4:]} if value.startswith("env:") else value
    try:
        adapter = build_adapter(kind, settings, secrets=SecretBox(config.shop_env))
    except BadConnectionSettings as exc:
        fail(f"{exc.detail}.")
    try:
        problems = await adapter.check()
    finally:
        await adapter.close()
    if problems:
        for problem in problems:
            click.echo(f"{problem.code}: {problem.message.en}", err=True)
        raise SystemExit(2)
    click.echo(f"The {kind} connection works: address, keys and permissions are right.")

"""``shopassist agents ...``: console accounts for support agents and admins."""

from __future__ import annotations

import sys

import click

from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.security.passwords import Cost
from assistant.support.accounts import AccountError, create_agent, list_agents, set_password
from assistant.support.accounts import set_active as set_agent_active


@click.group()
def agents() -> None:
    """Console accounts: support agents and admins, each for one or more shops."""


def _password(from_stdin: bool) -> str:
    """From stdin (one line, for scripts), else asked twice without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            fail("No password on stdin.")
        return line.rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


_stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)


@agents.command("add")
@click.argument("email")
@click.option("--admin", is_flag=True, help="May edit canned replies and the shop settings.")
@click.option(
    "--shop",
    "shops",
    multiple=True,
    metavar="SHOP_ID",
    help="A shop the agent works for; repeat for several (default: the only shop).",
)
@click.option("--name", default=None, help="The name shoppers see (default: from the e-mail).")
@click.option("--locale", type=click.Choice(["de", "en"]), default="de", help="Console language.")
@_stdin_option
@database_option
@async_command
async def add(
    email: str,
    admin: bool,
    shops: tuple[str, ...],
    name: str | None,
    locale: str,
    password_stdin: bool,
    database: str | None,
) -> None:
    """Create an agent (or, with --admin, an admin) who signs in at /console/login."""
    config = build_config(database=database)
    password = _password(password_stdin)
    async with open_database(config) as sessions:
        try:
            account = await create_agent(
                sessions,
                email,
                password,
                shops=shops,
                name=name,
                admin=admin,
                locale=locale,
                cost=Cost.of(config.password_cost_log2),
            )
        except AccountError as exc:
            fail(str(exc))
    role = "admin" if account.is_admin else "agent"
    click.echo(
        f"Created {role} {account.email} ({account.name}) for {', '.join(account.shops)}. "
        "Sign in at /console/login."
    )


@agents.command("passwd")
@click.argument("email")
@_stdin_option
@database_option
@async_command
async def passwd(email: str, password_stdin: bool, database: str | None) -> None:
    """Set a new password; the agent's open sessions are signed out."""
    config = build_config(database=database)
    password = _password(password_stdin)
    async with open_database(config) as sessions:
        try:
            account = await set_password(
                sessions, email, password, cost=Cost.of(config.password_cost_log2)
            )
        except AccountError as exc:
            fail(str(exc))
    click.echo(f"New password set for {account.email}; existing sessions are signed out.")


@agents.command("list")
@database_option
@async_command
async def list_(database: str | None) -> None:
    """Every account with its role and shops."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        listing = await list_agents(sessions)
    if not listing:
        click.echo("No agents yet: add one with `shopassist agents add EMAIL`.")
    for a in listing:
        role = "admin" if a.is_admin else "agent"
        state = "" if a.active else " (disabled)"
        click.echo(f"{a.email}\t{a.name}\t{role}{state}\t{','.join(a.shops)}")


@agents.command("disable")
@click.argument("email")
@database_option
@async_command
async def disable(email: str, database: str | None) -> None:
    """Stop an account from signing in and sign out its sessions."""
    config = build_config(database=database)
    async with open_database(config) as sessions:
        try:
            await set_agent_active(sessions, email, False)
        except AccountError as exc:
            fail(str(exc))
    click.echo(f"Disabled {email.strip().lower()}.")

"""``shopassist migrate``."""

from __future__ import annotations

import click

from assistant.cli.base import build_config, database_option, run_async
from assistant.cli.db import prepare_database
from assistant.config import display_url


@click.command()
@database_option
def migrate(database: str | None) -> None:
    """Apply database migrations (also done automatically at start-up)."""
    config = build_config(database=database)
    applied = run_async(prepare_database(config))
    where = display_url(config.database_url)
    if applied:
        click.echo(f"Migrated {where}: applied {', '.join(applied)}.")
    else:
        click.echo(f"{where} is up to date.")

"""``shopassist lifecycle``: catch up time-based stages, and check stages against a replay."""

from __future__ import annotations

import click

from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.clock import utc_now
from assistant.lifecycle.replay import check_replay
from assistant.lifecycle.store import sweep_due
from assistant.storage.models import Shop


@click.group()
def lifecycle() -> None:
    """Customer lifecycle stages (also kept current by the server's background sweeper)."""


@lifecycle.command("sweep")
@database_option
@async_command
async def sweep(database: str | None) -> None:
    """Write the at-risk / lapsed transitions that fell due (the server does this itself)."""
    config = build_config(database=database)
    total = 0
    async with open_database(config) as sessions:
        while True:
            async with sessions() as db:
                changed = await sweep_due(db, utc_now(), 500)
                await db.commit()
            total += changed
            if changed < 500:
                break
    click.echo(f"{total} customers moved by time rules.")


@lifecycle.command("replay")
@database_option
@click.option("--shop", default="demo", show_default=True)
@async_command
async def replay(database: str | None, shop: str) -> None:
    """Replay every stored event from scratch and compare with the stored stages."""
    config = build_config(database=database)
    async with open_database(config) as sessions, sessions() as db:
        if await db.get(Shop, shop) is None:
            fail(f"No shop {shop!r} in this database.")
        result = await check_replay(db, shop, utc_now())
    click.echo(
        f"{result.customers} customers replayed: {len(result.stage_mismatches)} stage and "
        f"{len(result.transition_mismatches)} transition and "
        f"{len(result.score_mismatches)} score differences."
    )
    if not result.ok:
        fail(
            "the replay differs from the stored lifecycle (run `shopassist lifecycle sweep` first if the server was stopped for long)"
        )

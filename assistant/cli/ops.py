"""``shopassist backup`` and ``shopassist check``: what an operator runs before going live and
every night after."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click
from sqlalchemy.engine import make_url
from sqlmodel import select

from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.readiness import Finding, clock_finding, redis_finding, smtp_finding
from assistant.config import Config, display_url
from assistant.security.secret_key import installation_secret
from assistant.shop.directory import SELF_ORIGIN
from assistant.shop.manage import CONNECTION_KEYS
from assistant.shop.platforms.connect import SECRETS
from assistant.shop.platforms.secrets import SecretBox, SecretMissing, connector_box
from assistant.storage.backup import BackupFailed, backup_sqlite, restore_sqlite
from assistant.storage.engine import (
    create_engine,
    explain_connect_error,
    ping,
    session_factory,
)
from assistant.storage.migrate import current_revision, head_revision
from assistant.storage.models import Shop

EXIT_PROBLEMS = 1


@click.command()
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
@database_option
@async_command
async def backup(target: Path, database: str | None) -> None:
    """Copy the SQLite database to TARGET, consistent while the server runs.

    For PostgreSQL use pg_dump (see docs/operations.md).
    """
    config = build_config(database=database)
    url = make_url(config.database_url)
    if url.get_backend_name() != "sqlite":
        plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
        fail(
            f"{display_url(config.database_url)} is PostgreSQL: back it up with pg_dump, e.g. "
            f"pg_dump --format=custom --file={target} '{plain}' (restore with pg_restore)."
        )
    source = url.database
    if not source or source == ":memory:":
        fail("An in-memory database cannot be backed up.")
        return
    try:
        report = await asyncio.to_thread(backup_sqlite, Path(source), target)
    except BackupFailed as exc:
        fail(f"Backup failed: {exc} (nothing was written to {target}).")
    click.echo(
        f"Backed up {url.database} to {report.target} ({report.bytes / 1024 / 1024:.1f} MiB, "
        "checked). Check it any time with: shopassist check --database "
        f"sqlite:///{report.target}"
    )


@click.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@database_option
@async_command
async def restore(source: Path, database: str | None) -> None:
    """Put the SQLite backup SOURCE back as the database (stop the server first).

    For PostgreSQL use pg_restore (see docs/operations.md).
    """
    config = build_config(database=database)
    url = make_url(config.database_url)
    if url.get_backend_name() != "sqlite":
        fail(
            f"{display_url(config.database_url)} is PostgreSQL: restore a pg_dump file with "
            f"pg_restore --clean --dbname=... {source}."
        )
    target = url.database
    if not target or target == ":memory:":
        fail("An in-memory database cannot be restored into.")
        return
    try:
        report = await asyncio.to_thread(restore_sqlite, source, Path(target))
    except BackupFailed as exc:
        fail(f"Restore failed: {exc} (the database was not changed).")
    click.echo(
        f"Restored {source} into {report.target} ({report.bytes / 1024 / 1024:.1f} MiB). "
        "Now run: shopassist check, then start the server."
    )


@click.command()
@database_option
@async_command
async def check(database: str | None) -> None:
    """Is this installation ready to go live? Checks the configuration, the database (reachable,
    migrated), the clock, the secrets, every shop's allowed origins, and the mail server and
    Redis when configured; exit 1 on a problem."""
    config = build_config(database=database)
    findings = [Finding("config", True, "the settings are valid")]
    findings += await _database(config)
    if all(f.ok for f in findings):
        findings += await _shops(config)
    for service in (await smtp_finding(config), await redis_finding(config)):
        if service is not None:
            findings.append(service)
    for finding in findings:
        mark = (
            click.style("ok     ", fg="green") if finding.ok else click.style("PROBLEM", fg="red")
        )
        click.echo(f"{mark} {finding.name}: {finding.text}")
    problems = [f for f in findings if not f.ok]
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} to fix.", err=True)
        raise SystemExit(EXIT_PROBLEMS)
    click.echo("Ready.")


async def _database(config: Config) -> list[Finding]:
    engine = create_engine(config.database_url, pool_size=1)
    shown = display_url(config.database_url)
    try:
        try:
            await ping(engine, seconds=config.db_timeout_s)
        except Exception as exc:  # the drivers raise outside SQLAlchemy's hierarchy
            return [Finding("database", False, explain_connect_error(exc, config.database_url))]
        found = [Finding("database", True, f"{shown} answers")]
        current, head = await current_revision(engine), head_revision()
        if current == head:
            found.append(Finding("migrations", True, f"the schema is current ({head})"))
            found.append(await clock_finding(config, engine))
        else:
            found.append(
                Finding(
                    "migrations",
                    False,
                    f"the schema is at {current or 'nothing'}, the code needs {head}: run "
                    "shopassist migrate (serve also does it at start-up)",
                )
            )
        return found
    finally:
        await engine.dispose()


async def _shops(config: Config) -> list[Finding]:
    found: list[Finding] = []
    secret = None
    if config.secret_key:
        found.append(Finding("secret key", True, "from SHOPASSIST_SECRET_KEY"))
        secret = config.secret_key
    elif config.secret_key_path.exists():
        secret = await asyncio.to_thread(
            installation_secret, config.secret_key, config.secret_key_path
        )
        found.append(
            Finding(
                "secret key",
                True,
                f"from the key file {config.secret_key_path} (several machines: set "
                "SHOPASSIST_SECRET_KEY on each)",
            )
        )
    else:
        found.append(
            Finding(
                "secret key",
                False,
                "none yet: set SHOPASSIST_SECRET_KEY (at least 32 characters), or start the "
                f"server once to have {config.secret_key_path} made",
            )
        )
    box = connector_box(config.shop_env, secret or "")
    engine = create_engine(config.database_url, pool_size=1)
    try:
        async with session_factory(engine)() as db:
            shops = list((await db.exec(select(Shop).order_by(Shop.id))).all())
    finally:
        await engine.dispose()
    if not shops:
        found.append(Finding("shops", False, "no shop yet: shopassist shops add ID --name NAME"))
    for shop in shops:
        found += _shop(shop, config, box if secret else None)
    return found


def _shop(shop: Shop, config: Config, box: SecretBox | None) -> list[Finding]:
    found: list[Finding] = []
    origins = [o for o in shop.allowed_origins if o]
    if not origins:
        found.append(
            Finding(
                f"shop {shop.id} origins",
                False,
                f"no page may embed the widget: shopassist shops set {shop.id} --origin "
                "https://YOUR-SHOP",
            )
        )
    else:
        found.append(Finding(f"shop {shop.id} origins", True, ", ".join(origins)))
        if origins == [SELF_ORIGIN]:
            found[-1] = Finding(
                f"shop {shop.id} origins", True, "self (only this server's own pages)"
            )
    env = config.shop_secrets_for(shop.id)
    if not (shop.secret or (env and env.identity)):
        found.append(
            Finding(f"shop {shop.id} secrets", False, "no identity secret (identify cannot work)")
        )
        return found
    missing = []
    for key in sorted(SECRETS & CONNECTION_KEYS & set(shop.settings)):
        try:
            if box is None:
                raise SecretMissing(f"{key}: no secret key to decrypt it")
            box.reveal(shop.settings[key], key)
        except SecretMissing as exc:
            missing.append(str(exc))
    if missing:
        found.append(Finding(f"shop {shop.id} secrets", False, "; ".join(missing)))
    else:
        where = " (from the environment)" if env else ""
        found.append(Finding(f"shop {shop.id} secrets", True, f"all set{where}"))
    return found

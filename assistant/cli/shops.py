"""``shopassist shops ...``: create, list, show, change and remove shops, and check a connection
to a shop system before it is stored. Every input is checked before anything is written;
connector secrets are stored encrypted (or as a reference to an environment variable)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import click

from assistant.cli.announce import announce_shop
from assistant.cli.base import async_command, build_config, database_option, fail
from assistant.cli.db import open_database
from assistant.config import Config
from assistant.errors import UnknownShop
from assistant.security.secret_key import installation_secret
from assistant.shop.manage import (
    ADAPTERS,
    ShopAdmin,
    ShopForm,
    ShopStatus,
    check_adapter,
    check_url,
    hours_form_from_text,
    hours_text,
    parse_languages,
)
from assistant.shop.platforms.connect import KINDS, BadConnectionSettings, build_adapter
from assistant.shop.platforms.secrets import SecretBox, connector_box
from assistant.shop.settings.errors import BadSetting
from assistant.shop.settings.hours import DEFAULT_TIMEZONE, hours_from_form
from assistant.shop.settings.origins import parse_origins

EMBED = '<script src="https://ASSISTANT/widget.js" data-shop="{id}" async></script>'


@click.group()
def shops() -> None:
    """Shops: create and change them, see what each still lacks before it goes live."""


def _shop_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option(
            "--name", default=None, help="The shop's name, as agents and shoppers see it."
        ),
        click.option(
            "--lang",
            "languages",
            multiple=True,
            metavar="de|en",
            help="A language the shop speaks; repeat for both (the first is the default).",
        ),
        click.option(
            "--origin",
            "origins",
            multiple=True,
            metavar="URL",
            help="A web origin that may embed the widget, e.g. https://www.myshop.example; "
            "repeat for several (replaces the list).",
        ),
        click.option(
            "--adapter",
            default=None,
            type=click.Choice(ADAPTERS),
            help="How the assistant reaches the shop (default feed: catalog from the product "
            "feed, cart on the page). See docs/platforms.md.",
        ),
        click.option(
            "--set",
            "pairs",
            multiple=True,
            metavar="NAME=VALUE",
            help="A connection setting, e.g. base_url=https://shop.example. A secret is stored "
            "encrypted; access_key=env:SHOPASSIST_SHOP_KAFFEE_KEY reads that variable instead.",
        ),
        click.option("--login-url", default=None, metavar="URL", help="The shop's sign-in page."),
        click.option(
            "--checkout-url",
            default=None,
            metavar="URL",
            help="The shop's cart or checkout page (shown by `shops show`).",
        ),
        click.option(
            "--hours",
            default=None,
            metavar="TEXT",
            help='When agents answer, e.g. "mon-fri 09:00-18:00, sat 10:00-14:00"; off: always.',
        ),
        click.option(
            "--timezone",
            default=None,
            metavar="ZONE",
            help=f"The business hours' time zone (default {DEFAULT_TIMEZONE}).",
        ),
        click.option(
            "--no-check",
            is_flag=True,
            help="Store a platform connection without asking the shop system first.",
        ),
        database_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _form(
    *,
    name: str | None,
    languages: tuple[str, ...],
    origins: tuple[str, ...],
    adapter: str | None,
    pairs: tuple[str, ...],
    login_url: str | None,
    checkout_url: str | None,
    hours: str | None,
    timezone: str | None,
) -> ShopForm:
    """The options as a :class:`ShopForm` (an option not given: ``None``, left as it is)."""
    connection: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"--set takes NAME=VALUE, got {pair!r}.")
        connection[key.strip()] = value
    business = None
    if hours is not None and hours.strip().lower() not in ("off", ""):
        business = hours_from_form(hours_form_from_text(hours, timezone or DEFAULT_TIMEZONE))
    elif hours is None and timezone is not None:
        fail("--timezone goes with --hours.")
    return ShopForm(
        name=name,
        languages=parse_languages(languages) if languages else None,
        origins=parse_origins("\n".join(origins)) if origins else None,
        adapter=check_adapter(adapter) if adapter else None,
        connection=connection or None,
        login_url=check_url(login_url, "login_url") if login_url is not None else None,
        checkout_url=check_url(checkout_url, "checkout_url") if checkout_url is not None else None,
        hours=business,
        no_hours=hours is not None and hours.strip().lower() in ("off", ""),
    )


@asynccontextmanager
async def _admin(config: Config) -> AsyncIterator[ShopAdmin]:
    secret = await asyncio.to_thread(installation_secret, config.secret_key, config.secret_key_path)
    async with open_database(config) as sessions:
        yield ShopAdmin(
            sessions, connector_box(config.shop_env, secret), timeout=config.db_timeout_s
        )


async def _announce(config: Config, shop_id: str) -> None:
    await announce_shop(config, shop_id)


async def _check(admin: ShopAdmin, settings: dict[str, Any], skip: bool) -> None:
    """Ask the shop system whether the connection works; every problem is one line."""
    kind = str(settings.get("adapter") or "demo")
    if skip or kind not in KINDS:
        return
    problems = await admin.check_connection(kind, settings)
    if problems:
        for problem in problems:
            click.echo(f"{problem.code}: {problem.message.en}", err=True)
        fail(f"The {kind} connection does not work (nothing was stored); fix the settings above.")
    click.echo(f"The {kind} connection works: address, keys and permissions are right.")


@shops.command("add")
@click.argument("shop_id", metavar="ID")
@_shop_options
@async_command
async def add(shop_id: str, no_check: bool, database: str | None, **options: Any) -> None:
    """Create the shop ID (lower-case letters, digits, - and _) and say what it still lacks."""
    config = build_config(database=database)
    try:
        form = _form(**options)
        async with _admin(config) as admin:
            await _check(admin, admin.settings_for({"adapter": "feed"}, form), no_check)
            await admin.create(shop_id, form)
            status = await admin.status(shop_id)
    except BadSetting as exc:
        fail(f"{exc.user_message('en')} Nothing was stored.")
    click.echo(f"Created shop {shop_id!r} ({status.shop.name}).")
    _print_status(status)


@shops.command("set")
@click.argument("shop_id", metavar="ID")
@_shop_options
@async_command
async def set_(shop_id: str, no_check: bool, database: str | None, **options: Any) -> None:
    """Change what the options give and keep the rest (--set changes single connection
    settings; with --adapter the connection is replaced as a whole)."""
    config = build_config(database=database)
    try:
        form = _form(**options)
        async with _admin(config) as admin:
            if form.adapter is not None or form.connection is not None:
                current = await admin.get(shop_id)
                await _check(admin, admin.settings_for(current.settings, form), no_check)
            await admin.update(shop_id, form)
            status = await admin.status(shop_id)
    except BadSetting as exc:
        fail(f"{exc.user_message('en')} Nothing was changed.")
    except UnknownShop:
        fail(f"There is no shop {shop_id!r} (see `shopassist shops list`).")
    await _announce(config, shop_id)
    click.echo(f"Changed shop {shop_id!r}.")
    _print_status(status)


@shops.command("list")
@database_option
@async_command
async def list_(database: str | None) -> None:
    """Every shop: id, name, languages, connection, and what it still lacks."""
    config = build_config(database=database)
    async with _admin(config) as admin:
        found = await admin.list()
    if not found:
        click.echo("No shops yet: create one with `shopassist shops add ID --name NAME`.")
        return
    for status in found:
        lacks = f"missing: {', '.join(g.key for g in status.gaps)}" if status.gaps else "ready"
        click.echo(
            f"{status.shop.id}\t{status.shop.name}\t{','.join(status.languages)}\t"
            f"{status.adapter}\t{status.articles} FAQ\t{status.products} products\t{lacks}"
        )


@shops.command("show")
@click.argument("shop_id", metavar="ID")
@database_option
@async_command
async def show(shop_id: str, database: str | None) -> None:
    """Everything about one shop (secrets hidden), the embed tag, and what it still lacks."""
    config = build_config(database=database)
    async with _admin(config) as admin:
        try:
            status = await admin.status(shop_id)
        except UnknownShop:
            fail(f"There is no shop {shop_id!r} (see `shopassist shops list`).")
        last = await admin.last_import(shop_id)
    shop = status.shop
    click.echo(f"Shop {shop.id}: {shop.name}")
    click.echo(f"  languages:       {', '.join(status.languages)}")
    click.echo(f"  allowed origins: {', '.join(shop.allowed_origins) or '(none)'}")
    click.echo(f"  connection:      {status.adapter}")
    for key, value in status.connection().items():
        click.echo(f"    {key} = {value}")
    for label, key in (("login page", "login_url"), ("checkout page", "checkout_url")):
        if shop.settings.get(key):
            click.echo(f"  {label + ':':<16} {shop.settings[key]}")
    click.echo(f"  business hours:  {hours_text(status.hours) or 'none (agents always there)'}")
    click.echo(f"  FAQ:             {status.articles} articles")
    catalog = f"{status.products} products"
    if last is not None:
        catalog += f" (last import {last.finished_at:%Y-%m-%d %H:%M} UTC: {last.status})"
    click.echo(f"  catalog:         {catalog}")
    click.echo(f"  agents:          {status.agents}")
    click.echo(f"  embed:           {EMBED.format(id=shop.id)}")
    _print_gaps(status)


@shops.command("remove")
@click.argument("shop_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@database_option
@async_command
async def remove(shop_id: str, yes: bool, database: str | None) -> None:
    """Delete a shop that holds no shopper data yet, with its FAQ and catalog."""
    config = build_config(database=database)
    if not yes:
        click.confirm(f"Delete shop {shop_id!r} with its FAQ and catalog?", abort=True)
    async with _admin(config) as admin:
        try:
            await admin.remove(shop_id)
        except UnknownShop:
            fail(f"There is no shop {shop_id!r} (see `shopassist shops list`).")
        except BadSetting as exc:
            fail(exc.user_message("en"))
    await _announce(config, shop_id)
    click.echo(f"Removed shop {shop_id!r}.")


def _print_status(status: ShopStatus) -> None:
    click.echo(f"Embed it with: {EMBED.format(id=status.shop.id)}")
    _print_gaps(status)


def _print_gaps(status: ShopStatus) -> None:
    if not status.gaps:
        click.echo("Nothing missing: the shop is ready to go live (run `shopassist check`).")
        return
    click.echo("Missing before it goes live:")
    for gap in status.gaps:
        click.echo(f"  - {gap.text('en')}")
        click.echo(f"      {gap.fix}")


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

"""The agent console under ``/console``: a sub-application with its own middlewares (errors as
pages, the encrypted session, sign-in and CSRF checks, a strict CSP)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

from assistant.security.secret_key import installation_secret
from web.console import (
    actions,
    auth,
    customers,
    dashboard,
    emails,
    hooks,
    kb,
    pages,
    rules,
    settings,
    shops,
    stream,
)
from web.console.state import build_state
from web.keys import config_key, console_key
from web.widget.guards import guards_key


def create_console() -> web.Application:
    console = web.Application(
        middlewares=[auth.console_errors, auth.console_session, auth.console_guard]
    )
    for routes in (
        auth.routes,
        pages.routes,
        actions.routes,
        kb.routes,
        customers.routes,
        dashboard.routes,
        settings.routes,
        emails.routes,
        rules.routes,
        hooks.routes,
        shops.routes,
        stream.routes,
    ):
        console.router.add_routes(routes)
    return console


async def console_state(app: web.Application) -> AsyncIterator[None]:
    """The key comes from the environment or a file beside the database, never from the
    database itself (a copy of it must not be enough to forge a session)."""
    config = app[config_key]
    secret = await asyncio.to_thread(installation_secret, config.secret_key, config.secret_key_path)
    app[console_key] = build_state(
        secret,
        config.console_session_hours,
        app[guards_key].failures,
        idle_minutes=config.console_idle_minutes,
    )
    yield


async def _to_inbox(request: web.Request) -> web.Response:
    raise web.HTTPMovedPermanently("/console/")


def setup_console(app: web.Application) -> None:
    app.router.add_get("/console", _to_inbox)
    app.add_subapp("/console", create_console())
    app.on_shutdown.append(stream.close_streams)

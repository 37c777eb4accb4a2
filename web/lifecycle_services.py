"""The lifecycle's services and its background sweeper, as one cleanup context."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from assistant.errors import StorageUnavailable
from assistant.lifecycle.delivery import ActionService
from assistant.lifecycle.mailer import Mailer, SmtpSettings
from assistant.lifecycle.service import LifecycleService
from web.keys import (
    actions_key,
    clock_key,
    config_key,
    conversations_key,
    lifecycle_key,
    mailer_key,
    sessions_key,
    writer_key,
)

log = logging.getLogger(__name__)


async def lifecycle_services(app: web.Application) -> AsyncIterator[None]:
    config = app[config_key]
    app[lifecycle_key] = LifecycleService(
        sessions=app[sessions_key],
        writer=app[writer_key],
        engine=app[conversations_key],
        clock=app[clock_key],
    )
    app[actions_key] = actions = ActionService(writer=app[writer_key], clock=app[clock_key])
    mailer = None
    if config.smtp_host:
        mailer = Mailer(
            SmtpSettings(
                host=config.smtp_host,
                port=config.smtp_port,
                sender=config.smtp_from,
                username=config.smtp_user,
                password=config.smtp_password,
                starttls=config.smtp_starttls,
            )
        )
    app[mailer_key] = mailer
    task = None
    if config.lifecycle_sweep_s > 0:
        task = asyncio.create_task(
            _sweep_forever(actions, mailer, config.lifecycle_sweep_s), name="lifecycle-sweeper"
        )
    yield
    await app[lifecycle_key].close()
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def sweep_once(actions: ActionService, mailer: Mailer | None) -> tuple[int, int]:
    """Catch up due time transitions (in chunks) and send due emails."""
    changed = 0
    while (done := await actions.sweep()) > 0:
        changed += done
        if done < 500:
            break
    sent = await actions.send_due_emails(mailer) if mailer is not None else 0
    return changed, sent


async def _sweep_forever(actions: ActionService, mailer: Mailer | None, every_s: float) -> None:
    """Time-based stages are also applied on a customer's next event and on read; this only
    keeps the stored stages of customers who never come back current. It never blocks the
    loop: the work is async database calls in the shared writer."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await sweep_once(actions, mailer)
        except (SQLAlchemyError, StorageUnavailable, OSError, TimeoutError) as exc:
            log.warning("lifecycle sweep failed, retrying later: %s", type(exc).__name__)

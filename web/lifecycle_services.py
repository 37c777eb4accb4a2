"""The lifecycle's services and its background sweeper, as one cleanup context; the outgoing
webhooks' sender, as another."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from assistant.errors import StorageUnavailable
from assistant.hooks.sender import HookSender
from assistant.hooks.subscriptions import HookAdmin, hook_box
from assistant.lifecycle.delivery import ActionService
from assistant.lifecycle.mailer import Mailer, SmtpSettings
from assistant.lifecycle.outbox import EmailComposer, EmailLinks
from assistant.lifecycle.service import LifecycleService
from assistant.security.links import link_key
from assistant.security.secret_key import installation_secret
from assistant.tasks import cancel_and_wait
from web.email_pages import JinjaTemplates, email_links_key
from web.keys import (
    actions_key,
    adapters_key,
    clock_key,
    config_key,
    conversations_key,
    hook_sender_key,
    hooks_key,
    lifecycle_key,
    mailer_key,
    sessions_key,
    shops_key,
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
    # E-mail links are signed with a key derived from the installation's secret key.
    secret = await asyncio.to_thread(installation_secret, config.secret_key, config.secret_key_path)
    app[email_links_key] = links = EmailLinks(
        config.public_base_url, link_key(secret), config.email_confirm_days
    )
    composer = EmailComposer(
        shops=app[shops_key],
        adapters=app[adapters_key],
        templates=JinjaTemplates(),
        links=links,
        default_sender=config.smtp_from,
        clock=app[clock_key],
    )
    app[actions_key] = actions = ActionService(
        writer=app[writer_key], clock=app[clock_key], composer=composer
    )
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
    await cancel_and_wait(task)


async def sweep_once(actions: ActionService, mailer: Mailer | None) -> tuple[int, int]:
    """Catch up due time transitions (in chunks), send the double opt-in's confirmations and
    due emails."""
    changed = 0
    while (done := await actions.sweep()) > 0:
        changed += done
        if done < 500:
            break
    sent = 0
    if mailer is not None:
        sent = await actions.send_confirmations(mailer) + await actions.send_due_emails(mailer)
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


async def hook_services(app: web.Application) -> AsyncIterator[None]:
    """The subscriptions' admin and the sender. Deliveries left pending by an earlier run (or
    another instance that stopped) go out with the first round."""
    config = app[config_key]
    secret = await asyncio.to_thread(installation_secret, config.secret_key, config.secret_key_path)
    box = hook_box(secret)
    app[hooks_key] = HookAdmin(
        app[sessions_key], box, clock=app[clock_key], timeout=config.db_timeout_s
    )
    app[hook_sender_key] = sender = HookSender(
        app[writer_key], box, clock=app[clock_key], timeout_s=config.hooks_timeout_s
    )
    task = None
    if config.hooks_poll_s > 0:
        task = asyncio.create_task(
            _send_forever(sender, config.hooks_poll_s), name="webhook-sender"
        )
    yield
    await cancel_and_wait(task)
    await sender.close()


async def _send_forever(sender: HookSender, every_s: float) -> None:
    while True:
        try:
            await sender.run_once()
        except (SQLAlchemyError, StorageUnavailable, OSError, TimeoutError) as exc:
            log.warning("webhook sender failed, retrying later: %s", type(exc).__name__)
        await asyncio.sleep(every_s)

"""The application factory: the one way the CLI, the tests and the benchmarks build the app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web

from assistant.answering import FaqResponder
from assistant.clock import Clock, utc_now
from assistant.config import Config
from assistant.conversation import ConversationEngine
from assistant.handoff import HandoffResponder
from assistant.knowledge import KnowledgeService
from assistant.shop.registry import ShopAdapters
from assistant.shops import ShopDirectory
from assistant.storage.engine import create_engine, session_factory
from assistant.storage.migrate import upgrade
from assistant.storage.writer import BatchWriter
from assistant.turns import Responder
from knowledge_base import Thresholds
from web import api, demo, widget_ws
from web.hub import Hub
from web.keys import (
    adapters_key,
    clock_key,
    config_key,
    conversations_key,
    engine_key,
    extra_responders_key,
    hub_key,
    knowledge_key,
    sessions_key,
    shops_key,
    writer_key,
)
from web.middleware import error_middleware, security_headers

log = logging.getLogger(__name__)
HERE = Path(__file__).parent


def create_app(
    config: Config,
    *,
    clock: Clock = utc_now,
    responders: Sequence[Responder] = (),
) -> web.Application:
    """``responders`` are asked before the built-in ones: the extension point for a shop's own
    intents (and for tests that need a responder with particular behaviour)."""
    app = web.Application(
        middlewares=[security_headers, error_middleware],
        client_max_size=1024**2,
    )
    app[config_key] = config
    app[clock_key] = clock
    app[extra_responders_key] = tuple(responders)
    app[hub_key] = Hub()
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
    )
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_services)
    app.on_shutdown.append(_close_sockets)
    app.router.add_routes(widget_ws.routes)
    app.router.add_routes(api.routes)
    app.router.add_routes(demo.routes)
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    config = app[config_key]
    engine = create_engine(config.database_url)
    if config.migrate_on_start:
        applied = await upgrade(engine)
        if applied:
            log.info("database migrated", extra={"revisions": applied})
    app[engine_key] = engine
    app[sessions_key] = sessions = session_factory(engine)
    writer = BatchWriter(
        sessions,
        max_batch=config.write_batch_size,
        workers=1 if config.is_sqlite else 4,
        timeout=config.db_timeout_s,
    )
    writer.start()
    app[writer_key] = writer
    yield
    await writer.close()
    await engine.dispose()


async def _services(app: web.Application) -> AsyncIterator[None]:
    sessions = app[sessions_key]
    app[shops_key] = shops = ShopDirectory(sessions)
    config = app[config_key]
    app[knowledge_key] = knowledge = KnowledgeService(
        sessions, Thresholds(answer=config.faq_answer, suggest=config.faq_suggest)
    )
    app[adapters_key] = ShopAdapters(sessions, app[clock_key])
    app[conversations_key] = ConversationEngine(
        sessions=sessions,
        writer=app[writer_key],
        shops=shops,
        knowledge=knowledge,
        responders=[*app[extra_responders_key], HandoffResponder(), FaqResponder(knowledge)],
        clock=app[clock_key],
        history_limit=app[config_key].history_limit,
    )
    yield


async def _close_sockets(app: web.Application) -> None:
    # Widgets reconnect (with backoff) to whichever instance answers next.
    await app[hub_key].close_all(WSCloseCode.GOING_AWAY, b"server shutdown")

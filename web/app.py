"""The application factory: the one way the CLI, the tests and the benchmarks build the app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from sqlalchemy.exc import SQLAlchemyError

from assistant.bundles.chat import BundleChat
from assistant.bundles.checkout import CheckoutOffers
from assistant.bundles.responder import BundleResponder
from assistant.bundles.service import BundleService
from assistant.checkout.abandonment import AbandonmentSweeper
from assistant.checkout.limits import GuessLimiter
from assistant.checkout.offers import Offers
from assistant.checkout.order_status import OrderStatusRunner
from assistant.checkout.responder import FlowResponder
from assistant.checkout.runner import CheckoutRunner
from assistant.clock import Clock, new_id, utc_now
from assistant.config import Config
from assistant.conversation.engine import ConversationEngine
from assistant.conversation.turns import Responder
from assistant.errors import AssistantError
from assistant.faq.answering import FaqResponder
from assistant.faq.articles import ArticleService
from assistant.faq.knowledge import KnowledgeService
from assistant.faq.learning import LearningService
from assistant.faq.smalltalk import SmallTalkResponder
from assistant.lifecycle.loyalty_chat import LoyaltyResponder
from assistant.lifecycle.review_chat import ReviewResponder
from assistant.lifecycle.review_service import ReviewService
from assistant.live.bus import LiveBus, LocalBus, LocalPresence, Presence
from assistant.live.cache_sync import CacheSync
from assistant.live.redis_bus import RedisBus, RedisPresence, connect
from assistant.products.actions import ProductActions
from assistant.products.catalog import ProductCatalogs
from assistant.products.finder import FinderRunner
from assistant.products.refresh import FeedRefresher
from assistant.products.responder import ProductResponder
from assistant.security.ratelimit import Limit
from assistant.security.secret_key import installation_secret
from assistant.shop.directory import ShopDirectory, announce_change
from assistant.shop.manage import ShopAdmin
from assistant.shop.platforms.secrets import connector_box
from assistant.shop.registry import ShopAdapters
from assistant.shop.settings.rules import RuleBook
from assistant.shop.settings.service import ShopSettingsService
from assistant.storage.engine import Sessions, create_engine, session_factory
from assistant.storage.migrate import upgrade
from assistant.storage.writer import BatchWriter
from assistant.support.desk import Desk
from assistant.support.handoff import AgentGate, HumanRequestResponder
from assistant.support.kb_desk import KnowledgeDesk
from assistant.tasks import cancel_and_wait
from knowledge_base import Thresholds
from web import demo, email_pages, lifecycle_api, observability, openapi, review_pages
from web.console.app import console_state, setup_console
from web.keys import (
    adapters_key,
    articles_key,
    bundles_key,
    bus_key,
    cache_sync_key,
    catalogs_key,
    clock_key,
    config_key,
    conversations_key,
    desk_key,
    engine_key,
    extra_responders_key,
    feeds_key,
    flows_key,
    hub_key,
    instance_key,
    kb_desk_key,
    knowledge_key,
    learning_key,
    offers_key,
    presence_key,
    product_actions_key,
    reviews_key,
    rules_key,
    sessions_key,
    shop_admin_key,
    shop_settings_key,
    shops_key,
    sweeper_key,
    writer_key,
)
from web.lifecycle_services import hook_services, lifecycle_services
from web.middleware import error_middleware, security_headers
from web.observability import Metrics, metrics_key, request_context
from web.widget import http as widget_http
from web.widget import http_frames
from web.widget import script as widget_script
from web.widget import socket as widget_socket
from web.widget.guards import Guards, guards_key, http_rate_limit
from web.widget.hub import Hub

log = logging.getLogger(__name__)
HERE = Path(__file__).parent


def create_app(
    config: Config,
    *,
    clock: Clock = utc_now,
    responders: Sequence[Responder] = (),
    offers: Offers | None = None,
    instance: str | None = None,
) -> web.Application:
    """``responders`` are asked before the built-in ones (but after the gate that keeps the
    bot silent while a human has the conversation): the extension point for a shop's own
    intents (and for tests that need a responder with particular behaviour). ``offers`` is what
    the checkout offers after the cart review (see :mod:`assistant.checkout.offers`); by
    default the bundles' best fitting offer, ``NO_OFFERS`` for none. ``instance`` names this
    process among several sharing the database (default: a new random id)."""
    app = web.Application(
        middlewares=[request_context, security_headers, error_middleware, http_rate_limit],
        client_max_size=1024**2,
    )
    app[config_key] = config
    app[clock_key] = clock
    app[extra_responders_key] = tuple(responders)
    if offers is not None:
        app[offers_key] = offers
    app[metrics_key] = Metrics()
    app[instance_key] = instance = instance or new_id()[:12]
    bus, presence = _live(config, instance)
    app[guards_key] = Guards(config, bus, clock)
    app[bus_key] = bus
    app[presence_key] = presence
    app[hub_key] = Hub(bus)
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
    )
    app.cleanup_ctx.append(_redis)
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_services)
    app.cleanup_ctx.append(_cache_sync)
    app.cleanup_ctx.append(_abandonment)
    app.cleanup_ctx.append(console_state)
    app.cleanup_ctx.append(_bundle_refresh)
    app.cleanup_ctx.append(_feed_refresh)
    app.cleanup_ctx.append(lifecycle_services)
    app.cleanup_ctx.append(hook_services)
    app.on_shutdown.append(_close_sockets)
    app[http_frames.waiters_key] = set()
    app.on_shutdown.append(http_frames.end_polls)
    app.router.add_routes(widget_socket.routes)
    app.router.add_routes(widget_http.routes)
    app.router.add_routes(http_frames.routes)
    app.router.add_routes(widget_script.routes)
    app.router.add_routes(demo.routes)
    app.router.add_routes(observability.routes)
    app.router.add_routes(openapi.routes)
    setup_console(app)
    app.router.add_routes(lifecycle_api.routes)
    app.router.add_routes(email_pages.routes)
    app.router.add_routes(review_pages.routes)
    return app


def _live(config: Config, instance: str) -> tuple[LiveBus, Presence]:
    """In-process for a single instance; through Redis when ``REDIS_URL`` is set."""
    if config.redis_url is None:
        local = LocalBus()
        return local, LocalPresence(local)
    bus = RedisBus(
        connect(config.redis_url, timeout=config.redis_timeout_s),
        instance=instance,
        prefix=config.redis_prefix,
        timeout=config.redis_timeout_s,
    )
    return bus, RedisPresence(bus, ttl=config.presence_ttl_s)


async def _redis(app: web.Application) -> AsyncIterator[None]:
    """Connects before anything is served (or gives up after the timeout and keeps trying
    in the background); closed last, after the consoles have said goodbye."""
    bus, presence = app[bus_key], app[presence_key]
    if not isinstance(bus, RedisBus) or not isinstance(presence, RedisPresence):
        yield
        return
    bus.start()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(2 * app[config_key].redis_timeout_s):
            await bus.connected()
    await presence.start()
    app[guards_key].start()
    yield
    await app[guards_key].close()
    await presence.close()
    await bus.close()


async def _database(app: web.Application) -> AsyncIterator[None]:
    config = app[config_key]
    engine = create_engine(config.database_url, busy_timeout_s=config.db_timeout_s)
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
        observe=app[metrics_key].observe_batch,
    )
    writer.start()
    app[writer_key] = writer
    yield
    await writer.close()
    await engine.dispose()


async def _services(app: web.Application) -> AsyncIterator[None]:
    sessions = app[sessions_key]
    app[shops_key] = shops = ShopDirectory(sessions, app[config_key].signing_secrets)
    following = await shops.follow(app[bus_key])
    config = app[config_key]
    faq_default = Thresholds(answer=config.faq_answer, suggest=config.faq_suggest)
    app[knowledge_key] = knowledge = KnowledgeService(sessions, faq_default)
    await knowledge.prepare()
    app[shop_settings_key] = ShopSettingsService(
        sessions,
        shops,
        app[bus_key],
        faq_default=faq_default,
        clock=app[clock_key],
        timeout=config.db_timeout_s,
    )
    bus = app[bus_key]

    async def announce(shop_id: str) -> None:
        await announce_change(shops, bus, shop_id)

    app[rules_key] = RuleBook(
        sessions, announce=announce, clock=app[clock_key], timeout=config.db_timeout_s
    )
    # The installation key (environment or a file beside the database, never the database):
    # connector secrets stored in the database are encrypted with a key derived from it.
    secret = await asyncio.to_thread(installation_secret, config.secret_key, config.secret_key_path)
    box = connector_box(config.shop_env, secret)
    app[adapters_key] = adapters = ShopAdapters(
        sessions, app[clock_key], timeout=config.shop_timeout_s, secrets=box
    )
    app[shop_admin_key] = ShopAdmin(
        sessions, box, clock=app[clock_key], timeout=config.db_timeout_s
    )
    app[bundles_key] = bundles = _bundle_chat(config, sessions, adapters)
    app[articles_key] = articles = ArticleService(
        sessions, knowledge, app[clock_key], live=app[bus_key], origin=app[instance_key]
    )
    app[learning_key] = learning = LearningService(sessions, knowledge, articles, app[clock_key])
    faq = FaqResponder(knowledge, learning=learning)
    app[catalogs_key] = catalogs = ProductCatalogs(sessions, adapters, app[clock_key])
    app[product_actions_key] = ProductActions(sessions, adapters)
    app[flows_key] = flows = _flows(app, faq)
    presence = app[presence_key]
    app[reviews_key] = reviews = ReviewService(
        writer=app[writer_key],
        adapters=adapters,
        clock=app[clock_key],
        timeout=config.shop_timeout_s,
    )
    app[conversations_key] = ConversationEngine(
        sessions=sessions,
        writer=app[writer_key],
        shops=shops,
        knowledge=knowledge,
        responders=[
            AgentGate(presence, app[clock_key]),
            HumanRequestResponder(presence, app[clock_key]),
            *app[extra_responders_key],
            ReviewResponder(sessions, reviews),
            LoyaltyResponder(sessions),
            flows,
            BundleResponder(bundles),
            SmallTalkResponder(),
            ProductResponder(catalogs, faq),
            faq,
        ],
        clock=app[clock_key],
        history_limit=config.history_limit,
        live=app[bus_key],
    )
    app[desk_key] = Desk(
        sessions=sessions,
        writer=app[writer_key],
        live=app[bus_key],
        clock=app[clock_key],
        max_text_chars=config.max_text_chars,
    )
    app[kb_desk_key] = KnowledgeDesk(sessions, shops, knowledge, articles, learning)
    yield
    await following.close()
    await adapters.close()


async def _cache_sync(app: web.Application) -> AsyncIterator[None]:
    """Changes made on other instances reach this one's knowledge indexes and shop cache."""
    sync = CacheSync(
        app[bus_key],
        instance=app[instance_key],
        knowledge=app[knowledge_key],
        shops=app[shops_key],
        adapters=app[adapters_key],
    )
    await sync.start()
    app[cache_sync_key] = sync
    yield
    await sync.close()


def _flows(app: web.Application, faq: FaqResponder) -> FlowResponder:
    """Checkout and order status, asked before the FAQ (which answers questions mid-flow)."""
    config, sessions, adapters = app[config_key], app[sessions_key], app[adapters_key]
    limiter = GuessLimiter(
        store=app[guards_key].failures(
            "guess",
            Limit(
                config.order_lookup_attempts, timedelta(minutes=config.order_lookup_window_minutes)
            ),
        )
    )
    timeout = config.shop_timeout_s
    offers = app.get(offers_key) or CheckoutOffers(app[bundles_key])
    return FlowResponder(
        sessions=sessions,
        checkout=CheckoutRunner(
            adapters=adapters,
            sessions=sessions,
            faq=faq,
            timeout=timeout,
            offers=offers,
            ask_consent=config.smtp_host is not None,
        ),
        order_status=OrderStatusRunner(
            adapters=adapters, sessions=sessions, faq=faq, timeout=timeout, limiter=limiter
        ),
        finder=FinderRunner(
            catalogs=app[catalogs_key], sessions=sessions, faq=faq, timeout=config.shop_timeout_s
        ),
    )


async def _abandonment(app: web.Application) -> AsyncIterator[None]:
    """The background task that pauses idle checkouts; cancelled on shutdown."""
    config = app[config_key]
    sweeper = AbandonmentSweeper(
        app[sessions_key],
        app[writer_key],
        idle=timedelta(minutes=config.checkout_idle_minutes),
        clock=app[clock_key],
    )
    app[sweeper_key] = sweeper
    task = asyncio.create_task(_sweep_forever(sweeper, config.abandon_sweep_s), name="abandonment")
    yield
    await cancel_and_wait(task)


async def _sweep_forever(sweeper: AbandonmentSweeper, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            await sweeper.run_once()
        except (AssistantError, SQLAlchemyError, OSError) as exc:
            log.warning("abandonment sweep failed: %s", type(exc).__name__)


def _bundle_chat(config: Config, sessions: Sessions, adapters: ShopAdapters) -> BundleChat:
    service = BundleService(
        sessions,
        min_support=config.bundle_min_support,
        refresh_s=config.bundle_refresh_s,
        db_timeout_s=config.db_timeout_s,
    )
    return BundleChat(service, adapters, sessions)


async def _bundle_refresh(app: web.Application) -> AsyncIterator[None]:
    """New orders reach the mined pairs in the background, off the event loop's back."""
    task = asyncio.create_task(app[bundles_key].service.run(), name="bundle-refresh")
    yield
    await cancel_and_wait(task)


async def _feed_refresh(app: web.Application) -> AsyncIterator[None]:
    """Shops with a feed URL get their catalog imported again on their schedule."""
    config = app[config_key]
    refresher = FeedRefresher(
        app[sessions_key],
        max_bytes=config.max_import_bytes,
        timeout=config.feed_timeout_s,
        clock=app[clock_key],
    )
    app[feeds_key] = refresher
    task = asyncio.create_task(_refresh_forever(refresher, config.feed_check_s), name="feeds")
    yield
    await cancel_and_wait(task)
    await refresher.close()


async def _refresh_forever(refresher: FeedRefresher, every: float) -> None:
    while True:
        try:
            await refresher.run_once()
        except (AssistantError, SQLAlchemyError, OSError) as exc:
            log.warning("feed check failed: %s", type(exc).__name__)
        await asyncio.sleep(every)


async def _close_sockets(app: web.Application) -> None:
    # Widgets reconnect (with backoff) to whichever instance answers next.
    await app[hub_key].close_all(WSCloseCode.GOING_AWAY, b"server shutdown")

"""Every piece of application state, one typed key each."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from assistant.bundles.chat import BundleChat
from assistant.checkout.abandonment import AbandonmentSweeper
from assistant.checkout.offers import Offers
from assistant.checkout.responder import FlowResponder
from assistant.clock import Clock
from assistant.config import Config
from assistant.conversation.engine import ConversationEngine
from assistant.conversation.turns import Responder
from assistant.faq.articles import ArticleService
from assistant.faq.knowledge import KnowledgeService
from assistant.faq.learning import LearningService
from assistant.hooks.sender import HookSender
from assistant.hooks.subscriptions import HookAdmin
from assistant.lifecycle.delivery import ActionService
from assistant.lifecycle.mailer import Mailer
from assistant.lifecycle.review_service import ReviewService
from assistant.lifecycle.service import LifecycleService
from assistant.live.bus import LiveBus, Presence
from assistant.live.cache_sync import CacheSync
from assistant.products.actions import ProductActions
from assistant.products.catalog import ProductCatalogs
from assistant.products.refresh import FeedRefresher
from assistant.shop.directory import ShopDirectory
from assistant.shop.manage import ShopAdmin
from assistant.shop.registry import ShopAdapters
from assistant.shop.settings.rules import RuleBook
from assistant.shop.settings.service import ShopSettingsService
from assistant.storage.engine import Sessions
from assistant.storage.writer import BatchWriter
from assistant.support.desk import Desk
from assistant.support.kb_desk import KnowledgeDesk
from web.console.state import ConsoleState
from web.widget.hub import Hub

config_key = web.AppKey("config", Config)
#: This process among the instances sharing the database (tags what it sends through Redis).
instance_key = web.AppKey("instance", str)
clock_key: web.AppKey[Clock] = web.AppKey("clock")
engine_key = web.AppKey("db_engine", AsyncEngine)
sessions_key = web.AppKey("sessions", Sessions)
writer_key = web.AppKey("writer", BatchWriter)
shops_key = web.AppKey("shops", ShopDirectory)
knowledge_key = web.AppKey("knowledge", KnowledgeService)
conversations_key = web.AppKey("conversations", ConversationEngine)
hub_key = web.AppKey("hub", Hub)
adapters_key = web.AppKey("shop_adapters", ShopAdapters)
extra_responders_key = web.AppKey("extra_responders", tuple[Responder, ...])
flows_key = web.AppKey("flows", FlowResponder)
offers_key = web.AppKey("offers", Offers)
sweeper_key = web.AppKey("abandonment_sweeper", AbandonmentSweeper)
bus_key = web.AppKey("live_bus", LiveBus)
presence_key = web.AppKey("presence", Presence)
desk_key = web.AppKey("desk", Desk)
articles_key = web.AppKey("articles", ArticleService)
cache_sync_key = web.AppKey("cache_sync", CacheSync)
kb_desk_key = web.AppKey("kb_desk", KnowledgeDesk)
learning_key = web.AppKey("learning", LearningService)
console_key = web.AppKey("console", ConsoleState)
bundles_key = web.AppKey("bundles", BundleChat)
shop_settings_key = web.AppKey("shop_settings", ShopSettingsService)
rules_key = web.AppKey("lifecycle_rules", RuleBook)
shop_admin_key = web.AppKey("shop_admin", ShopAdmin)

# Lifecycle (assistant/lifecycle): identify, tracking, webhooks, proactive actions, metrics.
lifecycle_key = web.AppKey("lifecycle", LifecycleService)
actions_key = web.AppKey("lifecycle_actions", ActionService)
mailer_key: web.AppKey[Mailer | None] = web.AppKey("mailer")
# Outgoing webhooks (assistant/hooks): the subscriptions and the sender of their deliveries.
hooks_key = web.AppKey("hooks", HookAdmin)
hook_sender_key = web.AppKey("hook_sender", HookSender)

# Products in the chat: the per-shop search indexes and what product cards' buttons do.
catalogs_key = web.AppKey("catalogs", ProductCatalogs)
product_actions_key = web.AppKey("product_actions", ProductActions)
reviews_key = web.AppKey("reviews", ReviewService)
feeds_key = web.AppKey("feeds", FeedRefresher)

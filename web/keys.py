"""Every piece of application state, one typed key each."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from assistant.clock import Clock
from assistant.config import Config
from assistant.conversation import ConversationEngine
from assistant.knowledge import KnowledgeService
from assistant.lifecycle.delivery import ActionService
from assistant.lifecycle.service import LifecycleService
from assistant.mailer import Mailer
from assistant.shop.registry import ShopAdapters
from assistant.shops import ShopDirectory
from assistant.storage.engine import Sessions
from assistant.storage.writer import BatchWriter
from assistant.turns import Responder
from web.hub import Hub

config_key = web.AppKey("config", Config)
clock_key = web.AppKey("clock", Clock)
engine_key = web.AppKey("db_engine", AsyncEngine)
sessions_key = web.AppKey("sessions", Sessions)
writer_key = web.AppKey("writer", BatchWriter)
shops_key = web.AppKey("shops", ShopDirectory)
knowledge_key = web.AppKey("knowledge", KnowledgeService)
conversations_key = web.AppKey("conversations", ConversationEngine)
hub_key = web.AppKey("hub", Hub)
adapters_key = web.AppKey("shop_adapters", ShopAdapters)
extra_responders_key = web.AppKey("extra_responders", tuple[Responder, ...])

# Lifecycle (assistant/lifecycle): identify, tracking, webhooks, proactive actions, metrics.
lifecycle_key = web.AppKey("lifecycle", LifecycleService)
actions_key = web.AppKey("lifecycle_actions", ActionService)
mailer_key = web.AppKey("mailer", Mailer | None)

"""Checkouts left alone: a checkout whose conversation has been idle for the configured time
(30 minutes by default) is paused and recorded as ``checkout_abandoned {step}``. The widget
then offers to continue where the shopper stopped (the welcome frame's ``resume``).

A background task calls :meth:`AbandonmentSweeper.run_once` every ``abandon_sweep_s`` seconds;
each conversation is updated in its own unit of work, and only if it has not changed since it
was read, so a shopper who answers at that very moment is never paused.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.checkout.base import FLOW_KEY
from assistant.clock import Clock, utc_now
from assistant.conversation.replies import EventDraft
from assistant.lifecycle.events import store_events
from assistant.storage.engine import Sessions
from assistant.storage.models import Conversation
from assistant.storage.writer import BatchWriter
from flows import FlowState, Intent

log = logging.getLogger(__name__)
BATCH = 500


class AbandonmentSweeper:
    def __init__(
        self,
        sessions: Sessions,
        writer: BatchWriter,
        *,
        idle: timedelta = timedelta(minutes=30),
        clock: Clock = utc_now,
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._idle = idle
        self._clock = clock

    async def run_once(self) -> int:
        """Pause every checkout idle for longer than ``idle``; returns how many."""
        now = self._clock()
        cutoff = now - self._idle
        async with self._sessions() as db:
            rows = (
                await db.exec(
                    select(Conversation)
                    .where(
                        col(Conversation.status).in_(("bot", "waiting")),
                        col(Conversation.updated_at) < cutoff,
                        col(Conversation.state)[FLOW_KEY]["name"].as_string()
                        == Intent.CHECKOUT.value,
                    )
                    .order_by(col(Conversation.updated_at))
                    .limit(BATCH)
                )
            ).all()
        paused = 0
        for row in rows:
            state = FlowState.from_json((row.state or {}).get(FLOW_KEY))
            if state is None or state.paused or state.done:
                continue
            if await self._writer.submit(self._pause(row, state, now)):
                paused += 1
        if paused:
            log.info("paused %d abandoned checkouts", paused)
        return paused

    def _pause(self, row: Conversation, state: FlowState, now: datetime) -> Any:
        new_state = {**(row.state or {}), FLOW_KEY: state.paused_as(True).to_json()}

        async def work(db: AsyncSession) -> bool:
            result = await db.exec(
                update(Conversation)
                .where(
                    col(Conversation.id) == row.id,
                    col(Conversation.updated_at) == row.updated_at,
                )
                .values(state=new_state)
            )
            if result.rowcount != 1:
                return False  # the shopper wrote meanwhile: not abandoned
            await store_events(
                db,
                shop_id=row.shop_id,
                customer_id=row.customer_id,
                conversation_id=row.id,
                drafts=(EventDraft("checkout_abandoned", {"step": state.step, "reason": "idle"}),),
                now=now,
            )
            return True

        return work

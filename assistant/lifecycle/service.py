"""What the web layer calls for the lifecycle: identify, track, page views, surveys and shop
webhooks, each one unit of work through the group-commit writer."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.conversation.engine import ChatSession, ConversationEngine
from assistant.conversation.replies import EventDraft, Reply
from assistant.i18n import L10n
from assistant.lifecycle.events import store_events
from assistant.lifecycle.identity import Identified, IdentityRejected, identify
from assistant.lifecycle.referrals import arrive, code_in
from assistant.lifecycle.reviews import HANDOFF_EVENT
from assistant.lifecycle.settings import parse_settings
from assistant.lifecycle.tracking import IdentifyRequest, SurveyAnswer, Track
from assistant.lifecycle.webhooks import Stored, WebhookEvent, WebhookQueue
from assistant.security.signing import check_identity
from assistant.shop.directory import ShopInfo
from assistant.storage.engine import Sessions
from assistant.storage.models import Conversation
from assistant.storage.writer import BatchWriter

log = logging.getLogger(__name__)

NPS_SORRY = L10n(
    de="Danke für Ihre ehrliche Antwort. Es tut uns leid, dass wir Sie nicht überzeugt haben: "
    "Eine Mitarbeiterin oder ein Mitarbeiter meldet sich hier im Chat bei Ihnen, um zu "
    "hören, was wir besser machen können.",
    en="Thank you for your honest answer. We are sorry we did not win you over: a member of "
    "staff will get back to you here in the chat to hear what we can do better.",
)


class LifecycleService:
    def __init__(
        self,
        *,
        sessions: Sessions,
        writer: BatchWriter,
        engine: ConversationEngine,
        clock: Clock = utc_now,
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._engine = engine
        self._clock = clock
        self._webhooks = WebhookQueue(writer, clock)

    async def identify(self, session: ChatSession, request: IdentifyRequest) -> Identified:
        """Check the shop's hash, then merge; a wrong hash stores nothing. Only the fields the
        hash covers count as the shop's word; an e-mail or name beside it is kept apart as
        unverified. The shop is read anew (from the directory's cache), so a rotated secret
        counts on open connections."""
        now = self._clock()
        await self._engine.refresh(session)
        shop = session.shop
        check = check_identity(
            shop.identity_secrets(now),
            request.external_id,
            request.hash,
            email=request.email,
            name=request.name,
            legacy=shop.legacy_signatures,
        )
        if check is None:
            raise IdentityRejected(detail=f"shop {shop.id}")
        if check.legacy:
            log.info("identify with a legacy hash (no purpose prefix)", extra={"shop": shop.id})
        signed, claimed = request.split(check.email_signed, check.name_signed)

        async def work(db: AsyncSession) -> Identified:
            done = await identify(
                db,
                shop_id=session.shop.id,
                visitor_id=session.visitor_id,
                ref=signed,
                conversation_id=session.conversation_id,
                now=now,
                consent=request.consent,
                unverified=claimed,
            )
            await store_events(
                db,
                shop_id=session.shop.id,
                customer_id=done.customer_id,
                conversation_id=None,
                drafts=(EventDraft("identify", {"merged": done.merged_from is not None}),),
                now=now,
            )
            return done

        done = await self._writer.submit(work)
        session.customer_id = done.customer_id
        session.conversation_id = done.conversation_id
        return done

    async def track(self, session: ChatSession, track: Track) -> str:
        draft = EventDraft("track", {"name": track.name, "props": track.props})
        return await self._engine.record(session, (draft,), in_conversation=False)

    async def page_view(self, session: ChatSession, url: str) -> str:
        """A page load: an event (and a customer row), never a conversation. A referral code
        in the address (``?sa_ref=``) attributes this shopper to the code's owner, if allowed
        (:func:`assistant.lifecycle.referrals.arrive`); it never identifies anyone."""
        customer_id = await self._engine.record(
            session, (EventDraft("page_view", {"url": url}),), in_conversation=False
        )
        code = code_in(url)
        if code is None:
            return customer_id
        now = self._clock()

        async def work(db: AsyncSession) -> None:
            if await arrive(db, session.shop.id, customer_id, url, now):
                await store_events(
                    db,
                    shop_id=session.shop.id,
                    customer_id=customer_id,
                    conversation_id=None,
                    drafts=(EventDraft("referral_arrived", {"code": code}),),
                    now=now,
                )

        await self._writer.submit(work)
        return customer_id

    async def survey(self, session: ChatSession, answer: SurveyAnswer) -> dict[str, Any] | None:
        """Record the answer; a detractor's NPS (0-6 by default) puts the conversation in the
        agents' queue and returns the apology to show (no referral is asked of them)."""
        draft = EventDraft("survey_answered", {"kind": answer.kind, "score": answer.score})
        await self._engine.record(session, (draft,), in_conversation=True)
        settings = parse_settings(session.shop.settings)
        if answer.kind != "nps" or answer.score > settings.nps_detractor_score:
            return None
        if session.conversation_id is None:
            return None
        conversation_id = session.conversation_id

        async def queue(db: AsyncSession) -> bool:
            done = await db.exec(
                update(Conversation)
                .where(col(Conversation.id) == conversation_id, col(Conversation.status) == "bot")
                .values(status="waiting")
            )
            return bool(done.rowcount)

        if not await self._writer.submit(queue):
            return None  # already with the team
        props = {"reason": "nps", "score": answer.score}
        return await self._engine.post(
            session,
            Reply(text=NPS_SORRY.get(session.locale)),
            (EventDraft(HANDOFF_EVENT, props),),
            status_changed=True,
        )

    async def webhook(self, shop: ShopInfo, hook: WebhookEvent) -> Stored:
        try:
            return await self._webhooks.submit(shop.id, hook)
        except IntegrityError:
            # The same event id arrived twice at once (two instances): the other copy won.
            return await self._webhooks.submit(shop.id, hook)

    async def webhooks(self, shop: ShopInfo, hooks: list[WebhookEvent]) -> list[Stored]:
        """A batch, queued at once and in order: the group commit stores it in one or a few
        transactions (and a customer's events keep their order)."""
        return list(await asyncio.gather(*(self.webhook(shop, hook) for hook in hooks)))

    async def close(self) -> None:
        await self._webhooks.close()

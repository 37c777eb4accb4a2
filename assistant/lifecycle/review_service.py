"""Taking a review from the chat or from an e-mail's link: one unit of work stores it (with
its event and, for a detractor who wrote by e-mail, the agents' conversation); after the
commit the shop's adapter gets it, and the outcome is noted on the review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.lifecycle.reviews import (
    SavedReview,
    open_for_agent,
    request_of,
    save_review,
    send_to_shop,
    set_shop_status,
    shop_review,
)
from assistant.lifecycle.settings import parse_settings
from assistant.shop.directory import ShopInfo
from assistant.shop.registry import ShopAdapters
from assistant.storage.models import Conversation
from assistant.storage.writer import BatchWriter


@dataclass(frozen=True, slots=True)
class Given:
    """A review as the shopper gave it: for which request, how many stars, which words."""

    action_id: int
    customer_id: str
    rating: int
    text: str
    channel: str  # chat | email
    locale: str


@dataclass(frozen=True, slots=True)
class Taken:
    saved: SavedReview | None  # None: the order had a review already
    #: The agents' conversation a detractor's e-mail review opened.
    conversation_id: str | None = None


class ReviewService:
    def __init__(
        self,
        *,
        writer: BatchWriter,
        adapters: ShopAdapters,
        clock: Clock = utc_now,
        timeout: float = 5.0,
    ) -> None:
        self._writer = writer
        self._adapters = adapters
        self._clock = clock
        self._timeout = timeout

    async def take(
        self,
        shop: ShopInfo,
        given: Given,
        *,
        conversation_id: str | None = None,
        state: dict[str, Any] | None = None,
    ) -> Taken | None:
        """Store ``given`` (``None``: the action is no review request of this customer).
        ``conversation_id``: the chat it was given in; ``state``: that conversation's flow
        state to keep (the review's step removed). From e-mail, a detractor's review opens
        a conversation in the agents' queue."""
        now = self._clock()
        settings = parse_settings(shop.settings)

        async def work(db: AsyncSession) -> Taken | None:
            request = await request_of(db, shop.id, given.customer_id, given.action_id)
            if request is None:
                return None
            saved = await save_review(
                db,
                request,
                rating=given.rating,
                text=given.text,
                channel=given.channel,
                locale=given.locale,
                settings=settings,
                conversation_id=conversation_id,
                now=now,
            )
            if conversation_id is not None and state is not None:
                await db.exec(
                    update(Conversation)
                    .where(col(Conversation.id) == conversation_id)
                    .values(state=state)
                )
            opened = None
            if saved is not None and saved.detractor and conversation_id is None:
                opened = await open_for_agent(
                    db, saved, request, text=given.text, locale=given.locale, now=now
                )
            return Taken(saved, opened)

        taken: Taken | None = await self._writer.submit(work)
        if taken is not None and taken.saved is not None:
            await self._to_shop(shop, taken.saved)
        return taken

    async def keep_state(self, conversation_id: str, state: dict[str, Any]) -> None:
        """Store the conversation's flow state without the review's step, so a later answer
        to something else (a quantity in the checkout) is never read as stars."""

        async def work(db: AsyncSession) -> None:
            await db.exec(
                update(Conversation)
                .where(col(Conversation.id) == conversation_id)
                .values(state=state)
            )

        await self._writer.submit(work)

    async def _to_shop(self, shop: ShopInfo, saved: SavedReview) -> None:
        async def read(db: AsyncSession) -> Any:
            return await shop_review(db, saved.review_id)

        review = await self._writer.submit(read)
        if review is None:
            return
        status = await send_to_shop(self._adapters.get(shop), review, self._timeout)

        async def note(db: AsyncSession) -> None:
            await set_shop_status(db, saved.review_id, status)

        await self._writer.submit(note)

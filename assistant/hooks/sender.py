"""Posting claimed deliveries: signed, with a timeout, each attempt recorded. Runs after the
commit of the event (a background task of the server calls :meth:`HookSender.run_once`)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.hooks.outbox import CLAIM, Claimed, Outcome, claim_due, finish, release
from assistant.security.signing import webhook_signature
from assistant.shop.platforms.secrets import SecretBox, SecretMissing
from assistant.storage.writer import BatchWriter

log = logging.getLogger(__name__)

#: The headers a receiver reads; the signature is the one shops use for their webhooks to us.
TIMESTAMP_HEADER = "X-ShopAssistant-Timestamp"
SIGNATURE_HEADER = "X-ShopAssistant-Signature"
DELIVERY_HEADER = "X-ShopAssistant-Delivery"
TOPIC_HEADER = "X-ShopAssistant-Topic"
ATTEMPT_HEADER = "X-ShopAssistant-Attempt"
USER_AGENT = "shopassist-webhooks/1"
#: What is read of a receiver's answer (the rest is dropped with the connection).
MAX_ANSWER = 64 * 1024


def signed_headers(secret: str, timestamp: int, claimed: Claimed) -> dict[str, str]:
    ts = str(timestamp)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        TIMESTAMP_HEADER: ts,
        SIGNATURE_HEADER: webhook_signature(secret, ts, claimed.body),
        DELIVERY_HEADER: claimed.id,
        TOPIC_HEADER: claimed.topic,
        ATTEMPT_HEADER: str(claimed.attempts + 1),
    }


class HookSender:
    def __init__(
        self,
        writer: BatchWriter,
        box: SecretBox,
        *,
        clock: Clock = utc_now,
        timeout_s: float = 10.0,
        batch: int = 50,
    ) -> None:
        self._writer = writer
        self._box = box
        self._clock = clock
        self._timeout = timeout_s
        self._batch = batch
        # A claim outlasts the slowest post of a round, so no one takes a row being sent.
        self._hold = max(CLAIM, timedelta(seconds=2 * timeout_s))
        self._session: aiohttp.ClientSession | None = None

    async def run_once(self) -> int:
        """Post every due delivery once (in batches, posts of a batch at the same time);
        returns how many attempts were made."""
        made = 0
        while True:
            now = self._clock()
            claimed: list[Claimed] = await self._writer.submit(_claim(now, self._batch, self._hold))
            if not claimed:
                return made
            try:
                outcomes = await asyncio.gather(*(self._post(c) for c in claimed))
            except asyncio.CancelledError:
                await self._writer.submit(_release([c.id for c in claimed]))
                raise
            await self._writer.submit(
                _finish(list(zip(claimed, outcomes, strict=True)), self._clock())
            )
            made += len(claimed)
            if len(claimed) < self._batch:
                return made

    async def _post(self, claimed: Claimed) -> Outcome:
        try:
            secret = self._box.reveal(claimed.secret, "webhook secret")
        except SecretMissing as exc:
            return Outcome(None, str(exc))
        if not secret:
            return Outcome(None, "the subscription has no secret")
        headers = signed_headers(secret, int(self._clock().timestamp()), claimed)
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._client().post(
                    claimed.url, data=claimed.body, headers=headers, allow_redirects=False
                )
                async with response:
                    await response.content.read(MAX_ANSWER)  # the status is all we need
        except TimeoutError:
            return Outcome(None, f"no answer within {self._timeout:g} s")
        except aiohttp.ClientError as exc:
            return Outcome(None, f"{type(exc).__name__}: {exc}")
        except OSError as exc:
            return Outcome(None, f"{type(exc).__name__}: {exc}")
        if 200 <= response.status < 300:
            return Outcome(response.status)
        log.info(
            "webhook delivery refused",
            extra={"delivery": claimed.id, "shop": claimed.shop_id, "status": response.status},
        )
        return Outcome(response.status, f"HTTP {response.status} {response.reason or ''}".strip())

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _claim(now: datetime, limit: int, hold: timedelta) -> Any:
    async def work(db: AsyncSession) -> list[Claimed]:
        return await claim_due(db, now, limit, hold)

    return work


def _release(ids: list[str]) -> Any:
    async def work(db: AsyncSession) -> None:
        await release(db, ids)

    return work


def _finish(results: list[tuple[Claimed, Outcome]], now: datetime) -> Any:
    async def work(db: AsyncSession) -> None:
        for claimed, outcome in results:
            status = await finish(db, claimed.id, outcome, now)
            if status == "failed":
                log.warning(
                    "webhook delivery failed for good",
                    extra={"delivery": claimed.id, "shop": claimed.shop_id},
                )

    return work

"""Who may read a shop's metrics over HTTP: a per-shop bearer token (only its SHA-256 is
stored), plus the period a request or a command asks for."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.errors import AssistantError, BadFrame
from assistant.i18n import L10n
from assistant.storage.models import ApiToken


class Unauthorized(AssistantError):
    code = "unauthorized"
    status = 401
    message = L10n(
        de="Für diese Daten ist ein gültiges API-Token nötig.",
        en="A valid API token is needed for this data.",
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def rotate_token(db: AsyncSession, shop_id: str, now: datetime) -> str:
    """A new token for the shop; every older one stops working. Shown once, never stored."""
    token = "sa_" + secrets.token_urlsafe(32)
    await db.exec(delete(ApiToken).where(ApiToken.shop_id == shop_id))  # type: ignore[arg-type]
    db.add(ApiToken(token_hash=token_hash(token), shop_id=shop_id, created_at=now))
    return token


async def shop_for_token(db: AsyncSession, authorization: str | None) -> str:
    """``Authorization: Bearer <token>`` -> the shop it belongs to, or :class:`Unauthorized`."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(detail="missing bearer token")
    row = (
        await db.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token.strip())))
    ).first()
    if row is None:
        raise Unauthorized(detail="unknown token")
    return row.shop_id


def parse_day(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadFrame(detail=f"{name} must be a date like 2026-01-31") from None


def period(start: str | None, end: str | None, now: datetime) -> tuple[datetime, datetime]:
    """``from``/``to`` as dates, both included; the default is the last 30 days."""
    stop = (
        datetime.combine(parse_day(end, "to"), datetime.min.time(), UTC) + timedelta(days=1)
        if end
        else now
    )
    begin = (
        datetime.combine(parse_day(start, "from"), datetime.min.time(), UTC)
        if start
        else stop - timedelta(days=30)
    )
    if begin >= stop:
        raise BadFrame(detail="from must be before to")
    return begin, stop

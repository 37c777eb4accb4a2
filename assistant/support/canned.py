"""Canned replies: prepared answers per shop and language. Every agent of the shop can use
them; only admins change them."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select

from assistant.clock import Clock, utc_now
from assistant.errors import AssistantError, Forbidden
from assistant.i18n import L10n, pick_locale
from assistant.storage.engine import Sessions
from assistant.storage.models import CannedReply
from assistant.support.accounts import AgentAccount

MAX_TITLE = 120
MAX_TEXT = 2000


class AdminsOnly(AssistantError):
    code = "admins_only"
    status = 403
    message = L10n(
        de="Das dürfen nur Administratorinnen und Administratoren.",
        en="Only administrators may do this.",
    )


class BadCannedReply(AssistantError):
    code = "bad_canned_reply"
    status = 400
    message = L10n(
        de="Bitte geben Sie einen Titel (bis 120 Zeichen) und einen Text (bis 2.000 Zeichen) ein.",
        en="Please enter a title (up to 120 characters) and a text (up to 2,000 characters).",
    )


class CannedReplyNotFound(AssistantError):
    code = "not_found"
    status = 404
    message = L10n(de="Diese Textvorlage gibt es nicht.", en="This canned reply does not exist.")


async def canned_replies(
    sessions: Sessions, account: AgentAccount, shop_id: str | None = None
) -> list[CannedReply]:
    shops = [shop_id] if shop_id and account.can_see(shop_id) else list(account.shops)
    if not shops:
        return []
    async with sessions() as db:
        rows = await db.exec(
            select(CannedReply)
            .where(col(CannedReply.shop_id).in_(shops))
            .order_by(
                col(CannedReply.shop_id),
                col(CannedReply.lang),
                col(CannedReply.position),
                col(CannedReply.id),
            )
        )
        return list(rows.all())


def _check(account: AgentAccount, shop_id: str, title: str, text: str) -> tuple[str, str]:
    if not account.is_admin:
        raise AdminsOnly()
    if not account.can_see(shop_id):
        raise Forbidden(detail=shop_id)
    title, text = title.strip(), text.strip()
    if not title or not text or len(title) > MAX_TITLE or len(text) > MAX_TEXT:
        raise BadCannedReply()
    return title, text


async def save_canned_reply(
    sessions: Sessions,
    account: AgentAccount,
    *,
    shop_id: str,
    lang: str,
    title: str,
    text: str,
    reply_id: int | None = None,
    position: int = 0,
    clock: Clock = utc_now,
) -> CannedReply:
    """Create (``reply_id=None``) or change one; admins of the shop only."""
    title, text = _check(account, shop_id, title, text)
    async with sessions() as db:
        if reply_id is None:
            row = CannedReply(shop_id=shop_id, lang=pick_locale(lang), title=title, text=text)
        else:
            found = await db.get(CannedReply, reply_id)
            if found is None or found.shop_id != shop_id:
                raise CannedReplyNotFound(detail=str(reply_id))
            row = found
            row.title, row.text, row.lang = title, text, pick_locale(lang)
        row.position = position
        row.updated_at = clock()
        db.add(row)
        await db.commit()
        await db.refresh(row)
        return row


async def delete_canned_reply(sessions: Sessions, account: AgentAccount, reply_id: int) -> None:
    if not account.is_admin:
        raise AdminsOnly()
    async with sessions() as db:
        row = await db.get(CannedReply, reply_id)
        if row is None:
            raise CannedReplyNotFound(detail=str(reply_id))
        if not account.can_see(row.shop_id):
            raise Forbidden(detail=row.shop_id)
        await db.exec(delete(CannedReply).where(col(CannedReply.id) == reply_id))
        await db.commit()

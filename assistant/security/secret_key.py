"""The installation's secret key (session cookies are encrypted with keys derived from it).

``SHOPASSIST_SECRET_KEY`` wins when it is set. Otherwise the first instance that starts
generates one and stores it in the database, and every later start and every other instance
on the same database reads the same value, so sessions survive restarts and work behind a
load balancer without any setup.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy.exc import IntegrityError

from assistant.clock import Clock, utc_now
from assistant.storage.engine import Sessions
from assistant.storage.models import AppSetting

SETTING = "secret_key"


async def shared_secret(sessions: Sessions, configured: str | None, clock: Clock = utc_now) -> str:
    if configured:
        return configured
    async with sessions() as db:
        row = await db.get(AppSetting, SETTING)
        if row is not None:
            return row.value
        db.add(AppSetting(key=SETTING, value=secrets.token_urlsafe(48), created_at=clock()))
        try:
            await db.commit()
        except IntegrityError:
            await db.rollback()  # another instance was first: use its key
    async with sessions() as db:
        row = await db.get(AppSetting, SETTING)
        assert row is not None
        return row.value


def derive_key(secret: str, purpose: str) -> bytes:
    """32 bytes for one purpose, so one secret can key several things independently."""
    return hashlib.sha256(f"shopassist:{purpose}\0{secret}".encode()).digest()

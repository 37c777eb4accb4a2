"""HMAC-SHA256 signatures shared with a shop's server: the widget's identity hash and the
webhook signature. Pure; comparisons are constant-time. The ``*_any`` forms accept any of
several secrets (the current one and, after a rotation, the previous one for a while)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

#: Webhooks older or newer than this (by their timestamp header) are refused as replays.
REPLAY_WINDOW_S = 300


def identity_hash(secret: str, external_id: str) -> str:
    """What the shop's server computes for ``ShopAssistant.identify({id, hash})``."""
    return hmac.new(secret.encode(), external_id.encode(), hashlib.sha256).hexdigest()


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``"<timestamp>." + raw body``, as the header value ``sha256=<hex>``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def same(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.strip().encode())


def verify_identity(secret: str, external_id: str, given: str | None) -> bool:
    return bool(secret) and same(identity_hash(secret, external_id), (given or "").lower())


def verify_identity_any(secrets: Iterable[str], external_id: str, given: str | None) -> bool:
    return any(verify_identity(s, external_id, given) for s in secrets)


def verify_webhook(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now_s: float
) -> str | None:
    """``None`` when the request is genuine and fresh, else why not (``missing``, ``stale``,
    ``mismatch``)."""
    if not secret or not timestamp or not signature:
        return "missing"
    try:
        sent = int(timestamp)
    except ValueError:
        return "stale"
    if abs(now_s - sent) > REPLAY_WINDOW_S:
        return "stale"
    if not same(webhook_signature(secret, timestamp, body), signature):
        return "mismatch"
    return None


def verify_webhook_any(
    secrets: Iterable[str], timestamp: str | None, signature: str | None, body: bytes, now_s: float
) -> str | None:
    """:func:`verify_webhook` with each secret in turn: ``None`` if one of them signed it."""
    problem: str | None = "missing"
    for secret in secrets:
        problem = verify_webhook(secret, timestamp, signature, body, now_s)
        if problem is None or problem != "mismatch":
            return problem
    return problem

"""HMAC-SHA256 signatures shared with a shop's server: the widget's identity hash and the
webhook signature. Pure; comparisons are constant-time.

Each MAC starts with its purpose (``shopassist:identify:v2`` or ``shopassist:webhook:v2`` and a
newline), so a value signed for one purpose is never valid for the other, even under the same
secret. The identity hash covers the id, the e-mail and the name, one per line: what the shop
signs is verified, what it did not sign (an e-mail the page adds unsigned) is not.

Shops created before the purpose prefix may still send the old constructions (the identity
hash over the bare id, webhooks as ``sha256=`` over ``"<timestamp>.<body>"``) while
``legacy`` is on for them; see docs/security.md for the move. The ``*_any`` forms accept any
of several secrets (the current one and, after a rotation, the previous one for a while)."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Webhooks older or newer than this (by their timestamp header) are refused as replays.
REPLAY_WINDOW_S = 300
IDENTIFY_PURPOSE = b"shopassist:identify:v2\n"
WEBHOOK_PURPOSE = b"shopassist:webhook:v2\n"
WEBHOOK_SCHEME = "v2="
LEGACY_WEBHOOK_SCHEME = "sha256="
#: A legacy identity id that reads like a webhook's ``"<timestamp>.<body>"``: refused, so that
#: a hash a shop computed for such an id can never stand in for a legacy webhook signature.
_WEBHOOK_LIKE = re.compile(r"^\s*[0-9]+\.")


def _mac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def identity_message(external_id: str, email: str = "", name: str = "") -> bytes:
    """What the shop signs for ``identify``: purpose, id, e-mail, name, one per line; an
    empty line for a field the shop does not sign."""
    return IDENTIFY_PURPOSE + "\n".join((external_id, email, name)).encode()


def identity_hash(secret: str, external_id: str, *, email: str = "", name: str = "") -> str:
    """What the shop's server computes for ``ShopAssistant.identify({id, email, name, hash})``."""
    return _mac(secret, identity_message(external_id, email, name))


def legacy_identity_hash(secret: str, external_id: str) -> str:
    """The construction before the purpose prefix: HMAC over the bare id."""
    return _mac(secret, external_id.encode())


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The header value ``v2=<hex>``: HMAC over the purpose line, ``"<timestamp>."`` and the
    raw body."""
    return WEBHOOK_SCHEME + _mac(secret, WEBHOOK_PURPOSE + timestamp.encode() + b"." + body)


def legacy_webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The construction before the purpose prefix: ``sha256=`` over ``"<timestamp>.<body>"``."""
    return LEGACY_WEBHOOK_SCHEME + _mac(secret, timestamp.encode() + b"." + body)


def same(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.strip().encode())


@dataclass(frozen=True, slots=True)
class IdentityCheck:
    """What a valid identify hash covers: the id always; e-mail and name when signed."""

    email_signed: bool
    name_signed: bool
    legacy: bool = False


def check_identity(
    secrets: Iterable[str],
    external_id: str,
    given: str | None,
    *,
    email: str | None = None,
    name: str | None = None,
    legacy: bool = False,
) -> IdentityCheck | None:
    """Which of the given fields the shop signed, or ``None`` when the hash is none of its
    signatures. Tries, per secret: all given fields, the id alone, and (``legacy`` only) the
    old bare-id hash."""
    digest = (given or "").strip().lower()
    if not digest:
        return None
    for secret in secrets:
        if not secret:
            continue
        if (email or name) and same(
            identity_hash(secret, external_id, email=email or "", name=name or ""), digest
        ):
            return IdentityCheck(email_signed=bool(email), name_signed=bool(name))
        if same(identity_hash(secret, external_id), digest):
            return IdentityCheck(email_signed=False, name_signed=False)
        if (
            legacy
            and not _WEBHOOK_LIKE.match(external_id)
            and same(legacy_identity_hash(secret, external_id), digest)
        ):
            return IdentityCheck(email_signed=False, name_signed=False, legacy=True)
    return None


def verify_identity_any(
    secrets: Iterable[str], external_id: str, given: str | None, *, legacy: bool = False
) -> bool:
    """The id alone (any e-mail or name beside it counts as unsigned)."""
    return check_identity(secrets, external_id, given, legacy=legacy) is not None


def verify_webhook(
    secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now_s: float,
    *,
    legacy: bool = False,
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
    given = signature.strip()
    if given.startswith(WEBHOOK_SCHEME):
        expected = webhook_signature(secret, timestamp, body)
    elif legacy and given.startswith(LEGACY_WEBHOOK_SCHEME):
        expected = legacy_webhook_signature(secret, timestamp, body)
    else:
        return "mismatch"
    return None if same(expected, given) else "mismatch"


def verify_webhook_any(
    secrets: Iterable[str],
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now_s: float,
    *,
    legacy: bool = False,
) -> str | None:
    """:func:`verify_webhook` with each secret in turn: ``None`` if one of them signed it."""
    problem: str | None = "missing"
    for secret in secrets:
        problem = verify_webhook(secret, timestamp, signature, body, now_s, legacy=legacy)
        if problem is None or problem != "mismatch":
            return problem
    return problem

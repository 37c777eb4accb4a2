"""Signed links in e-mails (confirm a marketing consent, unsubscribe): HMAC-SHA256 with a key
derived from the installation's secret key, so nobody can confirm or unsubscribe an address
by guessing a customer id, and a link made for one purpose never works for another. Pure.

A token is ``<payload>.<mac>``: the payload is URL-safe base64 of a small JSON object
(purpose, shop, customer, e-mail, expiry); the MAC covers a purpose line and the payload.
Confirmation links expire (a forgotten e-mail should not confirm months later); unsubscribe
links do not (an old newsletter's link must still work, RFC 8058)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass

from assistant.security.secret_key import derive_key

PREFIX = b"shopassist:email-link:v1\n"
CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
#: A review request's rating links: ``ref`` is the request (a lifecycle action's id).
REVIEW = "review"
PURPOSES = (CONFIRM, UNSUBSCRIBE, REVIEW)


@dataclass(frozen=True, slots=True)
class LinkClaim:
    """What a valid token says: for which purpose, shop and customer, and (for a
    confirmation) which address it confirms."""

    purpose: str
    shop_id: str
    customer_id: str
    email: str = ""
    expires_s: int | None = None
    #: What the link is about beyond the customer (a review link: the request's id).
    ref: str = ""


def link_key(secret: str) -> bytes:
    return derive_key(secret, "email-links")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _mac(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, PREFIX + payload.encode(), hashlib.sha256).digest())


def sign_link(key: bytes, claim: LinkClaim) -> str:
    body = {"p": claim.purpose, "s": claim.shop_id, "c": claim.customer_id}
    if claim.email:
        body["e"] = claim.email
    if claim.expires_s is not None:
        body["x"] = str(claim.expires_s)
    if claim.ref:
        body["r"] = claim.ref
    payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{_mac(key, payload)}"


def read_link(key: bytes, token: str | None, purpose: str, now_s: float) -> LinkClaim | None:
    """The claim when ``token`` is genuine, made for ``purpose`` and not expired; else
    ``None`` (the caller says the link is invalid, whichever the reason)."""
    if not token or token.count(".") != 1 or len(token) > 2048:
        return None
    payload, mac = token.split(".")
    if not hmac.compare_digest(_mac(key, payload).encode(), mac.encode()):
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claim = LinkClaim(
            purpose=str(body["p"]),
            shop_id=str(body["s"]),
            customer_id=str(body["c"]),
            email=str(body.get("e", "")),
            expires_s=int(body["x"]) if "x" in body else None,
            ref=str(body.get("r", "")),
        )
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None
    if claim.purpose != purpose:
        return None
    if claim.expires_s is not None and now_s > claim.expires_s:
        return None
    return claim

"""A shop's two signing secrets and their rotation. Pure.

* The **identity secret** keys ``ShopAssistant.identify``'s hash. It is the ``Shop.secret``
  column, as it always was.
* The **webhook secret** signs the shop's webhooks. Until it is rotated for the first time it
  *is* the identity secret (one secret for both, as before); from then on it is its own,
  kept in ``Shop.settings["secrets"]["webhook"]["current"]``.

The two are separate because they live in different places on the shop's side (the page
template that identifies customers, the back office that sends webhooks): one can be
replaced, say after a leak, without touching the other.

A rotation keeps the old secret valid for a grace period (chosen per rotation; none after a
leak), so the shop can deploy the new one without failed webhooks or sign-ins in between.
The old secrets are stored as ``settings["secrets"][kind] = {"previous": .., "until": ISO}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

KINDS: tuple[str, ...] = ("identity", "webhook")
#: What a rotation may keep the old secret for (hours): none, an hour, a day, a week.
GRACE_HOURS: tuple[int, ...] = (0, 1, 24, 168)
DEFAULT_GRACE_HOURS = 24


@dataclass(frozen=True, slots=True)
class SigningKey:
    current: str
    previous: str | None = None
    previous_until: datetime | None = None

    def accepted(self, now: datetime) -> tuple[str, ...]:
        """The secrets a signature may use at ``now``: the current one, and the previous one
        while its grace period lasts."""
        keys = [self.current] if self.current else []
        if self.previous and self.previous_until is not None and now < self.previous_until:
            keys.append(self.previous)
        return tuple(keys)

    def rotated(self, new: str, now: datetime, grace: timedelta) -> SigningKey:
        if grace <= timedelta(0) or not self.current:
            return SigningKey(new)
        return SigningKey(new, self.current, now + grace)

    def previous_valid(self, now: datetime) -> bool:
        return len(self.accepted(now)) > 1


@dataclass(frozen=True, slots=True)
class ShopKeys:
    identity: SigningKey
    webhook: SigningKey
    #: Whether the webhook secret has been given its own value (by a rotation).
    webhook_own: bool = False

    @classmethod
    def single(cls, secret: str) -> ShopKeys:
        """One secret for both, as a shop without rotations has."""
        return cls(SigningKey(secret), SigningKey(secret))

    def get(self, kind: str) -> SigningKey:
        return self.identity if kind == "identity" else self.webhook

    def rotated(self, kind: str, new: str, now: datetime, grace: timedelta) -> ShopKeys:
        """Only ``kind`` changes: rotating the identity secret of a shop that still shares it
        freezes the webhook secret at the old value first."""
        if kind == "identity":
            return ShopKeys(self.identity.rotated(new, now, grace), self.webhook, True)
        return ShopKeys(self.identity, self.webhook.rotated(new, now, grace), True)


def shop_keys(column_secret: str, settings: Mapping[str, Any]) -> ShopKeys:
    """The keys from ``Shop.secret`` and ``Shop.settings``; unusable parts are ignored (a shop
    then keeps working with its current secret)."""
    raw = settings.get("secrets")
    stored: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    identity = _key(column_secret, stored.get("identity"))
    webhook_raw = stored.get("webhook")
    own = isinstance(webhook_raw, Mapping) and isinstance(webhook_raw.get("current"), str)
    current = webhook_raw["current"] if own else column_secret  # type: ignore[index]
    return ShopKeys(identity, _key(current, webhook_raw), own)


def _key(current: str, raw: Any) -> SigningKey:
    if not isinstance(raw, Mapping):
        return SigningKey(current)
    previous, until = raw.get("previous"), raw.get("until")
    if not isinstance(previous, str) or not isinstance(until, str):
        return SigningKey(current)
    try:
        ends = datetime.fromisoformat(until)
    except ValueError:
        return SigningKey(current)
    if ends.tzinfo is None:
        return SigningKey(current)
    return SigningKey(current, previous, ends)


def stored(keys: ShopKeys) -> tuple[str, dict[str, Any]]:
    """What to write: the ``Shop.secret`` column and ``settings["secrets"]``."""
    out: dict[str, Any] = {}
    for kind in KINDS:
        key = keys.get(kind)
        entry: dict[str, Any] = {}
        if kind == "webhook" and keys.webhook_own:
            entry["current"] = key.current
        if key.previous and key.previous_until is not None:
            entry["previous"] = key.previous
            entry["until"] = key.previous_until.isoformat()
        if entry:
            out[kind] = entry
    return keys.identity.current, out


def mask(secret: str) -> str:
    """Enough to tell two secrets apart, not enough to use one."""
    if len(secret) <= 8:
        return "•" * 8
    return "•" * 8 + secret[-4:]

"""Password hashing with scrypt (memory-hard, in the standard library).

A stored hash names its own parameters (``scrypt$N$r$p$salt$hash``), so the cost can be raised
later without breaking the hashes already stored: :func:`needs_rehash` tells when to upgrade.
Hashing takes about a tenth of a second on purpose; callers on the event loop run it in an
executor.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

MIN_LENGTH = 10
MAX_LENGTH = 1024


@dataclass(frozen=True, slots=True)
class Cost:
    n: int = 2**15
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 2 * 128 * self.r * self.n * self.p + 1024 * 1024


DEFAULT_COST = Cost()
#: A real hash to verify against when the account does not exist, so that a login for an unknown
#: e-mail takes as long as one for a known e-mail (no account probing by timing).
_DUMMY_SALT = b"\x00" * 16


class PasswordTooShort(ValueError):
    pass


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordTooShort(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordTooShort(f"a password may have at most {MAX_LENGTH} characters")


def hash_password(password: str, cost: Cost = DEFAULT_COST) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, cost)
    return "$".join(("scrypt", str(cost.n), str(cost.r), str(cost.p), _b64(salt), _b64(digest)))


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check; ``stored=None`` (no such account) still does the full work."""
    if stored is None:
        _scrypt(password, _DUMMY_SALT, DEFAULT_COST)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        cost = Cost(int(n), int(r), int(p))
        expected = _unb64(digest)
        salt_bytes = _unb64(salt)
    except ValueError:
        return False
    if scheme != "scrypt" or len(password) > MAX_LENGTH:
        return False
    return hmac.compare_digest(_scrypt(password, salt_bytes, cost), expected)


def needs_rehash(stored: str, cost: Cost = DEFAULT_COST) -> bool:
    parts = stored.split("$")
    return len(parts) != 6 or parts[:4] != ["scrypt", str(cost.n), str(cost.r), str(cost.p)]


def _scrypt(password: str, salt: bytes, cost: Cost) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=cost.maxmem,
        dklen=32,
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

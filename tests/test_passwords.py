"""Password hashes: scrypt, self-describing, constant-time checks."""

from __future__ import annotations

import pytest

from assistant.security.passwords import (
    Cost,
    PasswordTooShort,
    check_policy,
    hash_password,
    needs_rehash,
    verify_password,
)

CHEAP = Cost(n=2**10, r=8, p=1)  # the format and the checks, without the deliberate cost


def test_hash_verifies_and_is_salted() -> None:
    first = hash_password("correct horse battery", CHEAP)
    second = hash_password("correct horse battery", CHEAP)
    assert first != second and first.startswith("scrypt$1024$8$1$")
    assert verify_password("correct horse battery", first)
    assert not verify_password("correct horse batterY", first)
    assert not verify_password("", first)


def test_default_cost_is_memory_hard() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$32768$8$1$")  # 32 MiB per guess
    assert verify_password("correct horse battery", stored)
    assert not needs_rehash(stored)
    assert needs_rehash(hash_password("correct horse battery", CHEAP))


@pytest.mark.parametrize("stored", [None, "", "md5$abc", "scrypt$x$8$1$aa$bb", "scrypt$1$2$3"])
def test_unknown_or_broken_hashes_never_verify(stored: str | None) -> None:
    assert verify_password("anything at all", stored) is False


def test_policy() -> None:
    with pytest.raises(PasswordTooShort):
        check_policy("short")
    with pytest.raises(PasswordTooShort):
        check_policy("x" * 1025)
    check_policy("long enough!")

"""Signed e-mail links and a shop's e-mail settings: pure checks."""

from __future__ import annotations

import pytest

from assistant.lifecycle.compose import shop_email
from assistant.lifecycle.settings import BadSettings
from assistant.security.links import CONFIRM, UNSUBSCRIBE, LinkClaim, link_key, read_link, sign_link

KEY = link_key("x" * 48)


def test_a_link_works_for_its_purpose_until_it_expires() -> None:
    claim = LinkClaim(CONFIRM, "demo", "c1", "erika@beispiel.de", expires_s=1_000)
    token = sign_link(KEY, claim)
    assert read_link(KEY, token, CONFIRM, 999) == claim
    assert read_link(KEY, token, CONFIRM, 1_001) is None  # expired
    assert read_link(KEY, token, UNSUBSCRIBE, 999) is None  # another purpose
    assert read_link(link_key("y" * 48), token, CONFIRM, 999) is None  # another installation


def test_an_altered_link_is_refused() -> None:
    token = sign_link(KEY, LinkClaim(UNSUBSCRIBE, "demo", "c1"))
    payload, mac = token.split(".")
    other = sign_link(KEY, LinkClaim(UNSUBSCRIBE, "demo", "c2")).split(".")[0]
    assert read_link(KEY, token, UNSUBSCRIBE, 0) == LinkClaim(UNSUBSCRIBE, "demo", "c1")
    assert read_link(KEY, f"{other}.{mac}", UNSUBSCRIBE, 0) is None  # someone else's customer
    for bad in ("", "abc", f"{payload}.", f"{payload}.{mac}.x", "!!!.???"):
        assert read_link(KEY, bad, UNSUBSCRIBE, 0) is None


def test_shop_email_settings_have_defaults_and_are_checked() -> None:
    plain = shop_email("Bohne & Becher", {}, "assistant@localhost")
    assert (plain.sender_name, plain.sender_address) == ("Bohne & Becher", "assistant@localhost")
    assert (
        plain.subject("abandoned_cart", "en")
        == "Your cart at Bohne & Becher is still waiting for you"
    )
    assert plain.subject("some_rule", "de") == "Neuigkeiten von Bohne & Becher"
    own = shop_email(
        "B&B",
        {"email": {"subjects": {"some_rule": {"de": "Hallo von {shop}", "en": "Hi from {shop}"}}}},
        "a@b.de",
    )
    assert own.subject("some_rule", "en") == "Hi from B&B"
    for bad in (
        {"email": "yes"},
        {"email": {"sender_address": "not an address"}},
        {"email": {"sender_name": "Evil\r\nBcc: x@y.z"}},
        {"email": {"shop_url": "javascript:alert(1)"}},
        {"email": {"subjects": {"x": {"de": "nur deutsch"}}}},
    ):
        with pytest.raises(BadSettings):
            shop_email("B&B", bad, "a@b.de")

"""The settings' pure parts: the origins parser, the two signing secrets and their rotation,
and a shop change announced on the live bus (as another instance would)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.security.signing import verify_webhook_any, webhook_signature
from assistant.shop.directory import SHOPS_TOPIC, ShopDirectory
from assistant.shop.settings.errors import BadSetting
from assistant.shop.settings.keys import ShopKeys, SigningKey, mask, shop_keys, stored
from assistant.shop.settings.origins import canonical_origin, parse_origins
from assistant.storage.models import Shop
from web.keys import bus_key, sessions_key, shops_key

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "wanted"),
    [
        ("https://shop.example", "https://shop.example"),
        ("  HTTPS://Shop.Example/ ", "https://shop.example"),
        ("https://shop.example:443", "https://shop.example"),
        ("http://shop.example:80", "http://shop.example"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("https://münchen.example", "https://xn--mnchen-3ya.example"),
        ("SELF", "self"),
    ],
)
def test_good_origins_are_written_as_browsers_send_them(raw: str, wanted: str) -> None:
    assert canonical_origin(raw) == wanted


@pytest.mark.parametrize(
    "raw",
    [
        "*",
        "shop.example",
        "ftp://shop.example",
        "https://shop.example/path",
        "https://shop.example?x=1",
        "https://user@shop.example",
        "https://shop.example:99999",
        "https://shop..example",
        "https://-shop.example",
        "https://shop_example.com",
        "javascript:alert(1)",
        "https://",
    ],
)
def test_bad_origins_are_refused(raw: str) -> None:
    assert canonical_origin(raw) is None


def test_parse_lists_every_bad_line_in_both_languages() -> None:
    with pytest.raises(BadSetting) as caught:
        parse_origins("https://ok.example\nnope\n\nhttp://x.example/path")
    de, en = caught.value.user_message("de"), caught.value.user_message("en")
    assert "Zeile 2: „nope“; Zeile 4: „http://x.example/path“" in de
    assert "line 2: “nope”; line 4: “http://x.example/path”" in en
    assert parse_origins("self\nhttps://a.example\nHTTPS://A.example/") == (
        "self",
        "https://a.example",
    )
    with pytest.raises(BadSetting):
        parse_origins("\n".join(f"https://s{n}.example" for n in range(51)))


@given(st.text(max_size=300))
def test_origins_parser_raises_only_bad_setting_and_is_idempotent(text: str) -> None:
    try:
        origins = parse_origins(text)
    except BadSetting:
        return
    assert parse_origins("\n".join(origins)) == origins


def test_a_shop_without_rotations_has_one_secret_for_both() -> None:
    keys = shop_keys("s3cret-0000", {})
    assert keys == ShopKeys.single("s3cret-0000")
    assert keys.identity.accepted(T0) == keys.webhook.accepted(T0) == ("s3cret-0000",)
    assert stored(keys) == ("s3cret-0000", {})


def test_rotating_one_secret_leaves_the_other_and_keeps_the_old_for_the_grace() -> None:
    keys = shop_keys("old-secret", {}).rotated("identity", "new-identity", T0, timedelta(hours=1))
    column, kept = stored(keys)
    assert column == "new-identity"
    assert kept == {
        "identity": {"previous": "old-secret", "until": (T0 + timedelta(hours=1)).isoformat()},
        "webhook": {"current": "old-secret"},
    }
    again = shop_keys(column, {"secrets": kept})
    assert again == keys
    assert again.identity.accepted(T0) == ("new-identity", "old-secret")
    assert again.identity.accepted(T0 + timedelta(minutes=59)) == ("new-identity", "old-secret")
    assert again.identity.accepted(T0 + timedelta(hours=1)) == ("new-identity",)
    assert again.webhook.accepted(T0) == ("old-secret",)
    # A second rotation replaces the previous one; no grace drops it at once.
    third = again.rotated("identity", "third", T0, timedelta(0))
    assert third.identity == SigningKey("third")


def test_unusable_stored_secrets_fall_back_to_the_column() -> None:
    for junk in ("x", {"identity": "x"}, {"identity": {"previous": 1, "until": "soon"}}):
        assert shop_keys("column", {"secrets": junk}).identity == SigningKey("column")
    naive = {"identity": {"previous": "p", "until": "2026-11-23T10:00:00"}}
    assert shop_keys("column", {"secrets": naive}).identity.accepted(T0) == ("column",)


def test_webhook_verification_tries_each_accepted_secret() -> None:
    body, ts = b'{"id":"e"}', str(int(T0.timestamp()))
    signed = webhook_signature("old", ts, body)
    now = T0.timestamp()
    assert verify_webhook_any(("new", "old"), ts, signed, body, now) is None
    assert verify_webhook_any(("new",), ts, signed, body, now) == "mismatch"
    assert verify_webhook_any((), ts, signed, body, now) == "missing"
    assert verify_webhook_any(("new", "old"), ts, signed, body, now + 301) == "stale"


def test_mask_shows_only_the_end() -> None:
    assert mask("abcdefghijklmnop") == "••••••••mnop"
    assert mask("short") == "••••••••"


async def test_a_change_announced_on_the_bus_is_read_anew(demo_client: Any) -> None:
    """What another instance's console does: change the row, announce it on the bus."""
    app = demo_client.app
    shops: ShopDirectory = app[shops_key]
    assert (await shops.get("demo")).allowed_origins == ("self",)
    async with app[sessions_key]() as db:
        row = await db.get(Shop, "demo")
        assert row is not None
        row.allowed_origins = ["https://elsewhere.example"]
        db.add(row)
        await db.commit()
    assert (await shops.get("demo")).allowed_origins == ("self",)  # still cached
    for other in ({"kind": "presence", "shop": "demo"}, {"kind": "shop_changed", "shop": None}):
        await app[bus_key].publish(SHOPS_TOPIC, other)
        assert (await shops.get("demo")).allowed_origins == ("self",)
    await app[bus_key].publish(SHOPS_TOPIC, {"kind": "shop_changed", "shop": "demo"})
    assert (await shops.get("demo")).allowed_origins == ("https://elsewhere.example",)

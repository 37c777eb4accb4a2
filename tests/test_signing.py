"""The MACs shared with a shop: a purpose prefix in each, so an identity hash is never a
webhook signature; separate secrets from the start; shops from before keep the old
constructions (``legacy``) until they have moved; secrets from the environment."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.errors import ConfigError
from assistant.security.signing import (
    check_identity,
    identity_hash,
    legacy_identity_hash,
    legacy_webhook_signature,
    verify_webhook,
    webhook_signature,
)
from assistant.shop.settings.errors import BadSetting
from assistant.storage.engine import create_engine, session_factory
from assistant.storage.migrate import upgrade
from assistant.storage.models import Customer, Shop
from tests.clock import FakeClock
from tests.consoles import add_agent
from tests.lifecycle_helpers import order_event, post_webhook
from tests.servers import shopassist
from web.app import create_app
from web.keys import sessions_key, shop_settings_key

S = "s" * 43
TS = "1764756000"
NOW = 1764756000.0


def _body() -> bytes:
    return json.dumps(order_event("evt-x", "X-1", "999.00", customer={"id": "c-x"})).encode()


# -- pure ----------------------------------------------------------------------------------------


def test_an_identity_hash_is_never_a_webhook_signature_even_with_one_secret() -> None:
    forged_id = f"{TS}.{_body().decode()}"
    as_identity = identity_hash(S, forged_id)
    assert webhook_signature(S, TS, _body()) != "v2=" + as_identity
    for scheme in ("v2=", "sha256="):
        assert verify_webhook(S, TS, scheme + as_identity, _body(), NOW) == "mismatch"
    # The constructions from before were one and the same: that is what the prefix ends.
    assert legacy_webhook_signature(S, TS, _body()) == "sha256=" + legacy_identity_hash(
        S, forged_id
    )


def test_the_identity_hash_says_which_fields_the_shop_signed() -> None:
    full = identity_hash(S, "c-1", email="a@example.com", name="Ann")
    check = check_identity([S], "c-1", full, email="a@example.com", name="Ann")
    assert check is not None and (check.email_signed, check.name_signed) == (True, True)
    id_only = identity_hash(S, "c-1")
    check = check_identity([S], "c-1", id_only, email="victim@example.com")
    assert check is not None and (check.email_signed, check.name_signed) == (False, False)
    assert check_identity([S], "c-1", full, email="victim@example.com", name="Ann") is None
    assert check_identity([S], "c-2", full, email="a@example.com", name="Ann") is None
    assert check_identity(["other" * 9], "c-1", id_only) is None


def test_old_constructions_count_only_for_legacy_shops() -> None:
    old_hash = legacy_identity_hash(S, "c-1")
    assert check_identity([S], "c-1", old_hash) is None
    check = check_identity([S], "c-1", old_hash, legacy=True)
    assert check is not None and check.legacy and not check.email_signed
    old_signature = legacy_webhook_signature(S, TS, _body())
    assert verify_webhook(S, TS, old_signature, _body(), NOW) == "mismatch"
    assert verify_webhook(S, TS, old_signature, _body(), NOW, legacy=True) is None
    # Even a legacy shop refuses an id shaped like a webhook's "<timestamp>.<body>".
    forged_id = f"{TS}.{_body().decode()}"
    assert check_identity([S], forged_id, legacy_identity_hash(S, forged_id), legacy=True) is None


def test_shop_secrets_from_the_environment() -> None:
    ident, hook = "i" * 40, "w" * 40
    env = {"SHOPASSIST_SHOP_SECRETS": json.dumps({"demo": {"identity": ident, "webhook": hook}})}
    config = Config.from_env(env)
    demo = config.shop_secrets_for("demo")
    assert demo is not None and (demo.identity, demo.webhook) == (ident, hook)
    assert ident not in repr(config) and hook not in repr(config)
    for bad, message in (
        ("{not json", "not JSON"),
        (json.dumps({"demo": {"identity": "short"}}), "at least 32 characters"),
        (json.dumps({"demo": {"identity": ident, "webhook": ident}}), "two different secrets"),
        (json.dumps({"demo": {"idenity": ident}}), "must be JSON like"),
    ):
        with pytest.raises(ConfigError, match=message):
            Config.from_env({"SHOPASSIST_SHOP_SECRETS": bad})


# -- over HTTP -----------------------------------------------------------------------------------


async def _app(aiohttp_client: Any, config: Config, clock: FakeClock) -> Any:
    client = await aiohttp_client(create_app(config, clock=clock))
    return client


async def _add_shop(client: Any, shop_id: str, settings: dict[str, Any]) -> None:
    async with client.app[sessions_key]() as db:
        db.add(
            Shop(
                id=shop_id,
                name=shop_id,
                secret=S,
                settings=settings,
                allowed_origins=["self"],
                created_at=datetime.now(UTC),
            )
        )
        await db.commit()


async def _identify(client: Any, shop: str, external_id: str, digest: str) -> int:
    body = {"shop": shop, "visitor": f"v-{external_id}", "id": external_id, "hash": digest}
    return int((await client.post("/api/v1/identify", json=body)).status)


async def test_an_identity_hash_forged_into_a_webhook_is_refused(
    aiohttp_client: Any, config: Config
) -> None:
    """A shop with one secret for both that signs an id an attacker chose: the hash for the
    id ``"<ts>.<body>"`` used as the webhook signature of that body."""
    clock = FakeClock()
    client = await _app(aiohttp_client, config, clock)
    await _add_shop(client, "one", {})
    ts = str(int(clock.now.timestamp()))
    event = order_event("evt-x", "X-1", "999.00", customer={"id": "c-x"})
    body = json.dumps(event).encode()
    for signature in (
        "sha256=" + legacy_identity_hash(S, f"{ts}.{body.decode()}"),
        "v2=" + identity_hash(S, f"{ts}.{body.decode()}"),
    ):
        forged = await post_webhook(
            client, S, event, now=clock.now, shop="one", signature=signature
        )
        assert forged.status == 401
    async with client.app[sessions_key]() as db:
        assert (await db.exec(select(Customer))).all() == []
    assert (await post_webhook(client, S, event, now=clock.now, shop="one")).status == 200


async def test_a_new_shop_gets_two_secrets_and_only_the_new_constructions(
    aiohttp_client: Any, config: Config
) -> None:
    clock = FakeClock()
    client = await _app(aiohttp_client, config, clock)
    await load_demo(client.app[sessions_key])
    async with client.app[sessions_key]() as db:
        demo = await db.get(Shop, "demo")
    assert demo is not None
    hook = demo.settings["secrets"]["webhook"]["current"]
    assert len(hook) >= 32 and hook != demo.secret and "legacy" not in demo.settings["secrets"]
    assert await _identify(client, "demo", "c-1", identity_hash(demo.secret, "c-1")) == 200
    assert await _identify(client, "demo", "c-2", legacy_identity_hash(demo.secret, "c-2")) == 401
    event = order_event("e-1", "A-1", "10.00", customer={"id": "c-1"})
    assert (await post_webhook(client, hook, event, now=clock.now)).status == 200
    old = legacy_webhook_signature(
        hook, str(int(clock.now.timestamp())), json.dumps(event).encode()
    )
    refused = await post_webhook(client, hook, {**event, "id": "e-2"}, now=clock.now, signature=old)
    assert refused.status == 401


async def test_a_legacy_shop_keeps_the_old_constructions_until_switched_off(
    aiohttp_client: Any, config: Config
) -> None:
    clock = FakeClock()
    client = await _app(aiohttp_client, config, clock)
    await _add_shop(client, "old", {"secrets": {"legacy": True}})
    ts = str(int(clock.now.timestamp()))
    event = order_event("e-1", "A-1", "10.00", customer={"id": "c-1"})
    old_signature = legacy_webhook_signature(S, ts, json.dumps(event).encode())
    sent = await post_webhook(client, S, event, now=clock.now, shop="old", signature=old_signature)
    assert sent.status == 200
    assert await _identify(client, "old", "c-1", legacy_identity_hash(S, "c-1")) == 200
    assert await _identify(client, "old", "c-2", identity_hash(S, "c-2")) == 200  # moved

    listed = shopassist("secrets", "status", "--database", config.database_url)
    assert listed.returncode == 0 and "old\tlegacy\tone secret" in listed.stdout
    switched = shopassist("secrets", "legacy", "old", "off", "--database", config.database_url)
    assert switched.returncode == 0, switched.stderr
    listed = shopassist("secrets", "status", "--database", config.database_url)
    assert "old\tstrict\tone secret" in listed.stdout

    restarted = await _app(aiohttp_client, config, clock)  # reads the shop anew
    assert await _identify(restarted, "old", "c-3", legacy_identity_hash(S, "c-3")) == 401
    assert await _identify(restarted, "old", "c-4", identity_hash(S, "c-4")) == 200
    again = {**event, "id": "e-2"}
    old_signature = legacy_webhook_signature(S, ts, json.dumps(again).encode())
    refused = await post_webhook(
        restarted, S, again, now=clock.now, shop="old", signature=old_signature
    )
    assert refused.status == 401


async def test_secrets_from_the_environment_win_over_the_database(
    aiohttp_client: Any, make_config: Any
) -> None:
    ident, hook = "i" * 40, "w" * 40
    env_config = make_config(
        shop_secrets=json.dumps({"demo": {"identity": ident, "webhook": hook}})
    )
    clock = FakeClock()
    client = await _app(aiohttp_client, env_config, clock)
    await load_demo(client.app[sessions_key])
    async with client.app[sessions_key]() as db:
        stored = await db.get(Shop, "demo")
    assert stored is not None and ident not in json.dumps(stored.settings) + stored.secret
    assert await _identify(client, "demo", "c-1", identity_hash(ident, "c-1")) == 200
    assert await _identify(client, "demo", "c-2", identity_hash(stored.secret, "c-2")) == 401
    event = order_event("e-1", "A-1", "10.00", customer={"id": "c-1"})
    assert (await post_webhook(client, hook, event, now=clock.now)).status == 200
    stale = {**event, "id": "e-2"}
    own = stored.settings["secrets"]["webhook"]["current"]
    assert (await post_webhook(client, own, stale, now=clock.now)).status == 401
    # The console cannot renew what the deployment sets.
    admin = await add_agent(client.app, "root@example.com", admin=True)
    with pytest.raises(BadSetting) as refused:
        await client.app[shop_settings_key].rotate(admin, "demo", "identity", "0", True)
    assert "SHOPASSIST_SHOP_SECRETS" in refused.value.user_message("en")


async def test_migration_keeps_only_signed_emails_and_marks_shops_legacy(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        await upgrade(engine, "0096")
        async with engine.begin() as conn:
            now = "2026-11-30 10:00:00.000000"
            await conn.execute(
                text(
                    "INSERT INTO shop (id, name, default_locale, allowed_origins, secret, "
                    "settings, created_at) VALUES ('s', 's', 'de', '[]', :secret, '{}', :now)"
                ),
                {"secret": S, "now": now},
            )
            for cid, email in (("hooked", "h@example.com"), ("claimed", "c@example.com")):
                await conn.execute(
                    text(
                        "INSERT INTO customer (id, shop_id, external_id, email, locale, stage, "
                        "engagement_sum, created_at, last_seen_at) VALUES "
                        "(:id, 's', :id, :email, 'de', 'awareness', 0, :now, :now)"
                    ),
                    {"id": cid, "email": email, "now": now},
                )
            await conn.execute(
                text(
                    "INSERT INTO event (shop_id, customer_id, type, properties, external_id, "
                    "created_at) VALUES ('s', 'hooked', 'order_created', '{}', 'w-1', :now), "
                    "('s', 'claimed', 'identify', '{}', NULL, :now)"
                ),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO app_setting (key, value, created_at) VALUES "
                    "('secret_key', 'k', :now)"
                ),
                {"now": now},
            )
        await upgrade(engine)
        sessions = session_factory(engine)
        async with sessions() as db:
            hooked = await db.get(Customer, "hooked")
            claimed = await db.get(Customer, "claimed")
            shop = await db.get(Shop, "s")
            keys = (await db.exec(text("SELECT count(*) FROM app_setting"))).one()  # type: ignore[call-overload]
    finally:
        await engine.dispose()
    assert hooked is not None and hooked.email == "h@example.com"
    assert claimed is not None and claimed.email is None
    assert (claimed.email_unverified, claimed.unverified_source) == (
        "c@example.com",
        "before-0100",
    )
    assert shop is not None and shop.settings["secrets"]["legacy"] is True
    assert keys[0] == 0


def test_the_consoles_server_snippet_computes_the_identity_hash() -> None:
    """What the settings page tells a shop's developer to run gives the hash we check."""
    from web.console.settings import _identify_server

    scope = {"IDENTITY_SECRET": S, "customer_id": "c-42", "email": "a@example.de", "name": "An"}
    exec(_identify_server().replace("hmac.new(", "digest = hmac.new("), scope)
    assert scope["digest"] == identity_hash(S, "c-42", email="a@example.de", name="An")

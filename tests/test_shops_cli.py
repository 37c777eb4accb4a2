"""Shops as an owner creates them from the command line (issue 15): ``shopassist shops
add|list|show|set|remove``, each input checked before anything is stored, a platform connection
asked before it is stored, secrets encrypted, and what a new shop still lacks said plainly."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.servers import BIN, CHEAP_PASSWORDS, shopassist
from tests.shopware_server import ACCESS_KEY, CLIENT, ShopwareState, make_shopware


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'shops.db'}"


def _row(url: str, shop_id: str) -> tuple[Any, ...] | None:
    """The shop's row; ``None`` also when the command never got as far as the database."""
    with sqlite3.connect(url.split("///", 1)[1]) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'shop'").fetchone():
            return None
        return conn.execute(
            "SELECT name, default_locale, allowed_origins, settings FROM shop WHERE id = ?",
            (shop_id,),
        ).fetchone()


def test_a_new_shop_is_created_shown_changed_and_says_what_it_lacks(db: str) -> None:
    added = shopassist(
        "shops", "add", "kaffee", "--name", "Kaffee & Co", "--lang", "de", "--lang", "en",
        "--hours", "mon-fri 09:00-18:00, sat 10:00-14:00",
        "--login-url", "https://kaffee.example/login", "--database", db,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Created shop 'kaffee' (Kaffee & Co)." in added.stdout
    assert 'data-shop="kaffee"' in added.stdout
    for gap in ("No FAQ articles yet", "No catalog yet", "No allowed origin", "No agent"):
        assert gap in added.stdout
    assert "shopassist kb import --starter --shop kaffee" in added.stdout

    name, locale, origins, settings = _row(db, "kaffee") or ()
    settings = json.loads(settings)
    assert (name, locale, json.loads(origins)) == ("Kaffee & Co", "de", [])
    assert settings["adapter"] == "feed" and settings["languages"] == ["de", "en"]
    assert settings["hours"]["days"]["sat"] == ["10:00", "14:00"]
    assert settings["hours"]["days"]["sun"] is None
    assert settings["secrets"]["webhook"]["current"]  # its own signing secrets from the start

    changed = shopassist(
        "shops", "set", "kaffee", "--origin", "https://WWW.Kaffee.example/",
        "--origin", "http://localhost:3000", "--checkout-url", "https://kaffee.example/cart",
        "--hours", "off", "--database", db,
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "No allowed origin" not in changed.stdout and "No FAQ articles" in changed.stdout
    shown = shopassist("shops", "show", "kaffee", "--database", db)
    assert "allowed origins: https://www.kaffee.example, http://localhost:3000" in shown.stdout
    assert "checkout page:   https://kaffee.example/cart" in shown.stdout
    assert "business hours:  none" in shown.stdout
    assert "languages:       de, en" in shown.stdout

    listed = shopassist("shops", "list", "--database", db)
    assert listed.stdout.splitlines() == [
        "kaffee\tKaffee & Co\tde,en\tfeed\t0 FAQ\t0 products\tmissing: faq, catalog, agent"
    ]
    removed = shopassist("shops", "remove", "kaffee", "--yes", "--database", db)
    assert removed.returncode == 0, removed.stderr
    assert _row(db, "kaffee") is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "Kaffee!"], "“Kaffee!” cannot be a shop id"),
        (["add", "k", "--origin", "shop.example/path"], "not valid origins"),
        (["add", "k", "--lang", "fr"], "possible are de and en"),
        (["add", "k", "--hours", "weekdays 9-5"], "Business hours “weekdays 9-5”"),
        (["add", "k", "--hours", "mon 09:00-18:00", "--timezone", "Mars/Olympus"], "time zone"),
        (["add", "k", "--login-url", "javascript:alert(1)"], "is not an http(s) address"),
        (["add", "k", "--adapter", "shopware"], "shopware needs base_url"),
        (["set", "nope", "--name", "X"], "There is no shop 'nope'"),
        (["show", "nope"], "There is no shop 'nope'"),
    ],
)
def test_bad_input_is_one_clear_line_and_stores_nothing(
    db: str, args: list[str], message: str
) -> None:
    result = shopassist("shops", *args, "--database", db)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _row(db, "k") is None


def test_a_second_shop_with_the_same_id_is_refused(db: str) -> None:
    assert shopassist("shops", "add", "k", "--database", db).returncode == 0
    again = shopassist("shops", "add", "k", "--name", "Other", "--database", db)
    assert again.returncode == 2 and "There already is a shop “k”" in again.stderr
    assert (_row(db, "k") or ())[0] == "k"


def test_a_shop_with_customers_is_not_removed(db: str) -> None:
    assert shopassist("demo", "load", "--database", db).returncode == 0
    with sqlite3.connect(db.split("///", 1)[1]) as conn:
        conn.execute(
            "INSERT INTO customer (id, shop_id, locale, stage, engagement_sum, created_at,"
            " last_seen_at) VALUES ('c1', 'demo', 'de', 'awareness', 0, '2026-12-01', '2026-12-01')"
        )
    result = shopassist("shops", "remove", "demo", "--yes", "--database", db)
    assert result.returncode == 2 and "already holds shopper data (1 customers)" in result.stderr
    assert _row(db, "demo") is not None


async def _shopassist(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """The CLI while this loop keeps serving the fake shop system."""
    proc = await asyncio.create_subprocess_exec(
        str(BIN), *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **CHEAP_PASSWORDS, **env},
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_a_shopware_connection_is_checked_and_its_secrets_stored_encrypted(
    aiohttp_server: Any, db: str, tmp_path: Path
) -> None:
    server = await aiohttp_server(make_shopware(ShopwareState()), host="127.0.0.1")
    base = str(server.make_url("")).rstrip("/")
    env = {"SHOPASSIST_SECRET_KEY_FILE": str(tmp_path / "key"),
           "SHOPASSIST_SHOP_KAFFEE_SECRET": CLIENT[1]}  # fmt: skip
    common = ["--adapter", "shopware", "--set", f"base_url={base}",
              "--set", f"client_id={CLIENT[0]}",
              "--set", "client_secret=env:SHOPASSIST_SHOP_KAFFEE_SECRET", "--database", db]  # fmt: skip

    code, out, err = await _shopassist(
        "shops", "add", "kaffee", "--set", "access_key=SWSCWRONG", *common, env=env
    )
    assert code == 2
    assert "wrong_key:" in err, err
    assert "does not work (nothing was stored)" in err
    assert _row(db, "kaffee") is None

    code, out, err = await _shopassist(
        "shops", "add", "kaffee", "--set", f"access_key={ACCESS_KEY}", *common, env=env
    )
    assert code == 0, err
    assert "The shopware connection works" in out
    raw = (_row(db, "kaffee") or ())[3]
    assert ACCESS_KEY not in raw and CLIENT[1] not in raw  # no secret in the clear
    settings = json.loads(raw)
    assert set(settings["access_key"]) == {"encrypted"}
    assert settings["client_secret"] == {"env": "SHOPASSIST_SHOP_KAFFEE_SECRET"}
    assert "No catalog yet" not in out  # the catalog comes from Shopware

    code, out, _ = await _shopassist("shops", "show", "kaffee", "--database", db, env=env)
    assert "access_key = (encrypted)" in out
    assert "client_secret = from $SHOPASSIST_SHOP_KAFFEE_SECRET" in out
    # The stored connection works again (the server decrypts with the same installation key).
    code, out, err = await _shopassist(
        "shops", "set", "kaffee", "--set", "timeout=8", "--database", db, env=env
    )
    assert code == 0, err
    assert "The shopware connection works" in out
    assert json.loads((_row(db, "kaffee") or ())[3])["timeout"] == 8.0


@pytest.mark.parametrize("kind", ["woocommerce", "shopify"])
async def test_woocommerce_and_shopify_credentials_are_checked_before_they_are_stored(
    aiohttp_server: Any, db: str, tmp_path: Path, kind: str
) -> None:
    from tests.shopify_server import ADMIN_TOKEN, STOREFRONT_TOKEN, ShopifyState, make_shopify
    from tests.woocommerce_server import KEYS, WooState, make_woocommerce

    app = make_woocommerce(WooState()) if kind == "woocommerce" else make_shopify(ShopifyState())
    server = await aiohttp_server(app, host="127.0.0.1")
    base = str(server.make_url("")).rstrip("/")
    if kind == "woocommerce":
        wrong = ["--set", f"base_url={base}", "--set", f"consumer_key={KEYS[0]}",
                 "--set", "consumer_secret=cs_wrong"]  # fmt: skip
        right = [*wrong[:-1], f"consumer_secret={KEYS[1]}"]
    else:
        wrong = ["--set", f"shop_domain={base}", "--set", "storefront_token=wrong"]
        right = [*wrong[:-1], f"storefront_token={STOREFRONT_TOKEN}",
                 "--set", f"admin_token={ADMIN_TOKEN}"]  # fmt: skip
    env = {"SHOPASSIST_SECRET_KEY_FILE": str(tmp_path / "key")}
    code, _, err = await _shopassist(
        "shops", "add", "laden", "--adapter", kind, *wrong, "--database", db, env=env
    )
    assert code == 2 and "wrong_key:" in err, err
    assert "does not work (nothing was stored)" in err
    assert _row(db, "laden") is None
    code, out, err = await _shopassist(
        "shops", "add", "laden", "--adapter", kind, *right, "--database", db, env=env
    )
    assert code == 0, err
    assert f"The {kind} connection works" in out

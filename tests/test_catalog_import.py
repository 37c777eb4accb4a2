"""A shop's catalog from its product feed (issue 15): Google Merchant Center XML and TSV/CSV,
from a file or a URL, all or nothing with a per-line error report, safe XML, a dry run, and
refreshes on a schedule; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from assistant.products.entries import FeedError
from assistant.products.feed import parse_feed
from assistant.products.importer import import_catalog
from assistant.products.refresh import FeedRefresher
from assistant.products.source import read_source
from assistant.storage.engine import create_engine, session_factory
from assistant.storage.migrate import upgrade
from assistant.storage.models import CatalogImport, Product, Shop
from tests.clock import FakeClock
from tests.servers import shopassist

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "products-feed.xml"
GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>T</title>
<item><g:id>A-1</g:id><g:title>Kaffeemühle Rot</g:title><g:description>Eine rote Mühle</g:description>
<g:link>https://shop.example/a-1</g:link><g:image_link>https://shop.example/a-1.jpg</g:image_link>
<g:price>79.90 EUR</g:price><g:sale_price>69,90 EUR</g:sale_price><g:availability>in stock</g:availability>
<g:brand>Mahlwerk</g:brand><g:gtin>4006381333931</g:gtin><g:item_group_id>A</g:item_group_id>
<g:product_type>Küche &gt; Kaffee &gt; Kaffeemühlen</g:product_type><g:color>Rot</g:color>
<g:size>M</g:size><g:material>Edelstahl</g:material>
<g:product_detail><g:section_name>Technik</g:section_name><g:attribute_name>Mahlwerk</g:attribute_name><g:attribute_value>Kegelmahlwerk</g:attribute_value></g:product_detail>
</item>
<item><g:id>A-2</g:id><g:title>Kaffeemühle Schwarz</g:title><g:price>89.90 EUR</g:price>
<g:availability>out_of_stock</g:availability><g:link>https://shop.example/a-2</g:link></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
<title>T</title>
<entry><g:id>B-1</g:id><title>Teekanne Glas</title><summary>Aus Glas</summary>
<link href="https://shop.example/b-1"/><g:price>24.90 EUR</g:price><g:availability>in_stock</g:availability></entry>
</feed>
"""


def _db(url: str) -> Path:
    return Path(url.split("///", 1)[1])


@pytest.fixture
def shop_db(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}"
    assert shopassist("migrate", "--database", url).returncode == 0
    with sqlite3.connect(_db(url)) as db:
        db.execute(
            "INSERT INTO shop (id, name, default_locale, allowed_origins, secret, settings, created_at)"
            " VALUES ('kl', 'Küchenliebe', 'de', '[]', 's', '{}', '2026-12-01 00:00:00.000000')"
        )
    return url


def _products(url: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(_db(url)) as db:
        return db.execute(
            "SELECT sku, price, sale_price, availability, link, brand, color, material,"
            " category, attributes FROM product WHERE shop_id = 'kl' ORDER BY sku"
        ).fetchall()


def test_the_example_feed_imports_with_every_field(shop_db: str) -> None:
    result = shopassist("catalog", "import", str(EXAMPLE), "--shop", "kl", "--database", shop_db)
    assert result.returncode == 0, result.stderr
    assert "Imported 300 products" in result.stdout
    rows = _products(shop_db)
    assert len(rows) == 300
    sku, price, _sale, availability, link, brand, color, material, category, _ = rows[0]
    assert sku == "KL-000001" and link == "https://kuechenliebe.example/p/kl-000001"
    assert (price, availability, brand, color) == (124.9, "out_of_stock", "Sonnhof", "Grün")
    assert (material, category) == ("Holz", "leuchten")
    status = shopassist("catalog", "status", "--shop", "kl", "--database", shop_db)
    assert " ok  300 products  from " in status.stdout


def test_a_broken_line_changes_nothing_and_is_reported_by_line(
    shop_db: str, tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_text(GOOD, encoding="utf-8")
    assert (
        shopassist("catalog", "import", str(good), "--shop", "kl", "--database", shop_db).returncode
        == 0
    )
    before = _products(shop_db)
    assert [r[0] for r in before] == ["A-1", "A-2"]
    assert before[0][1:9] == (
        79.9, 69.9, "in_stock", "https://shop.example/a-1", "Mahlwerk", "Rot", "Edelstahl", "kaffeemuehlen",
    )  # fmt: skip
    assert '"mahlwerk": "Kegelmahlwerk"' in before[0][9]
    bad.write_text(
        GOOD.replace("<g:price>89.90 EUR</g:price>", "<g:price>89.90 USD</g:price>").replace(
            "A-1", "C-1"
        ),
        encoding="utf-8",
    )
    result = shopassist("catalog", "import", str(bad), "--shop", "kl", "--database", shop_db)
    assert result.returncode == 2
    assert "line 11 (A-2): price '89.90 USD' is in USD; the assistant sells in EUR" in result.stderr
    assert "nothing was changed" in result.stderr
    assert _products(shop_db) == before
    skipped = shopassist(
        "catalog", "import", str(bad), "--shop", "kl", "--skip-bad-lines", "--database", shop_db
    )
    assert skipped.returncode == 0 and "1 product skipped" in skipped.stdout
    assert [r[0] for r in _products(shop_db)] == ["C-1"]


def test_a_dry_run_and_an_unreadable_file_change_nothing(shop_db: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(GOOD, encoding="utf-8")
    dry = shopassist(
        "catalog", "import", str(feed), "--shop", "kl", "--dry-run", "--database", shop_db
    )
    assert dry.returncode == 0 and "Dry run: 2 products" in dry.stdout
    assert _products(shop_db) == []
    broken = tmp_path / "broken.xml"
    broken.write_text(GOOD[:400], encoding="utf-8")
    result = shopassist("catalog", "import", str(broken), "--shop", "kl", "--database", shop_db)
    assert result.returncode == 2 and "not well-formed XML" in result.stderr
    assert _products(shop_db) == []


@pytest.mark.parametrize(
    "attack",
    [
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>&b;</g:id></item></channel></rss>',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>x</g:id><g:title>&x;</g:title></item></channel></rss>',
    ],
)
def test_entity_expansion_and_external_entities_are_refused(attack: str) -> None:
    with pytest.raises(FeedError, match="unsafe XML refused"):
        parse_feed(attack.encode())


def test_atom_and_tsv_feeds_read_the_same_fields() -> None:
    atom = parse_feed(ATOM.encode())
    assert [(p.sku, p.name_de, p.link, p.price) for p in atom.products] == [
        ("B-1", "Teekanne Glas", "https://shop.example/b-1", Decimal("24.90"))
    ]
    tsv = parse_feed(
        b"id\ttitle\tprice\tavailability\timage link\tcolor\tproduct_detail\n"
        b"T-1\tTasse\t9,90 EUR\tout of stock\thttps://s.example/t.jpg\tBlau\tForm:Becher\n"
        b"T-2\t\t5 EUR\tin_stock\t\t\t\n"
        b"T 3\tTasse\t5 EUR\tsoon\t\t\t\n"
    )
    assert [
        (p.sku, p.availability, p.stock, p.color, dict(p.attributes)) for p in tsv.products
    ] == [("T-1", "out_of_stock", 0, "Blau", {"form": "Becher"})]
    assert [str(e) for e in tsv.errors] == [
        "line 3 (T-2): no title",
        "line 4 (T 3): id 'T 3' must be 1-64 letters, digits or _ . : / + -",
    ]


@given(st.binary(max_size=300))
@settings(max_examples=150, deadline=None)
def test_any_bytes_give_a_catalog_or_a_feed_error(data: bytes) -> None:
    with contextlib.suppress(FeedError):
        parse_feed(data)


async def _serve(aiohttp_server: Any, body: Callable[[], bytes]) -> str:
    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=body(), content_type="application/xml")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    server = await aiohttp_server(app)
    return str(server.make_url("/feed.xml"))


async def test_a_url_is_fetched_with_a_size_limit(aiohttp_server: Any) -> None:
    url = await _serve(aiohttp_server, lambda: GOOD.encode())
    assert await read_source(url, max_bytes=10_000, seconds=5) == GOOD.encode()
    with pytest.raises(FeedError, match="over the import limit"):
        await read_source(url, max_bytes=500, seconds=5)
    with pytest.raises(FeedError, match="HTTP 404"):
        await read_source(url.replace("feed.xml", "nope"), max_bytes=500, seconds=5)


async def test_feeds_are_refreshed_on_their_schedule(
    aiohttp_server: Any, database_url: str
) -> None:
    body = {"xml": GOOD}
    url = await _serve(aiohttp_server, lambda: body["xml"].encode())
    engine = create_engine(database_url)
    await upgrade(engine)
    sessions = session_factory(engine)
    clock = FakeClock(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    async with sessions() as db:
        db.add(Shop(id="kl", name="K", settings={"feed": {"url": url, "refresh_minutes": 60}}))
        await db.commit()
    refresher = FeedRefresher(sessions, max_bytes=100_000, timeout=5, clock=clock)
    try:
        first = await refresher.run_once()
        assert len(first) == 1 and (await first[0]) is not None
        assert await refresher.run_once() == []  # not due yet
        body["xml"] = GOOD.replace("Kaffeemühle Rot", "Kaffeemühle Kirschrot")
        clock.advance(minutes=61)
        again = await refresher.run_once()
        assert len(again) == 1
        await asyncio.gather(*again)
        async with sessions() as db:
            names = (await db.exec(select(Product.name_de).order_by(col(Product.sku)))).all()
            log = (await db.exec(select(CatalogImport.status))).all()
        assert names == ["Kaffeemühle Kirschrot", "Kaffeemühle Schwarz"]
        assert log == ["ok", "ok"]
        body["xml"] = "<rss><channel><item>"  # broken: the catalog stays
        clock.advance(minutes=61)
        await asyncio.gather(*await refresher.run_once())
        async with sessions() as db:
            assert len((await db.exec(select(Product))).all()) == 2
            statuses = (
                await db.exec(select(CatalogImport.status).order_by(col(CatalogImport.id)))
            ).all()
        assert statuses == ["ok", "ok", "failed"]
    finally:
        await refresher.close()
        await engine.dispose()


async def test_an_import_replaces_the_catalog_in_one_transaction(database_url: str) -> None:
    engine = create_engine(database_url)
    await upgrade(engine)
    sessions = session_factory(engine)
    async with sessions() as db:
        db.add(Shop(id="kl", name="K"))
        await db.commit()
    try:
        report = await import_catalog(sessions, "kl", GOOD.encode(), source="test")
        assert report.applied and report.products == 2
        atom = await import_catalog(sessions, "kl", ATOM.encode(), source="test")
        assert atom.applied
        async with sessions() as db:
            assert (await db.exec(select(Product.sku))).all() == ["B-1"]
        empty = await import_catalog(sessions, "kl", b"<rss><channel></channel></rss>", source="t")
        assert not empty.applied and "no products" in (empty.refused or "")
        async with sessions() as db:
            assert (await db.exec(select(Product.sku))).all() == ["B-1"]
    finally:
        await engine.dispose()

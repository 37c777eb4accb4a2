"""The console's customers: search and filters (the engagement score decays, time rules fall
due), sorting and pages, the profile, per-shop scope and escaping; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from assistant.customers.query import PAGE_SIZE, CustomerQuery, parse_query
from assistant.metrics.customer_value import customer_value
from tests.clock import T0, FakeClock
from tests.consoles import add_agent, frames_until, say, sign_in, widget
from tests.customer_rows import add_customer, add_shop, console_app
from tests.lifecycle_helpers import (
    identify_frame,
    order_event,
    post_webhook,
    shop_secret,
    webhook_secret,
)


def _ids(html: str) -> list[str]:
    return re.findall(r'<tr id="customer-([^"]+)"', html)


async def _list(client: Any, query: str = "") -> list[str]:
    response = await client.get("/console/customers" + query)
    assert response.status == 200, await response.text()
    return _ids(await response.text())


# -- pure: the query string ------------------------------------------------------------------


def test_filter_parsing_keeps_good_values_and_names_bad_ones() -> None:
    query = parse_query(
        {"q": "  Kim   Berger ", "stage": "retention", "score_min": "20", "score_max": "80",
         "active": "30", "sort": "score", "order": "asc", "page": "3", "shop": "demo"},
        ("demo",),
    )  # fmt: skip
    assert query == CustomerQuery(
        q="Kim Berger", shop="demo", stage="retention", score_min=20, score_max=80,
        active_days=30, sort="score", order="asc", page=3,
    )  # fmt: skip
    assert query.offset == 2 * PAGE_SIZE
    bad = parse_query(
        {"stage": "vip", "score_min": "x", "score_max": "101", "active": "12",
         "inactive": "-1", "sort": "name", "page": "0", "shop": "elsewhere"},
        ("demo",),
    )  # fmt: skip
    assert bad.problems == ("bad_stage", "bad_score", "bad_active", "bad_inactive")
    assert (bad.stage, bad.score_min, bad.score_max, bad.active_days, bad.inactive_days) == (
        None, None, None, None, None,
    )  # fmt: skip
    assert (bad.sort, bad.page, bad.shop) == ("activity", 1, None)
    crossed = parse_query({"score_min": "80", "score_max": "20", "inactive": "45"}, ())
    assert crossed.problems == ("bad_score_range",)
    assert (crossed.score_min, crossed.score_max, crossed.inactive_days) == (None, None, 45)
    # The page links keep the query and leave the defaults out.
    assert query.url("/console/customers", page=4).endswith("&page=4")
    assert CustomerQuery().url("/console/customers") == "/console/customers"


def test_customer_value_is_own_order_value_times_frequency_times_shop_lifespan() -> None:
    value = customer_value(2, Decimal("50"), T0 - timedelta(days=20), T0, 0.5, 182.5)
    # Two orders within the first year count as two a year; churn 0.5 per half year is
    # 0.75 a year, so a customer stays 1/0.75 years.
    assert (value.aov, value.frequency_per_year) == (Decimal("25.00"), 2.0)
    assert value.lifespan_years == pytest.approx(4 / 3)
    assert value.clv == Decimal("66.67")
    assert customer_value(0, Decimal("0"), None, T0, 0.5, 182.5).clv is None
    assert customer_value(3, Decimal("90"), T0 - timedelta(days=730), T0, None, 365).clv is None
    assert customer_value(3, Decimal("90"), T0 - timedelta(days=730), T0, 0.5, 365).clv == (
        Decimal("90.00")  # 30 × 1.5 a year × 2 years
    )


# -- the list --------------------------------------------------------------------------------


async def test_search_by_name_email_shop_id_and_customer_id(
    aiohttp_client: Any, database_url: str
) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    app, now = client.app, clock.now
    await add_customer(app, "kim0001", now, name="Kim Berger", email="kim@example.com",
                       external_id="c-42")  # fmt: skip
    await add_customer(app, "lea0002", now, email="Lea.Maier@Shop.DE")
    await add_customer(app, "abc1234567", now)
    await add_customer(app, "pct0003", now, name="100% Kaffee_Fan")
    await add_shop(app, "other", now)
    await add_customer(app, "kim0009", now, shop="other", name="Kim Anders")
    await add_agent(app, "anna@example.com", name="Anna")
    await sign_in(client, "anna@example.com")

    assert await _list(client, "?q=berger") == ["kim0001"]
    assert await _list(client, "?q=shop.de") == ["lea0002"]  # any case
    assert await _list(client, "?q=c-42") == ["kim0001"]
    assert await _list(client, "?q=%23abc123") == ["abc1234567"]  # as the console shows it
    assert await _list(client, "?q=kim0001") == ["kim0001"]
    assert await _list(client, "?q=%25") == ["pct0003"]  # % and _ are letters here
    assert await _list(client, "?q=ff_e") == []  # "ff?e" would match "Kaffee"
    assert await _list(client, "?q=kim") == ["kim0001"]  # never another shop's
    assert sorted(await _list(client)) == ["abc1234567", "kim0001", "lea0002", "pct0003"]
    html = await (await client.get("/console/customers?q=nobody")).text()
    assert "Keine Kunden für diese Suche." in html and "0 Kunden" in html


async def test_filters_use_the_score_and_stage_as_of_now(
    aiohttp_client: Any, database_url: str
) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    app, now = client.app, clock.now
    # Half-life 14 days, scale 20, no orders: a sum of 20 now is a score of 54.0 (recency 1,
    # engagement 0.63); the same sum two weeks old is 10 now (29.3: recency 0.5, 0.39), and
    # 40 four weeks old is 10 as well, but less recent (20.5). Two orders alone: 17.0.
    await add_customer(app, "fresh", now, total=20.0, seen_days_ago=1)
    await add_customer(app, "faded", now, total=20.0, score_days_ago=14, seen_days_ago=14)
    await add_customer(app, "big-old", now, total=40.0, score_days_ago=28, seen_days_ago=40)
    await add_customer(app, "zero", now, seen_days_ago=200, stage="awareness")
    # Retention when last written, but 100 days without an order: at risk since day 90.
    await add_customer(app, "slipping", now, stage="retention", seen_days_ago=100,
                       last_order_days_ago=100, next_due=now - timedelta(days=10))  # fmt: skip
    await add_customer(app, "loyal", now, stage="retention", seen_days_ago=5,
                       last_order_days_ago=5, next_due=now + timedelta(days=85))  # fmt: skip
    await add_agent(app, "anna@example.com", name="Anna", locale="en")
    await sign_in(client, "anna@example.com")

    assert await _list(client, "?score_min=50") == ["fresh"]
    assert sorted(await _list(client, "?score_min=20&score_max=45")) == ["big-old", "faded"]
    assert await _list(client, "?score_max=0&sort=activity&order=asc") == ["zero"]
    assert await _list(client, "?score_min=16&score_max=18&sort=activity&order=asc") == [
        "slipping", "loyal",
    ]  # fmt: skip
    by_score = await _list(client, "?sort=score")
    assert by_score[0] == "fresh" and set(by_score[1:3]) == {"big-old", "faded"}
    assert await _list(client, "?stage=at_risk") == ["slipping"]
    assert await _list(client, "?stage=retention") == ["loyal"]
    html = await (await client.get("/console/customers?q=slipping")).text()
    assert "At risk" in html  # shown as of now, too
    assert await _list(client, "?active=7") == ["fresh", "loyal"]  # newest first
    assert sorted(await _list(client, "?active=30")) == ["faded", "fresh", "loyal"]
    assert await _list(client, "?inactive=90") == ["slipping", "zero"]
    assert await _list(client, "?inactive=30&score_min=20") == ["big-old"]


async def test_pages_and_bad_input(aiohttp_client: Any, database_url: str) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    for n in range(PAGE_SIZE + 3):
        await add_customer(client.app, f"c{n:03d}", clock.now, seen_days_ago=n,
                           name=f"Kunde {n:03d}")  # fmt: skip
    await add_agent(client.app, "anna@example.com", name="Anna")
    await sign_in(client, "anna@example.com")
    first = await _list(client)
    assert len(first) == PAGE_SIZE and first[0] == "c000"
    html = await (await client.get("/console/customers?page=2")).text()
    assert _ids(html) == ["c050", "c051", "c052"]
    assert "Seite 2 von 2" in html and "53 Kunden" in html
    assert 'rel="prev" href="/console/customers"' in html
    html = await (await client.get("/console/customers?q=Kunde+00&score_min=viel")).text()
    assert "Engagement: bitte ganze Zahlen von 0 bis 100" in html
    assert len(_ids(html)) == 10  # the search still applies


# -- the profile -----------------------------------------------------------------------------


async def test_profile_shows_everything_an_agent_needs(
    aiohttp_client: Any, database_url: str
) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    secret = await shop_secret(client)
    now = clock.now
    kim = {"id": "c-42", "email": "kim@example.com", "name": "Kim Berger"}
    for event_id, order, total, days, who in (
        ("e1", "A-1", "20.00", 20, kim),
        ("e2", "A-2", "30.00", 10, kim),
        # Two other buyers half a year ago, one came back: the shop's churn is 0.5.
        ("e3", "B-1", "10.00", 250, {"id": "c-7"}),
        ("e4", "B-2", "10.00", 250, {"id": "c-8"}),
        ("e5", "B-3", "10.00", 30, {"id": "c-8"}),
    ):
        event = order_event(event_id, order, total, customer=who,
                            occurred_at=now - timedelta(days=days))  # fmt: skip
        assert (
            await post_webhook(client, await webhook_secret(client), event, now=now)
        ).status == 200
    ws, _ = await widget(client, "kim-browser", page="/demo/kaffee")
    await ws.send_json({"type": "page_view", "url": "/demo/p/espresso-piccola"})
    await ws.send_json(identify_frame(secret, "c-42"))
    await frames_until(ws, "identified")  # a proactive message may come first
    await ws.send_json({"type": "track", "name": "filter_used", "props": {"Röstung": "hell"}})
    await ws.send_json({"type": "message", "client_id": "1", "text": "Wann kommt A-2?"})
    ack = (await frames_until(ws, "ack"))[-1]
    await add_agent(client.app, "anna@example.com", name="Anna")
    await sign_in(client, "anna@example.com")

    listed = await (await client.get("/console/customers?q=kim")).text()
    (customer_id,) = _ids(listed)
    html = await (await client.get(f"/console/customers/{customer_id}")).text()
    assert "Kim Berger" in html and "kim@example.com" in html and "c-42" in html
    assert "<code>kim-browser</code>" in html  # the visitor id
    assert "Bindung" in html  # retention, in German
    history = html.split('id="stage-history"')[1].split("</table>")[0]
    assert "Wiederholungskauf" in history and "Erste Bestellung" in history
    assert "<code>order_created</code>" in history
    assert re.search(r'id="score">\d+,\d|id="score">\d+\.\d', html)
    assert "25,00 €" in html  # average order value
    assert "<strong>66,67 €</strong>" in html  # 25 × 2 a year × 4/3 years
    orders = html.split('id="orders"')[1].split("</table>")[0]
    assert "A-1" in orders and "A-2" in orders and "1 × <code>BEAN-001</code>" in orders
    assert "<code>/demo/p/espresso-piccola</code>" in html  # the last pages
    assert f'href="/console/conversations/{ack["conversation"]}"' in html
    assert "Wann kommt A-2?" in html
    assert "<code>identify</code>" in html  # the timeline
    # Event lines read as text, umlauts as they are, amounts with their currency.
    timeline = html.split('id="timeline"')[1].split("</ol>")[0]
    assert "name: filter_used · props: (Röstung: hell)" in timeline
    assert "order_id: A-2 · items: 1 × BEAN-001 · total: 30,00 €" in timeline
    assert "\\u00" not in html and "&#34;" not in timeline and '{"' not in timeline
    assert f'href="/console/customers/{customer_id}/export"' in html
    assert "/erase" not in html  # an agent cannot erase
    # The conversation's customer card leads here.
    card = await (await client.get(f"/console/conversations/{ack['conversation']}")).text()
    assert f'href="/console/customers/{customer_id}"' in card
    # ... and lists her orders readably: number, amount with currency, items, not JSON.
    card_orders = card.split('id="card-orders"')[1].split("</ul>")[0]
    assert "Bestellung <code>A-2</code> · <strong>30,00 €</strong> · 1 × BEAN-001" in card_orders
    assert "im Shop bestellt" in card_orders and "order_id" not in card_orders
    assert "\\u00" not in card


async def test_another_shops_customer_is_403_and_an_unknown_one_404(
    aiohttp_client: Any, database_url: str
) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    await add_shop(client.app, "other", clock.now)
    await add_customer(client.app, "foreign", clock.now, shop="other", name="Fremd")
    await add_agent(client.app, "root@example.com", name="Root", admin=True)
    token = await sign_in(client, "root@example.com")
    for path in ("", "/export", "/erase"):
        response = await client.get(f"/console/customers/foreign{path}")
        assert response.status == 403, path
        assert "Fremd" not in await response.text()
    refused = await client.post(
        "/console/customers/foreign/erase", data={"_csrf": token, "confirm": "ERASE"}
    )
    assert refused.status == 403
    assert (await client.get("/console/customers/nobody")).status == 404
    assert await _list(client, "?shop=other") == []  # not even with the shop named


async def test_customer_text_is_escaped(aiohttp_client: Any, database_url: str) -> None:
    clock = FakeClock()
    client = await console_app(aiohttp_client, database_url, clock)
    ws, _ = await widget(client, "xss-browser")
    await say(ws, "1", "<img src=x onerror=alert(1)> hallo")
    await add_agent(client.app, "anna@example.com", name="Anna")
    await sign_in(client, "anna@example.com")
    (customer_id,) = await _list(client)
    from sqlmodel import select

    from assistant.storage.models import Customer
    from web.keys import sessions_key

    async with client.app[sessions_key]() as db:
        customer = (await db.exec(select(Customer).where(Customer.id == customer_id))).one()
        customer.name = "<script>alert('name')</script>"
        customer.email = '"><svg onload=alert(2)>@example.com'
        db.add(customer)
        await db.commit()
    for path in ("/console/customers", f"/console/customers/{customer_id}"):
        html = await (await client.get(path)).text()
        assert "<script>alert" not in html and "<svg onload" not in html, path
        assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html, path
    profile = await (await client.get(f"/console/customers/{customer_id}")).text()
    assert "<img src=x" not in profile and "&lt;img src=x onerror=alert(1)&gt; hallo" in profile


async def test_navigation_names_the_customers_in_both_languages(demo_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    await add_agent(demo_client.app, "ben@example.com", name="Ben", locale="en")
    await sign_in(demo_client, "anna@example.com")
    html = await (await demo_client.get("/console/customers")).text()
    assert '<a href="/console/customers" aria-current="page">Kunden</a>' in html
    await demo_client.post("/console/logout", data={"_csrf": re.findall(
        r'name="csrf-token" content="([^"]+)"', html)[0]})  # fmt: skip
    await sign_in(demo_client, "ben@example.com")
    html = await (await demo_client.get("/console/customers")).text()
    assert '<a href="/console/customers" aria-current="page">Customers</a>' in html
    assert "Search" in html and "Last activity" in html

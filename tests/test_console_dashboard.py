"""The dashboard at ``/console/dashboard``: a small known history put in through the real app
(widget WebSocket, signed order webhooks, the event store) comes out as the same numbers in
the tiles, the charts' SVG and their tables, in German and English, on SQLite and
PostgreSQL. Also the demo history, the shop scope, bad and empty periods, and per-day counts
that follow UTC days whatever the database session's time zone."""

from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import select

from assistant.config import Config
from assistant.demo.history import simulate
from assistant.demo.loader import load_demo
from assistant.lifecycle.events import ingest
from assistant.metrics.series import daily
from assistant.storage.models import Conversation, Customer, Event, MarketingSpend
from tests.clock import FakeClock
from tests.consoles import add_agent, frames_until, other_shop_conversation, say, sign_in, widget
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from web.app import create_app
from web.console.texts import TEXT
from web.keys import sessions_key

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PERIOD = "/console/dashboard?from=2026-11-20&to=2026-11-23"
CHARTS = ("conversations", "service", "answers", "stages", "flows", "bundles", "nps", "csat")


async def _client(aiohttp_client: Any, database_url: str, clock: FakeClock) -> Any:
    config = Config(
        database_url=database_url, lifecycle_sweep_s=0, password_cost_log2=10
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def _chat(client: Any, visitor: str, *lines: str) -> str:
    ws, _ = await widget(client, visitor)
    conversation = ""
    for i, line in enumerate(lines):
        conversation = (await say(ws, f"{visitor}-{i}", line))["conversation"]
        await frames_until(ws, "reply")
    await ws.close()
    return conversation


async def _survey(client: Any, visitor: str, kind: str, score: int) -> None:
    ws, _ = await widget(client, visitor)
    await ws.send_json({"type": "survey", "kind": kind, "score": score})
    await frames_until(ws, "survey")
    await ws.close()


async def _known_history(client: Any, clock: FakeClock) -> None:
    """20 Nov: two conversations, one answered by the FAQ, one handed to a human. 21 Nov: one
    conversation with two unanswerable questions (one cluster) and a suggestion; an NPS of 9
    and a CSAT of 2. 22 Nov: two orders (40 and 60) of two new customers. The espresso set
    offered in two conversations and accepted in one."""
    clock.now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    answered = await _chat(client, "v-answered", "Wie lange dauert der Versand?")
    await _chat(client, "v-human", "Ich möchte mit einem Mitarbeiter sprechen")
    clock.now = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
    puzzled = await _chat(
        client, "v-puzzled", "Verkauft ihr auch Fahrräder?", "Verkauft ihr Fahrräder?"
    )
    await _survey(client, "v-answered", "nps", 9)
    await _survey(client, "v-human", "csat", 2)
    clock.now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    secret = await webhook_secret(client)
    for n, (who, total) in enumerate((("c-1", "40.00"), ("c-2", "60.00"))):
        event = order_event(f"e-{n}", f"o-{n}", total, customer={"id": who})
        assert (await post_webhook(client, secret, event, now=clock.now)).status == 200
    at = datetime(2026, 11, 21, 16, 0, tzinfo=UTC)
    async with client.app[sessions_key]() as db:
        owner = {c.id: c.customer_id for c in (await db.exec(select(Conversation))).all()}

        def event(kind: str, conversation: str, **props: Any) -> Event:
            return Event(
                shop_id="demo", customer_id=owner[conversation], conversation_id=conversation,
                type=kind, properties=props, created_at=at,
            )  # fmt: skip

        await ingest(
            db,
            [
                event("faq_suggested", puzzled, slugs=["returns"]),
                event("bundle_shown", answered, bundle="espresso-starter"),
                event("bundle_accepted", answered, bundle="espresso-starter"),
                event("bundle_shown", puzzled, bundle="espresso-starter"),
            ],
        )
        await db.commit()
    clock.now = NOW


def _tiles(page: str) -> dict[str, str]:
    found = re.findall(
        r'data-kpi="([a-z_]+)"><span class="tile-label">[^<]*</span> '
        r'<strong class="tile-value">([^<]*)</strong>',
        page,
    )
    return {key: htmllib.unescape(value) for key, value in found}


def _section(page: str, key: str) -> str:
    found = re.search(rf'<section class="chart-card" id="{key}".*?</section>', page, re.S)
    assert found, f"no {key} section"
    return found.group(0)


def _desc(page: str, key: str) -> str:
    found = re.search(rf'<desc id="chart-{key}-desc">([^<]*)</desc>', page)
    assert found, f"no chart {key}"
    return htmllib.unescape(found.group(1))


def _bars(page: str, key: str) -> list[str]:
    svg = re.search(r"<svg .*?</svg>", _section(page, key), re.S)
    assert svg, f"no svg in {key}"
    return [
        htmllib.unescape(v)
        for v in re.findall(r'class="bar [^"]*"[^>]*data-value="([^"]*)"', svg.group(0))
    ]


def _rows(page: str, key: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", _section(page, key), re.S)
    assert body, f"no table in {key}"
    return [
        [htmllib.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    ]


async def test_a_known_history_shows_the_same_numbers_in_german_and_english(
    aiohttp_client: Any, database_url: str
) -> None:
    clock = FakeClock(NOW)
    client = await _client(aiohttp_client, database_url, clock)
    await _known_history(client, clock)
    async with client.app[sessions_key]() as db:  # what `shopassist metrics spend` stores
        db.add(MarketingSpend(shop_id="demo", day=datetime(2026, 11, 21, tzinfo=UTC),
                              amount=Decimal("150.00")))  # fmt: skip
        await db.commit()
    await add_agent(client.app, "anna@example.com", name="Anna")
    token = await sign_in(client, "anna@example.com")
    resp = await client.get(PERIOD)
    assert resp.status == 200
    page = await resp.text()
    assert "<h1>Übersicht</h1>" in page and 'href="/console/dashboard" aria-current="page"' in page
    assert "Bohne &amp; Becher · 20.11.2026 bis 23.11.2026 (4 Tage, UTC)" in page
    assert _tiles(page) == {
        "conversion": "40,0 %",  # 2 buyers of 5 customers seen in the period
        "aov": "50,00 €",
        "frequency": "1,00",
        "clv": "–",  # nobody bought twice: no churn to base a lifespan on
        "cac": "75,00 €",  # 150 € spent, two new customers
        "referrals": "0",  # nobody came with a friend's link
        "churn": "–",
        "retention": "–",
        "engagement": "60,0 %",  # the three chatting customers of five
        "conversations": "3",
        "self_service": "33,3 %",
        "handoff": "33,3 %",
    }
    assert "2 Bestellungen, Umsatz 100,00 €" in page
    assert "Marketingausgaben 150,00 € / 2 Neukunden" in page
    assert "FAQ-Antwortquote 25,0 %" in page  # 1 answered of 4 FAQ decisions
    # conversations per day: the bars, their description and the table say the same
    assert _bars(page, "conversations") == ["2", "1"]
    assert _desc(page, "conversations") == "20.11.: 2; 21.11.: 1; 22.11.: 0; 23.11.: 0"
    assert _rows(page, "conversations")[:2] == [["20.11.2026", "2"], ["21.11.2026", "1"]]
    # self-service and hand-off per day (a period this short is drawn per day)
    assert "Self-Service- und Übergabequote pro Tag" in page
    assert _rows(page, "service")[:3] == [
        ["20.11.2026", "2", "50,0 % (1)", "50,0 % (1)"],
        ["21.11.2026", "1", "0,0 % (0)", "0,0 % (0)"],
        ["22.11.2026", "0", "– (0)", "– (0)"],
    ]
    assert _desc(page, "service").startswith(
        "20.11.: Self-Service 50,0 %, Übergabe 50,0 %; 21.11.: Self-Service 0,0 %, Übergabe 0,0 %; "
        "22.11.: Self-Service –, Übergabe –;"
    )
    # FAQ decisions per day, stacked
    assert _bars(page, "answers") == ["1", "1", "2"]
    assert _rows(page, "answers")[:2] == [
        ["20.11.2026", "1", "0", "0"],
        ["21.11.2026", "0", "1", "2"],
    ]
    # lifecycle: everyone is new in this shop
    assert _desc(page, "stages").startswith("Aufmerksamkeit: 0; Interesse: 3; Kauf: 2;")
    assert _rows(page, "flows") == [["Neu", "Interesse", "3"], ["Neu", "Kauf", "2"]]
    # the two unanswerable wordings are one cluster
    assert _rows(page, "unanswered") == [
        ["Verkauft ihr Fahrräder?", "2", "DE", "Verkauft ihr auch Fahrräder?"]
    ]
    # bundles: shown in two conversations, accepted in one
    assert "Gesamt: 50,0 % (1 von 2 Gesprächen mit Angebot)." in page
    assert _bars(page, "bundles") == ["50,0 %"]
    assert _rows(page, "bundles") == [["Espresso-Starterset", "2", "0", "1", "0", "50,0 %"]]
    # surveys
    assert "NPS +100 aus 1 Antworten (0–10)." in page and _bars(page, "nps") == ["1"]
    assert ["9", "1"] in _rows(page, "nps")
    assert "CSAT 0,0 % zufrieden (4–5 von 5) aus 1 Antworten." in page
    assert _rows(page, "csat") == [["1", "0"], ["2", "1"], ["3", "0"], ["4", "0"], ["5", "0"]]

    # The same page in English.
    switched = await client.post(
        "/console/locale", data={"_csrf": token, "lang": "en", "next": PERIOD}
    )
    assert switched.status == 200
    page = await switched.text()
    assert "<h1>Dashboard</h1>" in page and "Conversations per day" in page
    assert "Bohne &amp; Becher · 2026-11-20 to 2026-11-23 (4 days, UTC)" in page
    tiles = _tiles(page)
    assert (tiles["conversion"], tiles["aov"], tiles["self_service"]) == (
        "40.0%",
        "€50.00",
        "33.3%",
    )
    assert tiles["cac"] == "€75.00" and "Marketing spend €150.00 / 2 new customers" in page
    assert _desc(page, "conversations") == "Nov 20: 2; Nov 21: 1; Nov 22: 0; Nov 23: 0"
    assert _rows(page, "bundles") == [["Espresso starter set", "2", "0", "1", "0", "50.0%"]]
    assert "Overall: 50.0% (1 of 2 conversations shown an offer)." in page
    assert _rows(page, "flows") == [["New", "Engagement", "3"], ["New", "Conversion", "2"]]
    assert "NPS +100 from 1 answers (0–10)." in page
    for german in ("Gespräche pro Tag", "Übergabe", "Kunden nach Phase", "Zahlen als Tabelle"):
        assert german not in page


async def test_the_demo_history_fills_every_chart(aiohttp_client: Any, database_url: str) -> None:
    clock = FakeClock(NOW)
    client = await _client(aiohttp_client, database_url, clock)
    await simulate(client.app[sessions_key], customers=150, days=60, clock=clock)
    await add_agent(client.app, "anna@example.com")
    await sign_in(client, "anna@example.com")
    page = await (await client.get("/console/dashboard?days=90")).text()
    for key in CHARTS:
        assert _bars(page, key) or re.search(r"<circle class=\"dot", _section(page, key)), key
    assert re.search(r'<polyline class="line tone-3"', page)  # the self-service line
    assert len(_rows(page, "unanswered")) >= 2
    tiles = _tiles(page)
    assert all(value != "–" for key, value in tiles.items() if key != "clv"), tiles
    # the bars add up to the tile
    total = sum(int(v) for v in _bars(page, "conversations"))
    assert str(total) == tiles["conversations"].replace(".", "")


async def test_an_agent_sees_only_their_own_shops(aiohttp_client: Any, database_url: str) -> None:
    client = await _client(aiohttp_client, database_url, FakeClock(NOW))
    await other_shop_conversation(client.app)
    await add_agent(client.app, "anna@example.com")
    await add_agent(client.app, "ben@example.com", shops=("demo", "other"))
    await sign_in(client, "anna@example.com")
    page = await (await client.get("/console/dashboard")).text()
    assert 'name="shop" value="demo"' in page and "Anderer Laden" not in page
    for shop in ("other", "nope"):
        refused = await client.get(f"/console/dashboard?shop={shop}&days=7")
        assert refused.status == 403
        body = await refused.text()
        assert "<svg" not in body and "Anderer Laden" not in body
    await client.post("/console/logout", data={"_csrf": await _csrf(client)})
    await sign_in(client, "ben@example.com")
    page = await (await client.get("/console/dashboard?shop=other")).text()
    assert '<option value="other" selected>Anderer Laden</option>' in page
    assert "Anderer Laden · " in page


async def _csrf(client: Any) -> str:
    page = await (await client.get("/console/")).text()
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found
    return found.group(1)


async def test_bad_periods_get_a_clear_message_and_no_charts(demo_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com")
    await add_agent(demo_client.app, "kim@example.com", locale="en")
    await sign_in(demo_client, "anna@example.com")
    cases = {
        "from=2026-02-31&to=2026-03-05": "„2026-02-31“ ist kein gültiges Datum für „von“",
        "from=2026-03-05&to=2026-03-01": "Das Startdatum (2026-03-05) liegt nach dem Enddatum (2026-03-01).",
        "from=2020-01-01&to=2026-01-01": "Der Zeitraum darf höchstens 731 Tage lang sein",
        "days=<b>x</b>": "„&lt;b&gt;x&lt;/b&gt;“ ist keine gültige Anzahl Tage (1 bis 731).",
    }  # fmt: skip
    for query, message in cases.items():
        resp = await demo_client.get(f"/console/dashboard?{query}")
        assert resp.status == 400, query
        page = await resp.text()
        assert message in page and 'role="alert"' in page, query
        assert "<svg" not in page and "<b>x</b>" not in page
    # what was typed stays in the form
    page = await (await demo_client.get("/console/dashboard?from=2026-03-05&to=2026-03-01")).text()
    assert 'value="2026-03-05"' in page and 'value="2026-03-01"' in page
    await demo_client.post("/console/logout", data={"_csrf": await _csrf(demo_client)})
    await sign_in(demo_client, "kim@example.com")
    page = await (await demo_client.get("/console/dashboard?from=2026-02-31")).text()
    assert "“2026-02-31” is not a valid date for “from”. Please use the format YYYY-MM-DD" in page


async def test_an_empty_period_says_so_instead_of_drawing(demo_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com")
    await sign_in(demo_client, "anna@example.com")
    resp = await demo_client.get("/console/dashboard?from=2025-01-01&to=2025-01-31")
    assert resp.status == 200
    page = await resp.text()
    assert "Für diesen Zeitraum gibt es keine Daten" in page and "<svg" not in page
    assert "(31 Tage, UTC)" in page
    assert resp.headers["Content-Security-Policy"].startswith("default-src 'none'")
    future = await demo_client.get("/console/dashboard?from=2030-01-01&to=2030-01-07")
    assert future.status == 200 and "Für diesen Zeitraum gibt es keine Daten" in await future.text()


def test_every_text_the_dashboard_view_uses_exists() -> None:
    source = (Path(__file__).parent.parent / "web/console/dashboard_view.py").read_text()
    used = set(re.findall(r'"((?:k|c|d|st)_[a-z_]+)"', source))
    assert len(used) > 40 and sorted(used - set(TEXT)) == []


async def test_days_are_utc_days_on_both_databases(aiohttp_client: Any, database_url: str) -> None:
    """Just before and just after midnight UTC land on their own days, even when the
    database session runs in a time zone fourteen hours ahead."""
    client = await _client(aiohttp_client, database_url, FakeClock(NOW))
    late, early = (
        datetime(2026, 11, 20, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 11, 21, 0, 0, 0, tzinfo=UTC),
    )
    async with client.app[sessions_key]() as db:
        db.add(Customer(id="cust-1", shop_id="demo", created_at=late, last_seen_at=early))
        await db.flush()
        for i, when in enumerate((late, early, early)):
            db.add(
                Conversation(
                    id=f"conv-{i}", shop_id="demo", customer_id="cust-1",
                    created_at=when, updated_at=when, last_message_at=when,
                )
            )  # fmt: skip
        await db.flush()
        await ingest(
            db,
            [
                Event(shop_id="demo", customer_id="cust-1", conversation_id="conv-0",
                      type="faq_answered", properties={}, created_at=late),
                Event(shop_id="demo", customer_id="cust-1", conversation_id="conv-1",
                      type="faq_unanswered", properties={}, created_at=early),
            ],
        )  # fmt: skip
        await db.commit()
    async with client.app[sessions_key]() as db:
        if db.get_bind().dialect.name == "postgresql":
            await (await db.connection()).execute(text("SET TIME ZONE 'Pacific/Kiritimati'"))
        start, end = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC)
        days = await daily(db, "demo", start, end)
    assert [d.isoformat() for d in days.days] == ["2026-11-20", "2026-11-21"]
    assert days.conversations == (1, 2)
    assert days.self_served == (1, 0)
    assert days.faq == {
        "faq_answered": (1, 0),
        "faq_suggested": (0, 0),
        "faq_unanswered": (0, 1),
    }

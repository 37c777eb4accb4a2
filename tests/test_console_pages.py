"""What the console's pages show: inbox filters and unread counts, the transcript with FAQ
scores and events, the customer card, canned replies (admins edit, agents use)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlmodel import select

from assistant.clock import utc_now
from assistant.lifecycle.score import Engagement, score_at
from assistant.lifecycle.settings import DEFAULT_SETTINGS
from assistant.storage.models import CannedReply, Customer
from tests.consoles import act, add_agent, frames_until, say, sign_in, widget
from web.keys import sessions_key


async def _rows(client: Any, query: str = "") -> list[str]:
    html = await (await client.get("/console/" + query)).text()
    return re.findall(r'<tr id="row-([0-9a-f]+)"', html)


async def test_inbox_filters_and_unread_counts(demo_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    token = await sign_in(demo_client, "anna@example.com")
    de, _ = await widget(demo_client, "de-visitor")
    waiting = (await say(de, "1", "Mitarbeiter bitte"))["conversation"]
    en, _ = await widget(demo_client, "en-visitor", locale="en")
    bot = (await say(en, "1", "How long does shipping take?"))["conversation"]
    assert set(await _rows(demo_client)) == {waiting, bot}
    assert await _rows(demo_client, "?status=waiting") == [waiting]
    assert await _rows(demo_client, "?status=bot&lang=en") == [bot]
    assert await _rows(demo_client, "?status=bot&lang=de") == []
    html = await (await demo_client.get("/console/")).text()
    assert 'data-count-for="waiting">1<' in html and 'data-waiting="1"' in html
    assert re.search(rf'row-{waiting}.*?class="badge">1<', html, re.S)  # one unread line
    # Opening the conversation reads it; taking it over puts it under "mine".
    await demo_client.get(f"/console/conversations/{waiting}")
    html = await (await demo_client.get("/console/?status=waiting")).text()
    assert 'class="badge"' not in html
    await act(demo_client, token, f"/console/conversations/{waiting}/takeover")
    assert await _rows(demo_client, "?status=mine") == [waiting]
    assert await _rows(demo_client, "?status=nonsense") != []  # unknown filter: the open ones


async def test_transcript_shows_faq_scores_events_and_the_customer(demo_client: Any) -> None:
    await add_agent(demo_client.app, "anna@example.com", name="Anna", locale="en")
    await sign_in(demo_client, "anna@example.com")
    ws, _ = await widget(demo_client, "card-visitor", page="/demo/kaffee?ref=mail")
    ack = await say(ws, "1", "Wie lange dauert der Versand?")
    await frames_until(ws, "reply")
    await say(ws, "2", "Welche Zahlungsarten gibt es?")
    conversation = ack["conversation"]
    async with demo_client.app[sessions_key]() as db:
        customer = (await db.exec(select(Customer))).one()
        customer.name, customer.email, customer.stage = "Kim Berger", "kim@example.com", "retention"
        # Two half-lives ago (demo: 14 days) the sum was 40: the card shows today's score.
        month = utc_now() - timedelta(days=28)
        customer.engagement_sum, customer.engagement_at = 40.0, month
        db.add(customer)
        await db.commit()
    html = await (await demo_client.get(f"/console/conversations/{conversation}")).text()
    assert re.search(r"FAQ answer · shipping-time · Score \d\.\d\d</summary>", html)
    assert re.search(r"<td>shipping-time</td><td>de</td><td>\d\.\d\d</td>", html)
    assert "<code>faq_answered</code>" in html  # events in the transcript
    assert "Kim Berger" in html and "kim@example.com" in html
    assert "Retention" in html  # the stage, in the agent's language
    assert "<code>/demo/kaffee?ref=mail</code>" in html  # the page the question came from
    assert "Customer profile" in html and "Private notes" in html
    today = score_at(Engagement(40.0, month), 0, utc_now(), DEFAULT_SETTINGS)  # 40 halved twice
    assert f"<dd>{today:.0f} / 100</dd>" in html
    fresh = score_at(Engagement(40.0, utc_now()), 0, utc_now(), DEFAULT_SETTINGS)
    assert f"{fresh:.0f} / 100" not in html


async def test_canned_replies_admins_edit_agents_use(demo_client: Any, aiohttp_client: Any) -> None:
    await add_agent(demo_client.app, "root@example.com", name="Root", admin=True)
    admin = await sign_in(demo_client, "root@example.com")
    page = await (await demo_client.get("/console/canned")).text()
    assert "Begrüßung" in page and 'action="/console/canned/' in page  # the demo's, editable
    created = await act(
        demo_client, admin, "/console/canned", shop="demo", lang="de", title="Retoure",
        text="Das Retourenlabel kommt per E-Mail.",
    )  # fmt: skip
    assert created.status == 200
    async with demo_client.app[sessions_key]() as db:
        row = (await db.exec(select(CannedReply).where(CannedReply.title == "Retoure"))).one()
    edited = await act(
        demo_client, admin, f"/console/canned/{row.id}", shop="demo", lang="en",
        title="Return", text="The return label comes by e-mail.",
    )  # fmt: skip
    assert edited.status == 200
    bad = await act(
        demo_client, admin, "/console/canned", shop="demo", lang="de", title="", text=""
    )
    assert bad.status == 400
    foreign = await act(
        demo_client, admin, "/console/canned", shop="elsewhere", lang="de", title="x", text="y"
    )
    assert foreign.status == 403

    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    agent_client = await aiohttp_client(demo_client.server)
    agent = await sign_in(agent_client, "anna@example.com")
    listed = await (await agent_client.get("/console/canned")).text()
    assert "The return label comes by e-mail." in listed and 'action="/console/canned' not in listed
    refused = await act(agent_client, agent, f"/console/canned/{row.id}/delete")
    assert refused.status == 403 and (await refused.json())["code"] == "admins_only"
    ws, _ = await widget(demo_client, "canned-visitor")
    conversation = (await say(ws, "1", "Mitarbeiter bitte"))["conversation"]
    page = await (await agent_client.get(f"/console/conversations/{conversation}")).text()
    assert 'data-insert="The return label comes by e-mail."' in page

    deleted = await act(demo_client, admin, f"/console/canned/{row.id}/delete")
    assert deleted.status == 200
    assert "The return label" not in await (await demo_client.get("/console/canned")).text()


async def test_forms_work_without_javascript(demo_client: Any) -> None:
    """Plain form posts redirect back to the page (console.js is an enhancement)."""
    await add_agent(demo_client.app, "anna@example.com", name="Anna")
    token = await sign_in(demo_client, "anna@example.com")
    ws, _ = await widget(demo_client, "nojs")
    conversation = (await say(ws, "1", "Mitarbeiter bitte"))["conversation"]
    base = f"/console/conversations/{conversation}"
    taken = await demo_client.post(f"{base}/takeover", data={"_csrf": token}, allow_redirects=False)
    assert taken.status == 303 and taken.headers["Location"] == base
    sent = await demo_client.post(
        f"{base}/messages", data={"_csrf": token, "text": "Hallo!"}, allow_redirects=False
    )
    assert sent.status == 303
    page = await (await demo_client.get(base)).text()
    assert "Hallo!" in page and 'id="composer"' in page
    lost = await demo_client.post(f"{base}/takeover", data={"_csrf": "wrong"})
    assert lost.status == 403 and "Sicherheitsgründen" in await lost.text()

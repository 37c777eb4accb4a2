"""The review request by e-mail, with a real SMTP server (aiosmtpd): only to a customer who
agreed to marketing e-mail, with five signed star links; the link opens a page (a mail
scanner following it rates nothing), its form stores the review once, and a detractor's
review lands in the agents' queue."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Conversation, Event, Message, Review
from tests.clock import FakeClock
from tests.consoles import add_agent, sign_in
from tests.lifecycle_helpers import post_webhook, webhook_secret
from tests.mail import Inbox, text_of
from web.app import create_app
from web.keys import actions_key, mailer_key, sessions_key
from web.lifecycle_services import sweep_once


async def _app(aiohttp_client: Any, sqlite_url: str, port: int, clock: FakeClock) -> Any:
    config = Config(
        database_url=sqlite_url,
        lifecycle_sweep_s=0,
        smtp_host="127.0.0.1",
        smtp_port=port,
        password_cost_log2=10,
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def _customer(client: Any, clock: FakeClock, who: dict[str, Any], consent: bool) -> None:
    secret = await webhook_secret(client)
    created = {
        "id": f"c-{who['id']}",
        "type": "customer_created",
        "data": {"customer": who, "email_consent": consent},
    }
    assert (await post_webhook(client, secret, created, now=clock.now)).status == 200
    delivered = {
        "id": f"d-{who['id']}",
        "type": "order_delivered",
        "data": {"order_id": f"O-{who['id']}", "customer": who},
    }
    assert (await post_webhook(client, secret, delivered, now=clock.now)).status == 200


def _links(mail: Any) -> dict[int, str]:
    """The star links of the e-mail's text part, as paths on the assistant."""
    found = re.findall(r"(\d) von 5 Sternen: (\S+)", text_of(mail))
    return {int(n): urlsplit(url).path + "?" + urlsplit(url).query for n, url in found}


async def test_a_detractor_rates_by_email_and_an_agent_gets_the_conversation(
    aiohttp_client: Any, sqlite_url: str, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    clock = FakeClock()
    client = await _app(aiohttp_client, sqlite_url, port, clock)
    await _customer(client, clock, {"id": "kim", "email": "kim@example.de"}, consent=True)
    await _customer(client, clock, {"id": "ola", "email": "ola@example.de"}, consent=False)
    clock.advance(days=2, minutes=1)
    mailer = client.app[mailer_key]
    assert mailer is not None
    await sweep_once(client.app[actions_key], mailer)

    [mail] = inbox.messages  # Ola gave no consent: no e-mail for her
    assert mail["To"] == "kim@example.de"
    assert mail["Subject"].startswith("Wie gefällt Ihnen Ihre Bestellung")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "O-kim" in text_of(mail) and "★★★★★" in text_of(mail, "html")
    links = _links(mail)
    assert sorted(links) == [1, 2, 3, 4, 5]

    page = await client.get(links[2])  # what a scanner following the link would do too
    assert page.status == 200
    html = await page.text()
    assert 'value="2" required checked' in html and "O-kim" in html
    async with client.app[sessions_key]() as db:
        assert (await db.exec(select(Review))).all() == []

    forged = await client.post(links[2].replace("t=", "t=x"), data={"stars": "5"})
    assert forged.status == 400
    no_stars = await client.post(links[2], data={"text": "kaputt"})
    assert no_stars.status == 400 and "1 bis 5 Sterne" in await no_stars.text()

    sent = await client.post(
        links[2], data={"stars": "2", "text": "Kam zu spät <script>alert(1)</script>"}
    )
    assert sent.status == 200
    assert "tut uns leid" in await sent.text()
    again = await client.post(links[5], data={"stars": "5"})
    assert "schon bewertet" in await again.text()

    async with client.app[sessions_key]() as db:
        [review] = (await db.exec(select(Review))).all()
        conversation = await db.get(Conversation, review.conversation_id)
        [line] = (await db.exec(select(Message))).all()
        [event] = (await db.exec(select(Event).where(Event.type == "review"))).all()
    assert (review.rating, review.channel, review.order_id) == (2, "email", "O-kim")
    assert review.text == "Kam zu spät <script>alert(1)</script>"
    assert conversation is not None and conversation.status == "waiting"
    assert line.conversation_id == conversation.id and "2 von 5" in line.text
    assert event.properties["rating"] == 2 and event.properties["order_id"] == "O-kim"
    assert review.shop_status == "unknown_order"  # the demo shop has no order O-kim

    # The agents' queue shows the review, its text escaped.
    await add_agent(client.app, "anna@example.com")
    await sign_in(client, "anna@example.com")
    for path in ("/console/?status=waiting", f"/console/conversations/{conversation.id}"):
        html = await (await client.get(path)).text()
        assert "★★☆☆☆ (2 von 5) für Bestellung O-kim" in html, path
        assert "Kam zu spät &lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        assert "<script>alert(1)" not in html, path
    card = await (await client.get(f"/console/customers/{review.customer_id}")).text()
    assert 'aria-label="2 von 5 Sternen">★★☆☆☆</span> · Bestellung O-kim' in card
    assert "<q>Kam zu spät &lt;script&gt;alert(1)&lt;/script&gt;</q>" in card
    assert "<script>alert(1)" not in card

    # The request is not mailed again, and another sweep sends nothing.
    clock.advance(days=1)
    await sweep_once(client.app[actions_key], mailer)
    assert len(inbox.messages) == 1

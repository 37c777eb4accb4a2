"""The console's outgoing webhooks page: an admin adds a subscription (the secret shown once),
sends a test event that a real receiver gets signed, pauses and removes it, and reads the
delivery log, escaped; agents and admins of other shops are refused."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.security.signing import verify_webhook
from assistant.storage.models import WebhookSubscription
from tests.clock import FakeClock
from tests.consoles import add_agent, other_shop_conversation, sign_in
from tests.hook_receiver import start_receiver
from web.app import create_app
from web.keys import hook_sender_key, sessions_key


async def _client(aiohttp_client: Any, sqlite_url: str, clock: FakeClock) -> Any:
    config = Config(
        database_url=sqlite_url, lifecycle_sweep_s=0, hooks_poll_s=0, password_cost_log2=10
    ).validated()
    client = await aiohttp_client(create_app(config, clock=clock))
    await load_demo(client.app[sessions_key])
    return client


async def test_an_admin_manages_subscriptions_and_reads_the_log(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server, 500)
    client = await _client(aiohttp_client, sqlite_url, clock)
    await add_agent(client.app, "admin@example.com", admin=True, locale="en")
    token = await sign_in(client, "admin@example.com")

    inbox = await (await client.get("/console/")).text()
    assert 'href="/console/hooks"' in inbox
    empty = await client.get("/console/hooks?shop=demo")
    assert empty.status == 200
    assert "No subscriptions yet." in await empty.text()

    refused = await client.post(
        "/console/hooks/demo/add",
        data={"_csrf": token, "url": "http://crm.example/<b>x</b>", "topics": "lead"},
    )
    assert refused.status == 400
    text = await refused.text()
    assert "only https:// URLs" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text  # kept, escaped

    url = receiver.url + "?tag=<i>crm</i>"
    added = await client.post(
        "/console/hooks/demo/add",
        data=[("_csrf", token), ("url", url), ("topics", "lead"), ("topics", "review")],
    )
    assert added.status == 200
    page = await added.text()
    secret = re.search(r'id="secret-value"[^>]*>([^<]+)</textarea>', page)
    assert secret is not None and secret.group(1).startswith("whsec_")
    assert "?tag=&lt;i&gt;crm&lt;/i&gt;" in page
    async with client.app[sessions_key]() as db:
        (row,) = (await db.exec(select(WebhookSubscription))).all()
    assert secret.group(1) not in str(row.secret)  # stored sealed, not in the clear
    listed = await (await client.get("/console/hooks?shop=demo")).text()
    assert secret.group(1) not in listed  # shown once only
    assert f'id="sub-{row.id}"' in listed and "Lead" in listed and "Review" in listed

    base = f"/console/hooks/demo/{row.id}"
    tested = await client.post(f"{base}/test", data={"_csrf": token}, allow_redirects=False)
    assert tested.status == 303
    await client.app[hook_sender_key].run_once()  # the receiver answers 500 first
    log = await (await client.get("/console/hooks?shop=demo")).text()
    assert 'data-status="pending"' in log and "HTTP 500" in log
    clock.advance(minutes=1)
    await client.app[hook_sender_key].run_once()
    log = await (await client.get("/console/hooks?shop=demo")).text()
    assert 'data-status="delivered"' in log and "<td>200</td>" in log
    hit = receiver.received[-1]
    assert hit.json["type"] == "test"
    assert (
        verify_webhook(
            secret.group(1),
            hit.headers["X-ShopAssistant-Timestamp"],
            hit.headers["X-ShopAssistant-Signature"],
            hit.body,
            clock.now.timestamp(),
        )
        is None
    )

    paused = await client.post(f"{base}/disable", data={"_csrf": token})
    assert "Subscription disabled" in await paused.text()
    assert "Enable" in await paused.text()
    removed = await client.post(f"{base}/remove", data={"_csrf": token, "confirm": "1"})
    assert "Subscription removed." in await removed.text()
    assert "No subscriptions yet." in await removed.text()
    async with client.app[sessions_key]() as db:
        assert (await db.exec(select(WebhookSubscription))).all() == []


async def test_agents_and_admins_of_other_shops_are_refused(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    client = await _client(aiohttp_client, sqlite_url, FakeClock())
    await add_agent(client.app, "agent@example.com")
    token = await sign_in(client, "agent@example.com")
    inbox = await (await client.get("/console/")).text()
    assert "/console/hooks" not in inbox
    assert (await client.get("/console/hooks?shop=demo")).status == 403
    form = {"_csrf": token, "url": "https://crm.example/hook", "topics": "lead"}
    assert (await client.post("/console/hooks/demo/add", data=form)).status == 403

    await other_shop_conversation(client.app, "other")
    await add_agent(client.app, "admin@example.com", admin=True)
    token = await sign_in(client, "admin@example.com")
    assert (await client.get("/console/hooks?shop=other")).status == 403
    form["_csrf"] = token
    assert (await client.post("/console/hooks/other/add", data=form)).status == 403
    german = await client.post(
        "/console/hooks/demo/add", data={**form, "url": "http://crm.example/hook"}
    )
    assert german.status == 400
    assert "nur https://-Adressen (http:// nur an 127.0.0.1 oder localhost)" in await german.text()
    none = await client.post("/console/hooks/demo/add", data={**form, "topics": ""})
    assert "bitte mindestens ein Thema wählen" in await none.text()
    no_csrf = await client.post("/console/hooks/demo/add", data={**form, "_csrf": "x"})
    assert no_csrf.status in (400, 403)
    async with client.app[sessions_key]() as db:
        assert (await db.exec(select(WebhookSubscription))).all() == []

"""Done-when 3: a referral from link to first order credits both customers and shows on
both customer cards and in the metrics; loyalty points show in the chat for an identified
shopper, and an anonymous one is told to sign in. All through the real WebSocket, webhook,
metrics and console endpoints, on a fake clock."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.lifecycle.loyalty import (
    LoyaltySettings,
    loyalty_settings,
    order_points,
    referral_settings,
    standing,
)
from assistant.lifecycle.referrals import code_in
from assistant.lifecycle.settings import BadSettings
from assistant.metrics.access import rotate_token
from assistant.storage.models import Customer, CustomerLifecycle, MarketingSpend, Shop
from tests.chat import Shopper
from tests.clock import FakeClock
from tests.consoles import add_agent, sign_in
from tests.lifecycle_helpers import (
    identify_frame,
    order_event,
    post_webhook,
    shop_secret,
    webhook_secret,
)
from web.app import create_app
from web.keys import sessions_key


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def client(aiohttp_client: Any, database_url: str, clock: FakeClock) -> Any:
    config = Config(
        database_url=database_url, lifecycle_sweep_s=0, password_cost_log2=10
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


class Browser:
    """One shopper's browser: a widget socket with its own visitor id."""

    def __init__(self, client: Any, visitor: str, locale: str = "de") -> None:
        self.client, self.visitor, self.locale = client, visitor, locale
        self.ws: Any = None

    async def open(self, url: str) -> None:
        if self.ws is not None:
            await self.ws.close()
        self.ws = await self.client.ws_connect("/ws?shop=demo")
        await self.ws.send_json(
            {"type": "hello", "v": 1, "shop": "demo", "visitor": self.visitor,
             "locale": self.locale}
        )  # fmt: skip
        assert (await self.ws.receive_json(timeout=20))["type"] == "welcome"
        await self.ws.send_json({"type": "page_view", "url": url})
        await self.barrier()

    async def barrier(self) -> None:
        """Frames are handled in order: the answer to an empty cart means all before it are
        done."""
        await self.ws.send_json({"type": "cart", "items": []})
        while (await self.ws.receive_json(timeout=20))["type"] != "cart":
            pass

    async def identify(self, secret: str, external_id: str) -> None:
        await self.ws.send_json(identify_frame(secret, external_id))
        while (frame := await self.ws.receive_json(timeout=20))["type"] != "identified":
            assert frame["type"] != "error", frame

    async def ask(self, text: str, client_id: str) -> str:
        await self.ws.send_json({"type": "message", "client_id": client_id, "text": text})
        assert (await self.ws.receive_json(timeout=20))["type"] == "ack"
        frame = await self.ws.receive_json(timeout=20)
        assert frame["type"] == "reply", frame
        return str(frame["text"])


async def _life(client: Any, external_id: str) -> tuple[Customer, CustomerLifecycle]:
    async with client.app[sessions_key]() as db:
        customer = (
            await db.exec(select(Customer).where(Customer.external_id == external_id))
        ).one()
        life = await db.get(CustomerLifecycle, customer.id)
    assert life is not None
    return customer, life


async def test_a_referral_from_link_to_first_order_credits_both_and_shows_everywhere(
    client: Any, clock: FakeClock
) -> None:
    secret, hook_secret = await shop_secret(client), await webhook_secret(client)
    async with client.app[sessions_key]() as db:
        token = await rotate_token(db, "demo", clock.now)
        shop = await db.get(Shop, "demo")
        assert shop is not None
        # The shop's own credits and tiers (settings), instead of the defaults.
        shop.settings = {
            **shop.settings,
            "referral": {"referrer_credit": "10", "referred_credit": "7.5",
                         "landing_url": "https://shop.example/"},
            "loyalty": {"points_per_unit": 2, "referral_points": 50, "tiers": [
                {"min_points": 0, "name": {"de": "Neuling", "en": "Newcomer"}},
                {"min_points": 100, "name": {"de": "Stammkunde", "en": "Regular"}},
                {"min_points": 500, "name": {"de": "VIP", "en": "VIP"}}]},
        }  # fmt: skip
        db.add(shop)
        db.add(MarketingSpend(shop_id="demo", day=clock.now.replace(hour=0), amount=Decimal(100)))
        await db.commit()

    # Anna buys (a signed identify, then the shop's order webhook), then invites friends.
    anna = Browser(client, "anna-browser")
    await anna.open("https://shop.example/")
    await anna.identify(secret, "anna-1")
    hook = order_event("o-a1", "A-1", "30.00", customer={"id": "anna-1"})
    assert (await post_webhook(client, hook_secret, hook, now=clock.now)).status == 200
    invite = await anna.ask("Freunde einladen", "a1")
    link = re.search(r"https://shop\.example/\?sa_ref=(F-[A-Z0-9]{8})", invite)
    assert link is not None, invite
    code = link.group(1)
    assert "7,50 €" in invite and "10,00 €" in invite
    assert await anna.ask("Freunde einladen", "a2") == invite  # one personal code

    # Ben opens Anna's link: attributed, but not identified (the code proves nothing).
    clock.advance(hours=2)
    ben = Browser(client, "ben-browser", locale="en")
    await ben.open(f"https://shop.example/?sa_ref={code}")
    async with client.app[sessions_key]() as db:
        lives = (
            await db.exec(select(CustomerLifecycle).where(CustomerLifecycle.referred_by != None))  # noqa: E711
        ).all()
        assert len(lives) == 1
        ben_anon = await db.get(Customer, lives[0].customer_id)
        assert ben_anon is not None and ben_anon.external_id is None and ben_anon.email is None
    assert "sign in" in await ben.ask("How many points do I have?", "b1")

    # Ben signs in and places his first order: both are credited.
    await ben.identify(secret, "ben-7")
    clock.advance(hours=1)
    hook = order_event("o-b1", "B-1", "40.00", customer={"id": "ben-7"})
    assert (await post_webhook(client, hook_secret, hook, now=clock.now)).status == 200
    anna_c, anna_life = await _life(client, "anna-1")
    assert anna_life.referred_by is None  # the referrer is nobody's referral
    ben_c, ben_life = await _life(client, "ben-7")
    assert ben_life.referred_by == anna_c.id and ben_life.referral_order_id == "B-1"
    assert (ben_life.referrer_credit, ben_life.referred_credit) == (10, 7.5)
    # A second order converts nothing twice.
    hook = order_event("o-b2", "B-2", "5.00", customer={"id": "ben-7"})
    assert (await post_webhook(client, hook_secret, hook, now=clock.now)).status == 200

    # Points in the chat: 2 per euro plus 50 for the referral, on either side.
    assert await anna.ask("Wie viele Punkte habe ich?", "a3") == (
        "Sie haben 110 Punkte und sind in der Stufe Stammkunde. Noch 390 Punkte bis VIP."
    )
    assert await ben.ask("How many points do I have?", "b2") == (
        "You have 140 points and are in the Regular tier. 360 more points to VIP."
    )

    # The metrics: one referral conversion, its credits, and the CAC it saved.
    auth = {"Authorization": f"Bearer {token}"}
    response = await client.get("/api/v1/metrics?from=2026-03-01&to=2026-03-31", headers=auth)
    metrics = await response.json()
    assert metrics["referral_conversions"] == 1
    assert metrics["referral_credits"] == "17.50"
    # CAC 100 € spend / 2 new customers = 50 €; the referral cost 17.50 € in credits.
    assert (metrics["cac"], metrics["referral_cac_saved"]) == ("50.00", "32.50")

    # Both customer cards in the console.
    await add_agent(client.app, "agent@example.com", locale="en")
    await sign_in(client, "agent@example.com")
    anna_card = await (await client.get(f"/console/customers/{anna_c.id}")).text()
    assert code in anna_card and "first order placed" in anna_card
    assert f'href="/console/customers/{ben_c.id}"' in anna_card
    assert re.search(r'id="tier">Regular<', anna_card)
    assert re.search(r'id="referral-credits">€10\.00<', anna_card)
    ben_card = await (await client.get(f"/console/customers/{ben_c.id}")).text()
    assert re.search(r'id="referred-by"><a href="/console/customers/' + anna_c.id, ben_card)
    assert re.search(r'id="points">140<', ben_card)
    clock.advance(minutes=5)
    dashboard = await (await client.get("/console/dashboard?days=30")).text()
    assert "Referrals (first orders)" in dashboard
    assert "Credits €17.50; acquisition cost (CAC) saved €32.50" in dashboard


async def test_a_code_never_identifies_and_only_attributes_new_shoppers(
    client: Any, clock: FakeClock
) -> None:
    secret, hook_secret = await shop_secret(client), await webhook_secret(client)
    anna = Browser(client, "anna-browser")
    await anna.open("https://shop.example/")
    # Anonymous and without an order: no link yet, and no points.
    assert "sobald Sie im Shop angemeldet sind" in await anna.ask("Freunde einladen", "a0")
    assert await anna.ask("Wie viele Punkte habe ich?", "a00") == (
        "Ihre Punkte kann ich Ihnen zeigen, sobald Sie im Shop angemeldet sind. Bitte melden "
        "Sie sich in Ihrem Kundenkonto an und fragen Sie dann noch einmal."
    )
    await anna.identify(secret, "anna-1")
    invite = await anna.ask("Ich möchte Freunde einladen", "a1")
    code = re.search(r"sa_ref=(F-[A-Z0-9]{8})", invite)
    assert code is not None, invite  # the demo shop's own page (/demo?sa_ref=...)
    # Her own link does nothing for her.
    await anna.open(f"/demo?sa_ref={code.group(1)}")
    # A buyer who opens the link is no new customer; a made-up code is ignored.
    carl = Browser(client, "carl-browser")
    await carl.open("https://shop.example/")
    await carl.identify(secret, "carl-2")
    hook = order_event("o-c1", "C-1", "20.00", customer={"id": "carl-2"})
    assert (await post_webhook(client, hook_secret, hook, now=clock.now)).status == 200
    await carl.open(f"https://shop.example/?sa_ref={code.group(1)}")
    dora = Browser(client, "dora-browser")
    await dora.open("https://shop.example/?sa_ref=F-ZZZZZZZZ&x=<script>")
    async with client.app[sessions_key]() as db:
        referred = (
            await db.exec(select(CustomerLifecycle).where(CustomerLifecycle.referred_by != None))  # noqa: E711
        ).all()
        customers = (await db.exec(select(Customer))).all()
    assert referred == []
    # Nobody was identified or merged by a code: one customer per browser.
    assert sorted(c.external_id or "anonymous" for c in customers) == [
        "anna-1", "anonymous", "carl-2",
    ]  # fmt: skip


def test_tiers_points_and_codes_follow_the_shops_settings() -> None:
    settings = loyalty_settings({"loyalty": {"points_per_unit": 1.5, "tiers": [
        {"min_points": 500, "name": {"de": "Gold", "en": "Gold"}},
        {"min_points": 0, "name": {"de": "Start", "en": "Start"}}]}})  # fmt: skip
    assert order_points(Decimal("19.99"), settings) == 29  # rounded down
    low, top = standing(120, settings), standing(500, settings)
    assert (low.tier.en, low.next_tier and low.next_tier.en, low.missing) == ("Start", "Gold", 380)
    assert (top.tier.de, top.next_tier, top.missing) == ("Gold", None, 0)
    assert standing(0, LoyaltySettings()).tier.de == "Bronze"  # the defaults
    for bad in (
        {"loyalty": {"tiers": [{"min_points": 10, "name": {"de": "A", "en": "A"}}]}},
        {"loyalty": {"points_per_unit": "viel"}},
        {"loyalty": []},
    ):
        with pytest.raises(BadSettings):
            loyalty_settings(bad)
    referral = referral_settings({"referral": {"referrer_credit": 3, "currency": "chf"}})
    assert (referral.referrer_credit, referral.referred_credit, referral.currency) == (
        Decimal("3.00"), Decimal("5.00"), "CHF",
    )  # fmt: skip
    for bad in ({"referrer_credit": -1}, {"landing_url": "javascript:alert(1)"}):
        with pytest.raises(BadSettings):
            referral_settings({"referral": bad})
    # Only the shape of a code is read from an address; anything else is never looked up.
    assert code_in("https://shop.example/?sa_ref=f-abcdefgh&x=1") == "F-ABCDEFGH"
    for url in (
        "/?sa_ref=F-ABC",
        "/?sa_ref=F-ABCDEFG0",
        "/?sa_ref=' OR 1=1 --",
        "/?ref=F-ABCDEFGH",
    ):
        assert code_in(url) is None


async def test_a_friend_who_orders_as_a_guest_in_the_chat_checkout_converts_the_referral(
    client: Any, clock: FakeClock
) -> None:
    """The friend never signs in: the chat checkout's order on their anonymous customer is
    the first order that credits both (the shop's default 5 € each)."""
    secret, hook_secret = await shop_secret(client), await webhook_secret(client)
    anna = Browser(client, "anna-browser")
    await anna.open("https://shop.example/")
    await anna.identify(secret, "anna-1")
    hook = order_event("o-a1", "A-1", "12.00", customer={"id": "anna-1"})
    assert (await post_webhook(client, hook_secret, hook, now=clock.now)).status == 200
    found = re.search(r"sa_ref=(F-[A-Z0-9]{8})", await anna.ask("Freunde einladen", "a1"))
    assert found is not None

    gina = await Shopper(client, "gina-browser").connect()
    await gina.ws.send_json({"type": "page_view", "url": f"/demo?sa_ref={found.group(1)}"})
    await gina.set_cart(("BEAN-001", 1))  # answered after the page view: it is stored
    await gina.say("Zur Kasse")
    await gina.press("Weiter")
    if gina.last["input"]["step"] == "offer":
        await gina.press("Nein")
    await gina.say("gina@beispiel.de")
    await gina.say("Gina Muster\nHeidestraße 17\n51147 Köln\nDeutschland")
    await gina.press("Standard (DHL)")
    await gina.press("Rechnung")
    reply = await gina.press("Zahlungspflichtig bestellen")
    assert "Bestellnummer: BB-" in reply["text"]
    await gina.close()

    anna_c, _ = await _life(client, "anna-1")
    async with client.app[sessions_key]() as db:
        gina_life = (
            await db.exec(
                select(CustomerLifecycle).where(CustomerLifecycle.referred_by == anna_c.id)
            )
        ).one()
    assert gina_life.referral_order_id and gina_life.referral_order_id.startswith("BB-")
    assert (gina_life.referrer_credit, gina_life.referred_credit) == (5, 5)
    # 12 points for her order and 100 for the referral (the default programme).
    assert await anna.ask("Wie viele Punkte habe ich?", "a2") == (
        "Sie haben 112 Punkte und sind in der Stufe Bronze. Noch 138 Punkte bis Silber."
    )


async def test_the_attribution_moves_when_the_friend_signs_in_as_a_known_customer(
    client: Any, clock: FakeClock
) -> None:
    """Ben was known to the shop (an account, no order) before he opened Anna's link on a
    new browser: signing in merges the anonymous history, and the referral goes with it."""
    secret, hook_secret = await shop_secret(client), await webhook_secret(client)
    anna = Browser(client, "anna-browser")
    await anna.open("https://shop.example/")
    await anna.identify(secret, "anna-1")
    hook = order_event("o-a1", "A-1", "12.00", customer={"id": "anna-1"})
    assert (await post_webhook(client, hook_secret, hook, now=clock.now)).status == 200
    found = re.search(r"sa_ref=(F-[A-Z0-9]{8})", await anna.ask("Freunde einladen", "a1"))
    assert found is not None
    account = {"id": "ev-ben", "type": "customer_created", "data": {"customer": {"id": "ben-9"}}}
    assert (await post_webhook(client, hook_secret, account, now=clock.now)).status == 200

    ben = Browser(client, "ben-new-browser")
    await ben.open(f"https://shop.example/?sa_ref={found.group(1)}")
    await ben.identify(secret, "ben-9")
    hook = order_event("o-b1", "B-1", "20.00", customer={"id": "ben-9"})
    assert (await post_webhook(client, hook_secret, hook, now=clock.now)).status == 200
    anna_c, _ = await _life(client, "anna-1")
    _, ben_life = await _life(client, "ben-9")
    assert ben_life.referred_by == anna_c.id and ben_life.referral_order_id == "B-1"
    async with client.app[sessions_key]() as db:
        assert len((await db.exec(select(Customer))).all()) == 2  # merged, nobody left over

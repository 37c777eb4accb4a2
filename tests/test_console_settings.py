"""The console's settings page: admins change each setting of their shop and the running app
uses it at once; agents get 403; bad input keeps the old values and says why; rotated
secrets are accepted at once and the old ones only during the grace period. Each test runs
on SQLite and on PostgreSQL."""

from __future__ import annotations

import html
import json
import logging
import re
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.lifecycle.profile import lifecycle_profile
from assistant.security.signing import identity_hash
from assistant.storage.models import Shop
from tests.clock import CONSOLE_MORNING, FakeClock
from tests.consoles import (
    Stream,
    add_agent,
    csrf_in,
    frames_until,
    other_shop_conversation,
    say,
    sign_in,
    widget,
)
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from web.app import create_app
from web.keys import sessions_key

ADMIN = "ada@example.com"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(CONSOLE_MORNING)  # Monday 23 November 2026, 09:00 UTC (10:00 in Berlin)


@pytest.fixture
async def client(aiohttp_client: Any, database_url: str, clock: FakeClock) -> Any:
    app = create_app(
        Config(database_url=database_url, password_cost_log2=10).validated(), clock=clock
    )
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


@pytest.fixture
async def admin(client: Any) -> str:
    """Signed in as an admin of the demo shop; the CSRF token."""
    await add_agent(client.app, ADMIN, admin=True, name="Ada")
    return await sign_in(client, ADMIN)


async def shop_row(client: Any, shop_id: str = "demo") -> Shop:
    async with client.app[sessions_key]() as db:
        shop = await db.get(Shop, shop_id)
    assert shop is not None
    return shop


async def post(client: Any, token: str | None, path: str, **form: str) -> Any:
    data = {**form, **({"_csrf": token} if token is not None else {})}
    return await client.post(f"/console/settings/demo/{path}", data=data, allow_redirects=False)


async def page_text(client: Any, query: str = "") -> str:
    resp = await client.get("/console/settings" + query)
    assert resp.status == 200, await resp.text()
    return html.unescape(await resp.text())


def error_of(page: str, section: str) -> str:
    found = re.search(rf'id="{section}-error">([^<]*)<', page)
    assert found, f"no error shown in {section}"
    return found.group(1)


# -- who may ------------------------------------------------------------------------------------


async def test_agent_gets_403_and_does_not_see_the_item(client: Any) -> None:
    await add_agent(client.app, "bo@example.com", name="Bo")
    token = await sign_in(client, "bo@example.com")
    inbox = await (await client.get("/console/")).text()
    assert "/console/settings" not in inbox
    resp = await client.get("/console/settings")
    assert resp.status == 403
    assert "Administrator" in await resp.text()
    before = await shop_row(client)
    for path, form in (
        ("origins", {"origins": "https://evil.example"}),
        ("faq", {"answer": "0.9", "suggest": "0.1"}),
        ("secrets/webhook/rotate", {"grace": "0", "confirm": "1"}),
        ("secrets/reveal", {}),
    ):
        refused = await post(client, token, path, **form)
        assert refused.status == 403, path
        assert before.secret not in await refused.text()
    after = await shop_row(client)
    assert (after.allowed_origins, after.secret, after.settings) == (
        before.allowed_origins,
        before.secret,
        before.settings,
    )


async def test_admin_sees_the_item_but_not_other_shops(client: Any, admin: str) -> None:
    inbox = await (await client.get("/console/")).text()
    assert 'href="/console/settings"' in inbox and "Einstellungen" in inbox
    await other_shop_conversation(client.app, "other")
    assert (await client.get("/console/settings?shop=other")).status == 403
    refused = await client.post(
        "/console/settings/other/origins",
        data={"_csrf": admin, "origins": "https://evil.example"},
        allow_redirects=False,
    )
    assert refused.status == 403
    assert (await shop_row(client, "other")).allowed_origins == ["self"]


async def test_changes_without_csrf_token_are_refused(client: Any, admin: str) -> None:
    before = (await shop_row(client)).settings
    for token in (None, admin + "x"):
        resp = await post(client, token, "origins", origins="https://shop.example")
        assert resp.status == 403
        assert "Sicherheitsgründen" in await resp.text()
        rotate = await post(client, token, "secrets/identity/rotate", grace="0", confirm="1")
        assert rotate.status == 403
    shop = await shop_row(client)
    assert shop.allowed_origins == ["self"]
    assert shop.settings == before


# -- embed snippet and origins ----------------------------------------------------------------


async def test_page_shows_the_embed_and_identify_snippets(client: Any, admin: str) -> None:
    text = await page_text(client)
    origin = str(client.make_url("")).rstrip("/")
    assert f'<script src="{origin}/widget.js" data-shop="demo" async></script>' in text
    assert "ShopAssistant.identify({" in text and "hmac.new(IDENTITY_SECRET" in text
    en = await client.post(
        "/console/locale", data={"_csrf": admin, "lang": "en", "next": "/console/settings"}
    )
    assert en.status == 200
    assert "Allowed origins" in html.unescape(await en.text())


async def test_origins_are_validated_and_apply_to_the_next_connection(
    client: Any, admin: str
) -> None:
    bad = await post(
        client, admin, "origins", origins="https://shop.example\nftp://files.example\n*\nself"
    )
    assert bad.status == 400
    text = html.unescape(await bad.text())
    message = error_of(text, "origins")
    assert "Zeile 2: „ftp://files.example“" in message and "Zeile 3: „*“" in message
    assert "ftp://files.example\n*\nself</textarea>" in text  # the input is kept
    assert (await shop_row(client)).allowed_origins == ["self"]

    ok = await post(
        client, admin, "origins", origins="HTTPS://Shop.Example:443/\n\nhttp://localhost:3000\nself"
    )
    assert ok.status == 303
    assert ok.headers["Location"].endswith("done=origins#origins")
    stored = (await shop_row(client)).allowed_origins
    assert stored == ["https://shop.example", "http://localhost:3000", "self"]
    assert "Erlaubte Herkünfte gespeichert" in await page_text(client, "?shop=demo&done=origins")

    ws = await client.ws_connect("/ws?shop=demo", headers={"Origin": "https://shop.example"})
    await ws.close()
    await post(client, admin, "origins", origins="self")
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws?shop=demo", headers={"Origin": "https://shop.example"})
    assert refused.value.status == 403


# -- secrets ------------------------------------------------------------------------------------


async def webhook(client: Any, secret: str, n: int, clock: FakeClock) -> int:
    event = order_event(f"evt-{n}", f"A-{n}", "10.00", customer={"id": f"c-{n}"})
    return int((await post_webhook(client, secret, event, now=clock.now)).status)


async def identify(client: Any, secret: str, customer: str) -> int:
    resp = await client.post(
        "/api/v1/identify",
        json={
            "shop": "demo",
            "visitor": f"v-{customer}",
            "id": customer,
            "hash": identity_hash(secret, customer),
        },
    )
    return int(resp.status)


async def revealed(client: Any, token: str) -> dict[str, str]:
    resp = await post(client, token, "secrets/reveal")
    assert resp.status == 200
    text = await resp.text()
    found = dict(re.findall(r'id="secret-value-(\w+)" readonly[^>]*>([^<]+)<', text))
    assert set(found) == {"identity", "webhook"}
    return found


async def test_rotated_webhook_secret_works_at_once_and_the_old_one_for_the_grace_period(
    client: Any, admin: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="assistant")
    caplog.set_level(logging.DEBUG, logger="web")
    identity_secret = (await shop_row(client)).secret
    old = await webhook_secret(client)
    assert old != identity_secret  # two secrets from the start
    page = await page_text(client)
    assert old not in page and "••••••••" + old[-4:] in page  # masked by default
    assert "Noch dasselbe wie das Identitäts-Geheimnis" not in page

    unconfirmed = await post(client, admin, "secrets/webhook/rotate", grace="24")
    assert unconfirmed.status == 400
    assert "Bitte bestätigen" in error_of(html.unescape(await unconfirmed.text()), "secrets")
    bad_grace = await post(client, admin, "secrets/webhook/rotate", grace="5", confirm="1")
    assert bad_grace.status == 400
    assert await revealed(client, admin) == {"identity": identity_secret, "webhook": old}

    done = await post(client, admin, "secrets/webhook/rotate", grace="24", confirm="1")
    assert done.status == 303 and done.headers["Location"].endswith("#secrets")
    secrets = await revealed(client, admin)
    new = secrets["webhook"]
    assert new != old and secrets["identity"] == identity_secret  # only the webhook's changed
    assert await webhook(client, new, 1, clock) == 200
    assert await webhook(client, old, 2, clock) == 200  # still inside the grace period
    assert await identify(client, identity_secret, "c-ident") == 200  # identity untouched
    assert await identify(client, new, "c-ident2") == 401  # the webhook secret is not for it
    page = await page_text(client)
    assert "Das vorige Geheimnis wird noch bis 24.11.2026 09:00 UTC angenommen." in page

    clock.advance(hours=24)
    assert await webhook(client, old, 3, clock) == 401
    assert await webhook(client, new, 4, clock) == 200
    assert "Das vorige Geheimnis" not in await page_text(client)
    logged = " ".join(
        f"{r.getMessage()} {json.dumps(r.__dict__, default=str)}" for r in caplog.records
    )
    assert "shop secret rotated" in logged
    assert old not in logged and new not in logged


async def test_identity_secret_rotated_without_grace_is_replaced_at_once(
    client: Any, admin: str, clock: FakeClock
) -> None:
    old = (await shop_row(client)).secret
    hook = await webhook_secret(client)
    ws, _ = await widget(client, "v-open")  # a connection opened before the rotation
    done = await post(client, admin, "secrets/identity/rotate", grace="0", confirm="1")
    assert done.status == 303
    assert "Neues Identitäts-Geheimnis erzeugt" in await page_text(
        client, "?shop=demo&done=rotated_identity"
    )
    secrets = await revealed(client, admin)
    new = secrets["identity"]
    assert new != old and secrets["webhook"] == hook  # the webhook secret stays
    assert (await shop_row(client)).secret == new
    assert await identify(client, old, "c-1") == 401
    assert await identify(client, new, "c-2") == 200
    await ws.send_json({"type": "identify", "id": "c-3", "hash": identity_hash(old, "c-3")})
    assert (await ws.receive_json(timeout=20))["code"] == "identity_rejected"
    await ws.send_json({"type": "identify", "id": "c-3", "hash": identity_hash(new, "c-3")})
    assert (await ws.receive_json(timeout=20))["type"] == "identified"
    assert await webhook(client, hook, 1, clock) == 200
    assert await webhook(client, old, 2, clock) == 401  # never the identity secret
    await ws.close()


# -- FAQ thresholds ----------------------------------------------------------------------------


async def _decision(ws: Any, n: int) -> dict[str, Any]:
    await say(ws, f"q{n}", "Wie lange braucht das Paket?")  # scores about 0.83
    return (await frames_until(ws, "reply"))[-1]


async def test_faq_thresholds_are_validated_and_reach_open_conversations(
    client: Any, admin: str
) -> None:
    ws, _ = await widget(client, "v-faq")
    assert (await _decision(ws, 1))["feedback"] is True  # answered with the defaults
    for answer, suggest, wanted in (
        ("0,4", "0,5", "muss größer sein"),
        ("1,5", "0,2", "zwischen 0 und 1"),
        ("viel", "0,2", "„viel“ ist keine Zahl"),
        ("0,6", "", "beide Schwellen"),
    ):
        bad = await post(client, admin, "faq", answer=answer, suggest=suggest)
        assert bad.status == 400
        assert wanted in error_of(html.unescape(await bad.text()), "faq"), answer
    assert "faq" not in (await shop_row(client)).settings

    assert (await post(client, admin, "faq", answer="0,9", suggest="0.5")).status == 303
    assert (await shop_row(client)).settings["faq"] == {"answer": 0.9, "suggest": 0.5}
    suggested = await _decision(ws, 2)
    assert suggested["feedback"] is False and suggested["text"].startswith("Meinten Sie")
    page = await page_text(client)
    assert 'name="answer" inputmode="decimal" value="0,9"' in page

    assert (await post(client, admin, "faq", answer="", suggest="")).status == 303
    assert "faq" not in (await shop_row(client)).settings
    assert (await _decision(ws, 3))["feedback"] is True  # back to the defaults
    await ws.close()


# -- lifecycle and score ------------------------------------------------------------------------

LIFE = {
    "at_risk_days": "90",
    "half_life_days": "14",
    "score_scale": "20",
    "min_review_rating": "4",
    "promoter_score": "9",
}


def _life_form(page: str) -> dict[str, str]:
    """The lifecycle form's fields as the page fills them."""
    form = re.search(r'action="/console/settings/demo/lifecycle".*?</form>', page, re.S)
    assert form
    return dict(re.findall(r'name="([\w.:]+)" inputmode="decimal" value="([^"]*)"', form.group(0)))


async def test_lifecycle_settings_are_validated_and_apply_at_once(
    client: Any, admin: str, clock: FakeClock
) -> None:
    secret = await webhook_secret(client)
    ordered = clock.now - timedelta(days=40)
    event = order_event("evt-old", "A-1", "30.00", customer={"id": "c-40"}, occurred_at=ordered)
    assert (await post_webhook(client, secret, event, now=clock.now)).status == 200

    async def profile() -> dict[str, Any]:
        async with client.app[sessions_key]() as db:
            return await lifecycle_profile(db, "demo", "c-40", clock.now)

    before = await profile()
    assert before["stage"] == "conversion"
    form = _life_form(await page_text(client))
    assert {k: form[k] for k in LIFE} == LIFE and form["w.order"] == "10"

    for field, value, wanted in (
        ("at_risk_days", "0", "zwischen 1 und 3650"),
        ("at_risk_days", "30,5", "ganze Zahl"),
        ("promoter_score", "11", "zwischen 0 und 10"),
        ("w.page_view", "-1", "„Seitenaufruf“ muss zwischen 0 und 1000"),
        ("half_life_days", "", "Bitte „Halbwertszeit (Tage)“ angeben"),
    ):
        bad = await post(client, admin, "lifecycle", **{**form, field: value})
        assert bad.status == 400
        text = html.unescape(await bad.text())
        assert wanted in error_of(text, "lifecycle"), field
        assert f'name="{field}" inputmode="decimal" value="{value}"' in text
    assert "lifecycle" not in (await shop_row(client)).settings

    changed = {**form, "at_risk_days": "30", "score_scale": "5", "w.page_view": "0,5"}
    assert (await post(client, admin, "lifecycle", **changed)).status == 303
    stored = (await shop_row(client)).settings["lifecycle"]
    assert stored["at_risk_days"] == 30 and stored["weights"] == {"page_view": 0.5}
    after = await profile()
    assert after["stage"] == "at_risk"  # 40 days without an order, now more than 30
    assert after["engagement_score"] > before["engagement_score"]  # the smaller scale
    assert _life_form(await page_text(client))["w.page_view"] == "0,5"


# -- business hours -----------------------------------------------------------------------------

WEEKDAYS = {f"{d}_opens": "09:00" for d in ("mon", "tue", "wed", "thu", "fri")} | {
    f"{d}_closes": "18:00" for d in ("mon", "tue", "wed", "thu", "fri")
}


async def _ask_for_human(client: Any, visitor: str, locale: str = "de") -> dict[str, Any]:
    ws, _ = await widget(client, visitor, locale=locale)
    await say(ws, "h1", "Ich möchte mit einem Mitarbeiter sprechen")
    reply = (await frames_until(ws, "reply"))[-1]
    await ws.close()
    return reply


async def test_business_hours_change_the_hand_off_answer(
    client: Any, admin: str, clock: FakeClock
) -> None:
    bad = await post(client, admin, "hours", enabled="1", timezone="Europe/Berlni", **WEEKDAYS)
    assert bad.status == 400
    assert "keine bekannte Zeitzone" in error_of(html.unescape(await bad.text()), "hours")
    half = await post(
        client, admin, "hours", enabled="1", timezone="Europe/Berlin", **WEEKDAYS, sat_opens="10:00"
    )
    assert half.status == 400
    assert "Samstag: Bitte Beginn und Ende" in error_of(html.unescape(await half.text()), "hours")
    assert "hours" not in (await shop_row(client)).settings

    stream = await Stream.open(client)  # Ada's console is open: an agent is online
    # Monday 10:00 in Berlin, no hours yet: someone is coming.
    assert "gleich ist jemand" in (await _ask_for_human(client, "v-1"))["text"]
    ok = await post(client, admin, "hours", enabled="1", timezone="Europe/Berlin", **WEEKDAYS)
    assert ok.status == 303
    assert (await shop_row(client)).settings["hours"]["days"]["mon"] == ["09:00", "18:00"]
    assert "gleich ist jemand" in (await _ask_for_human(client, "v-2"))["text"]  # open now

    clock.now = clock.now.replace(hour=17, minute=30)  # 18:30 in Berlin: closed
    closed = await _ask_for_human(client, "v-3")
    assert "wir sind morgen ab 09:00 Uhr (Zeitzone Europe/Berlin) wieder" in closed["text"]
    assert closed["form"] == {"kind": "offline"}
    en = await _ask_for_human(client, "v-4", locale="en")
    assert "we will be back tomorrow at 09:00 (Europe/Berlin time)" in en["text"]
    await sign_in(client, ADMIN)  # eight idle hours ended the morning's sign-in
    page = await page_text(client)
    assert "Jetzt: nicht im Dienst." in page

    clock.advance(days=4)  # Friday evening: back on Monday
    friday = await _ask_for_human(client, "v-5")
    assert "am Montag ab 09:00 Uhr" in friday["text"]
    stream.close()

    token = await sign_in(client, ADMIN)  # four days later the sign-in has expired
    switched_off = await post(client, token, "hours", timezone="Europe/Berlin", **WEEKDAYS)
    assert switched_off.status == 303
    assert (await shop_row(client)).settings["hours"]["enabled"] is False
    nobody = await _ask_for_human(client, "v-6")
    assert "niemand aus unserem Team online" in nobody["text"]  # the old answer again
    assert 'value="09:00"' in await page_text(client)  # the hours are kept


async def test_csrf_token_on_every_settings_form(client: Any, admin: str) -> None:
    resp = await client.get("/console/settings")
    text = await resp.text()
    forms = re.findall(r"<form method=\"post\".*?</form>", text, re.S)
    assert len(forms) >= 8
    assert all(f'name="_csrf" value="{csrf_in(text)}"' in f for f in forms)
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert "<script>" not in text and "style=" not in text

"""Signing in to the console: sessions, CSRF, the login rate limit, scope and headers."""

from __future__ import annotations

from typing import Any

import pytest
from yarl import URL

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.security.passwords import Cost
from assistant.support.accounts import set_password
from tests.clock import CONSOLE_MORNING, FakeClock
from tests.consoles import PASSWORD, act, add_agent, csrf_in, other_shop_conversation, sign_in
from web.app import create_app
from web.keys import sessions_key


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(CONSOLE_MORNING)


@pytest.fixture
async def app_client(aiohttp_client: Any, config: Config, clock: FakeClock) -> Any:
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    await add_agent(app, "anna@example.com", name="Anna")
    return client


async def _login(client: Any, email: str, password: str, **headers: str) -> Any:
    page = await client.get("/console/login")
    token = csrf_in(await page.text())
    return await client.post(
        "/console/login",
        data={"_csrf": token, "email": email, "password": password, "next": "/console/"},
        headers=headers or None,
        allow_redirects=False,
    )


async def test_console_needs_a_sign_in(app_client: Any) -> None:
    resp = await app_client.get("/console/", allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"] == "/console/login?next=/console/"
    deep = await app_client.get("/console/?status=waiting&lang=en", allow_redirects=False)
    location = URL(deep.headers["Location"])
    assert location.path == "/console/login"
    assert dict(location.query) == {"next": "/console/?status=waiting&lang=en"}
    bare = await app_client.get("/console", allow_redirects=False)
    assert bare.headers["Location"] == "/console/"
    api = await app_client.get("/console/live", headers={"Accept": "application/json"})
    assert api.status == 401 and (await api.json())["code"] == "login_required"


async def test_sign_in_sets_a_safe_cookie_and_shows_the_inbox(app_client: Any) -> None:
    resp = await _login(app_client, "Anna@Example.com ", PASSWORD)
    assert resp.status == 303 and resp.headers["Location"] == "/console/"
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the proxy test below
    assert "anna" not in cookie.lower()  # encrypted, not just signed
    inbox = await app_client.get("/console/")
    html = await inbox.text()
    assert inbox.status == 200 and "Posteingang" in html and "Anna" in html
    csp = inbox.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert inbox.headers["X-Frame-Options"] == "DENY"
    assert inbox.headers["Cache-Control"] == "no-store"


async def test_cookie_is_secure_behind_an_https_proxy(app_client: Any) -> None:
    resp = await _login(app_client, "anna@example.com", PASSWORD, **{"X-Forwarded-Proto": "https"})
    assert resp.status == 303
    assert "Secure" in resp.headers["Set-Cookie"]


async def test_wrong_password_is_one_vague_message(app_client: Any) -> None:
    wrong = await _login(app_client, "anna@example.com", "not the password")
    unknown = await _login(app_client, "nobody@example.com", PASSWORD)
    assert wrong.status == unknown.status == 401
    text = "E-Mail-Adresse oder Passwort stimmen nicht."
    assert text in await wrong.text() and text in await unknown.text()


async def test_login_rate_limit_per_account(app_client: Any, clock: FakeClock) -> None:
    for _ in range(5):
        assert (await _login(app_client, "anna@example.com", "guess guess guess")).status == 401
    blocked = await _login(app_client, "anna@example.com", PASSWORD)  # even the right one
    assert blocked.status == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in await blocked.text()
    clock.advance(minutes=16)
    assert (await _login(app_client, "anna@example.com", PASSWORD)).status == 303


async def test_login_rate_limit_per_ip(app_client: Any) -> None:
    """Spraying many accounts from one address hits the per-IP limit."""
    for i in range(20):
        assert (await _login(app_client, f"user{i}@example.com", "guess guess")).status == 401
    assert (await _login(app_client, "anna@example.com", PASSWORD)).status == 429


async def test_csrf_is_required_for_every_change(app_client: Any) -> None:
    page = await app_client.get("/console/login")
    token = csrf_in(await page.text())
    form = {"email": "anna@example.com", "password": PASSWORD}
    no_token = await app_client.post("/console/login", data=form, allow_redirects=False)
    assert no_token.status == 403
    assert "aus Sicherheitsgründen abgelehnt" in await no_token.text()
    wrong = await app_client.post(
        "/console/login", data={**form, "_csrf": token + "x"}, allow_redirects=False
    )
    assert wrong.status == 403
    token = await sign_in(app_client, "anna@example.com")
    conversation = await other_shop_conversation(app_client.app, "demo2")
    path = f"/console/conversations/{conversation}/takeover"
    for headers in (
        {"Accept": "application/json"},
        {"Accept": "application/json", "X-CSRF-Token": "forged"},
        {"Accept": "application/json", "X-CSRF-Token": token, "Origin": "https://evil.example"},
    ):
        resp = await app_client.post(path, headers=headers)
        assert resp.status == 403
        assert (await resp.json())["code"] == "csrf_failed"
    logout = await app_client.post("/console/logout", allow_redirects=False)
    assert logout.status == 403  # even signing out needs the token


async def test_agent_of_one_shop_cannot_open_another_shops_conversation(app_client: Any) -> None:
    conversation = await other_shop_conversation(app_client.app)
    token = await sign_in(app_client, "anna@example.com")
    page = await app_client.get(f"/console/conversations/{conversation}")
    assert page.status == 403
    assert "für den Sie nicht freigeschaltet sind" in await page.text()
    take = await act(app_client, token, f"/console/conversations/{conversation}/takeover")
    assert take.status == 403 and (await take.json())["code"] == "forbidden"
    live = await app_client.get(
        f"/console/live?conversation={conversation}", headers={"Accept": "application/json"}
    )
    assert live.status == 403
    inbox = await app_client.get("/console/?status=all")
    assert conversation not in await inbox.text()
    missing = await app_client.get("/console/conversations/nope")
    assert missing.status == 404


async def test_sign_out_and_a_new_password_end_sessions(app_client: Any) -> None:
    token = await sign_in(app_client, "anna@example.com")
    out = await app_client.post("/console/logout", data={"_csrf": token}, allow_redirects=False)
    assert out.status == 303 and out.headers["Location"] == "/console/login?bye=1"
    assert (await app_client.get("/console/", allow_redirects=False)).status == 303
    await sign_in(app_client, "anna@example.com")
    await set_password(
        app_client.app[sessions_key], "anna@example.com", "another password 2", cost=Cost.of(10)
    )
    assert (await app_client.get("/console/", allow_redirects=False)).status == 303


async def test_sessions_expire(app_client: Any, clock: FakeClock) -> None:
    """After 12 hours, however busy the agent was (a request every 50 minutes)."""
    await sign_in(app_client, "anna@example.com")
    for _ in range(14):  # 11 h 40 min
        clock.advance(minutes=50)
        assert (await app_client.get("/console/", allow_redirects=False)).status == 200
    clock.advance(minutes=50)
    assert (await app_client.get("/console/", allow_redirects=False)).status == 303


async def test_a_copied_cookie_opens_nothing_after_sign_out(
    app_client: Any, aiohttp_client: Any
) -> None:
    """The attack: a console cookie copied before sign-out still opened /console/settings
    for the rest of its 12 hours."""
    await add_agent(app_client.app, "admin@example.com", admin=True)
    token = await sign_in(app_client, "admin@example.com")
    copied = {c.key: c.value for c in app_client.session.cookie_jar}
    assert "shopassist_console" in copied
    thief = await aiohttp_client(app_client.server)
    thief.session.cookie_jar.update_cookies(copied, URL(str(app_client.make_url("/console/"))))
    assert (await thief.get("/console/settings", allow_redirects=False)).status == 200
    out = await app_client.post("/console/logout", data={"_csrf": token}, allow_redirects=False)
    assert out.status == 303
    stolen = await thief.get("/console/settings", allow_redirects=False)
    assert stolen.status == 303 and stolen.headers["Location"].startswith("/console/login")


async def test_an_idle_session_ends(app_client: Any, clock: FakeClock) -> None:
    await sign_in(app_client, "anna@example.com")
    clock.advance(minutes=59)
    assert (await app_client.get("/console/", allow_redirects=False)).status == 200
    clock.advance(minutes=59)  # an hour since sign-in, but the last request was 59 min ago
    assert (await app_client.get("/console/", allow_redirects=False)).status == 200
    clock.advance(minutes=61)
    assert (await app_client.get("/console/", allow_redirects=False)).status == 303


async def test_next_only_leads_inside_the_console(app_client: Any) -> None:
    page = await app_client.get("/console/login?next=https://evil.example/")
    token = csrf_in(await page.text())
    resp = await app_client.post(
        "/console/login",
        data={"_csrf": token, "email": "anna@example.com", "password": PASSWORD, "next": "//evil"},
        allow_redirects=False,
    )
    assert resp.headers["Location"] == "/console/"


async def test_language_is_chosen_per_agent(app_client: Any) -> None:
    await add_agent(app_client.app, "ben@example.com", name="Ben", locale="en")
    token = await sign_in(app_client, "anna@example.com")
    assert "Posteingang" in await (await app_client.get("/console/")).text()
    switched = await app_client.post(
        "/console/locale", data={"_csrf": token, "lang": "en", "next": "/console/"}
    )
    html = await switched.text()
    assert "Inbox" in html and '<html lang="en">' in html
    app_client.session.cookie_jar.clear()
    login_page = await app_client.get("/console/login?lang=en")
    assert "Sign in" in await login_page.text()

"""Signing in and out, the encrypted session, CSRF protection and the login rate limit.

The session cookie holds the agent id, the account's session version (a new password or a
disabled account ends every older session), the CSRF token, the sign-in time and a session
token whose row on the server (:mod:`assistant.support.console_sessions`) sign-out deletes
and the idle timeout (``SHOPASSIST_SESSION_IDLE_MINUTES``) expires. Every
request that changes something must carry the CSRF token (form field ``_csrf`` or header
``X-CSRF-Token``) and, when the browser names one, come from our own origin.
"""

from __future__ import annotations

import hmac
import logging
import math
import secrets
from urllib.parse import quote

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_session import Session, get_session, new_session

from assistant.errors import AssistantError
from assistant.security.passwords import Cost
from assistant.support.accounts import AgentAccount, authenticate, load_account, set_locale
from assistant.support.console_sessions import close_session, open_session, session_alive
from web.console.render import (
    ACCOUNT,
    CSRF,
    account_of,
    console_headers,
    lang_of,
    page,
    signed_in,
    wants_json,
)
from web.console.texts import TEXT
from web.keys import clock_key, config_key, console_key, sessions_key
from web.widget.guards import client_ip
from web.widget.origin import own_origin

log = logging.getLogger(__name__)
routes = web.RouteTableDef()
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(AssistantError):
    code = "csrf_failed"
    status = 403
    message = TEXT["csrf_failed"]


class LoginRequired(AssistantError):
    code = "login_required"
    status = 401
    message = TEXT["session_expired"]


class PageNotFound(AssistantError):
    code = "not_found"
    status = 404
    message = TEXT["not_found"]


def public(handler: Handler) -> Handler:
    """Reachable without signing in (the sign-in page itself)."""
    handler.console_public = True  # type: ignore[attr-defined]
    return handler


def _safe_next(raw: str | None) -> str:
    """Only paths inside the console: no open redirect to another site."""
    if raw and raw.startswith("/console") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return "/console/"


# -- middlewares (outermost first) -----------------------------------------------------------


@web.middleware
async def console_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Errors as a console page (or JSON for the console's scripts), and the console's
    security headers on every response."""
    try:
        response = await handler(request)
    except AssistantError as exc:
        response = _error_response(
            request, exc.code, exc.user_message(lang_of(request)), exc.status
        )
    except web.HTTPException as exc:
        if exc.status == 404:
            response = _error_response(
                request, "not_found", TEXT["not_found"].get(lang_of(request)), 404
            )
        else:
            console_headers(exc.headers)
            raise
    if not response.prepared:
        console_headers(response.headers)
    return response


def _error_response(request: web.Request, code: str, message: str, status: int) -> web.Response:
    if wants_json(request):
        return web.json_response({"type": "error", "code": code, "message": message}, status=status)
    return page(request, "error.html", status=status, message=message, code=code)


@web.middleware
async def console_session(request: web.Request, handler: Handler) -> web.StreamResponse:
    """aiohttp-session's middleware, built at start-up once the secret key is known."""
    return await request.config_dict[console_key].session_middleware(request, handler)


@web.middleware
async def console_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    session = await get_session(request)
    account = await _signed_in(request, session)
    if account is not None:
        request[ACCOUNT] = account
    if request.method not in SAFE_METHODS:
        await _check_csrf(request, session)
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    request[CSRF] = session["csrf"]
    if account is None and not getattr(request.match_info.handler, "console_public", False):
        if (
            request.method in SAFE_METHODS
            and not wants_json(request)
            and request.path != "/console/live"
        ):
            raise web.HTTPSeeOther(f"/console/login?next={quote(request.path_qs, safe='/')}")
        raise LoginRequired()
    return await handler(request)


async def _signed_in(request: web.Request, session: Session) -> AgentAccount | None:
    agent_id = session.get("agent")
    if not isinstance(agent_id, str):
        return None
    db = request.config_dict[sessions_key]
    account = await load_account(db, agent_id)
    now = request.config_dict[clock_key]()
    state = request.config_dict[console_key]
    started, token = session.get("at"), session.get("sid")
    if (
        account is None
        or account.session_version != session.get("v")
        or not isinstance(started, int | float)
        or now.timestamp() - started > state.session_lifetime.total_seconds()
        or not isinstance(token, str)
        or not await session_alive(db, token, account.id, now, state.idle_timeout)
    ):
        session.invalidate()
        return None
    return account


async def _check_csrf(request: web.Request, session: Session) -> None:
    origin = request.headers.get("Origin")
    if origin is not None and origin != own_origin(request):
        raise CsrfFailed(detail=f"origin {origin!r}")
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise CsrfFailed(detail="cross-site request")
    expected = session.get("csrf")
    sent = request.headers.get("X-CSRF-Token")
    if sent is None and request.content_type == "application/x-www-form-urlencoded":
        sent = (await request.post()).get("_csrf")  # type: ignore[assignment]
    if not isinstance(expected, str) or not isinstance(sent, str):
        raise CsrfFailed(detail="missing token")
    if not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfFailed(detail="wrong token")


# -- pages ---------------------------------------------------------------------------------------


@routes.get("/login")
@public
async def login_page(request: web.Request) -> web.Response:
    if account_of(request) is not None:
        raise web.HTTPSeeOther(_safe_next(request.query.get("next")))
    notice = TEXT["logged_out"].get(lang_of(request)) if "bye" in request.query else None
    return page(request, "login.html", next=_safe_next(request.query.get("next")), notice=notice)


@routes.post("/login")
@public
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    email = str(form.get("email", ""))[:320].strip()
    password = str(form.get("password", ""))[:1024]
    target = _safe_next(str(form.get("next", "")))
    state = request.config_dict[console_key]
    ip = client_ip(request)
    ip_key, account_key = f"ip:{ip}", f"account:{email.lower()}"
    waits = [
        w
        for w in (
            await state.ip_limiter.retry_after(ip_key),
            await state.account_limiter.retry_after(account_key),
        )
        if w is not None
    ]
    if waits:
        log.warning("console sign-in refused: too many failures", extra={"ip": ip})
        minutes = max(1, math.ceil(max(waits).total_seconds() / 60))
        error = TEXT["too_many_attempts"].get(lang_of(request), minutes=minutes)
        return page(request, "login.html", status=429, next=target, error=error, email=email)
    account = await authenticate(
        request.config_dict[sessions_key],
        email,
        password,
        clock=request.config_dict[clock_key],
        cost=Cost.of(request.config_dict[config_key].password_cost_log2),
    )
    if account is None:
        log.info("console sign-in failed", extra={"ip": ip})
        await state.ip_limiter.fail(ip_key)
        await state.account_limiter.fail(account_key)
        error = TEXT["login_failed"].get(lang_of(request))
        return page(request, "login.html", status=401, next=target, error=error, email=email)
    await state.account_limiter.reset(account_key)
    log.info("console sign-in", extra={"agent": account.id, "ip": ip})
    now = request.config_dict[clock_key]()
    token = await open_session(
        request.config_dict[sessions_key], account.id, now, state.idle_timeout
    )
    session = await new_session(request)  # a fresh session (and CSRF token) after signing in
    session.update(
        {
            "agent": account.id,
            "v": account.session_version,
            "at": now.timestamp(),
            "sid": token,
            "csrf": secrets.token_urlsafe(32),
        }
    )
    raise web.HTTPSeeOther(target)


@routes.post("/logout")
async def logout(request: web.Request) -> web.Response:
    session = await get_session(request)
    token = session.get("sid")
    if isinstance(token, str):  # ends it on the server: a copied cookie opens nothing now
        await close_session(request.config_dict[sessions_key], token)
    session.invalidate()
    raise web.HTTPSeeOther("/console/login?bye=1")


@routes.post("/locale")
async def switch_locale(request: web.Request) -> web.Response:
    """The agent's console language, kept with the account."""
    account = signed_in(request)
    form = await request.post()
    wanted = str(form.get("lang", ""))
    await set_locale(request.config_dict[sessions_key], account.id, wanted)
    raise web.HTTPSeeOther(_safe_next(str(form.get("next", ""))))

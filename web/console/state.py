"""What the console keeps while the server runs: the cookie storage (keyed by the shared
secret), the login limiters and the open live streams."""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware
from aiohttp.web_exceptions import NotAppKeyWarning
from aiohttp_session import Session, session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from assistant.security.ratelimit import Failures, Limit
from assistant.security.secret_key import derive_key

# aiohttp-session keeps its objects under plain string keys on the request, which aiohttp
# warns about on every request; the keys are its own and cannot clash with ours.
warnings.filterwarnings("ignore", category=NotAppKeyWarning, module="aiohttp_session")

COOKIE = "shopassist_console"
#: Failed sign-ins allowed per account and per IP address within the window.
ACCOUNT_LIMIT = Limit(failures=5, window=timedelta(minutes=15))
IP_LIMIT = Limit(failures=20, window=timedelta(minutes=15))


def is_https(request: web.Request) -> bool:
    """Served over HTTPS, directly or behind a proxy that says so."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


class ConsoleCookies(EncryptedCookieStorage):
    """Encrypted (Fernet) session cookie, HttpOnly, SameSite=Lax, limited to ``/console``, and
    ``Secure`` whenever the request came over HTTPS."""

    async def save_session(
        self, request: web.Request, response: web.StreamResponse, session: Session
    ) -> None:
        params = dict(self.cookie_params)
        params["secure"] = is_https(request)
        if session.empty:
            response.del_cookie(self.cookie_name, path=str(params["path"]))
            return
        data = self._encoder(self._get_session_data(session)).encode("utf-8")
        max_age = session.max_age
        if max_age is not None:
            params["max_age"] = max_age
            params["expires"] = time.strftime(
                "%a, %d-%b-%Y %T GMT", time.gmtime(time.time() + max_age)
            )
        response.set_cookie(
            self.cookie_name,
            self._fernet.encrypt(data).decode("utf-8"),
            **params,  # type: ignore[arg-type]
        )


@dataclass(slots=True)
class ConsoleState:
    session_middleware: Middleware
    account_limiter: Failures
    ip_limiter: Failures
    session_lifetime: timedelta
    idle_timeout: timedelta
    streams: set[asyncio.Queue[Any]] = field(default_factory=set)


def build_state(
    secret: str,
    session_hours: int,
    failures: Callable[[str, Limit], Failures],
    idle_minutes: int = 60,
) -> ConsoleState:
    """``failures`` makes the sign-in counters (shared through Redis when it is there)."""
    lifetime = timedelta(hours=session_hours)
    cookies = ConsoleCookies(
        derive_key(secret, "console-session"),
        cookie_name=COOKIE,
        max_age=int(lifetime.total_seconds()),
        path="/console",
        httponly=True,
        samesite="Lax",
    )
    return ConsoleState(
        session_middleware=session_middleware(cookies),
        account_limiter=failures("login-account", ACCOUNT_LIMIT),
        ip_limiter=failures("login-ip", IP_LIMIT),
        session_lifetime=lifetime,
        idle_timeout=timedelta(minutes=idle_minutes),
    )

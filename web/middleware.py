"""Errors as JSON with a stable code (never a traceback), and security headers on everything."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from assistant.errors import AssistantError
from assistant.i18n import pick_locale

log = logging.getLogger(__name__)

PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)


def request_locale(request: web.Request) -> str:
    return pick_locale(request.query.get("locale") or request.headers.get("Accept-Language"))


def error_body(exc: AssistantError, locale: str) -> dict[str, object]:
    return {"type": "error", "code": exc.code, "message": exc.user_message(locale)}


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except AssistantError as exc:
        if exc.status >= 500:
            log.warning("request failed: %s", exc, extra={"path": request.path})
        headers = {}
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        return web.json_response(
            error_body(exc, request_locale(request)), status=exc.status, headers=headers
        )
    except web.HTTPException as exc:
        if (
            exc.status >= 400
            and exc.content_type != "application/json"
            and request.path.startswith("/api/")
        ):
            code = exc.reason.lower().replace(" ", "_")
            return web.json_response(
                {"type": "error", "code": code, "message": exc.reason},
                status=exc.status,
                headers=_keep(exc),
            )
        raise
    except Exception:
        log.exception("unhandled error", extra={"path": request.path})
        err = AssistantError()
        return web.json_response(error_body(err, request_locale(request)), status=500)


def _keep(exc: web.HTTPException) -> dict[str, str]:
    return {k: v for k, v in exc.headers.items() if k.lower() in {"allow", "retry-after"}}


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.content_type == "text/html":
        headers.setdefault("Content-Security-Policy", PAGE_CSP)
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response

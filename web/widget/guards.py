"""Abuse limits at the edge: connections per IP, frames per connection, HTTP calls per IP."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from assistant.config import Config
from assistant.protocol import RateLimited
from assistant.security.ratelimit import ConnectionCounter, RateLimiter


class Guards:
    def __init__(self, config: Config) -> None:
        self.connections = ConnectionCounter(config.max_connections_per_ip)
        self.http = RateLimiter(config.http_requests_per_second, config.http_burst)
        self.frames_per_second = config.frames_per_second
        self.frame_burst = config.frame_burst

    def frame_limiter(self) -> RateLimiter:
        """A bucket for one connection (it dies with the connection)."""
        return RateLimiter(self.frames_per_second, self.frame_burst, max_keys=1)


guards_key = web.AppKey("guards", Guards)


def client_ip(request: web.Request) -> str:
    """The peer address. Behind a proxy, configure it to set X-Forwarded-For and run the
    assistant on a private interface; only then is the header's first hop trusted."""
    peer = request.remote or "unknown"
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and peer in ("127.0.0.1", "::1"):
        return forwarded.split(",")[0].strip()[:64]
    return peer


#: The shopper-facing API, called from browsers. Webhooks and the metrics API are signed or
#: token-authenticated calls from a shop's own servers and are not throttled per IP.
BROWSER_API = ("/api/v1/messages", "/api/v1/history", "/api/v1/identify")


@web.middleware
async def http_rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(BROWSER_API) and request.method != "OPTIONS":
        limiter = request.app[guards_key].http
        ip = client_ip(request)
        if not limiter.allow(ip):
            error = RateLimited(detail=ip)
            error.retry_after = max(1, round(limiter.retry_after(ip)))  # type: ignore[attr-defined]
            raise error
    return await handler(request)

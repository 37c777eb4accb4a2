"""Abuse limits at the edge, and who the client is.

:func:`client_ip` is the one answer to "which client is this" that every per-client limit
uses: API calls and sockets per IP, order-number guesses, console sign-in failures, refused
webhooks. The counts live in memory for one instance and in Redis with ``REDIS_URL`` (see
:mod:`assistant.live.redis_limits`), so that n instances do not allow n times as much.
"""

from __future__ import annotations

from datetime import timedelta
from ipaddress import IPv4Address, IPv6Address, ip_address

from aiohttp import web
from aiohttp.typedefs import Handler

from assistant.clock import Clock
from assistant.config import Config, IPNetwork, trusted_networks
from assistant.live.bus import LiveBus
from assistant.live.redis_bus import RedisBus
from assistant.live.redis_limits import RedisBucket, RedisFailures, RedisSlots
from assistant.protocol import RateLimited
from assistant.security.ratelimit import (
    Bucket,
    ConnectionCounter,
    FailureLimiter,
    Failures,
    Limit,
    LocalBucket,
    LocalFailures,
    LocalSlots,
    RateLimiter,
    Slots,
)

CLIENT_IP = web.RequestKey("client_ip", str)
#: A shop's server signs every webhook; a client with this many refused ones is told to wait.
WEBHOOK_REFUSALS = Limit(failures=20, window=timedelta(minutes=15))


class Guards:
    def __init__(self, config: Config, bus: LiveBus, clock: Clock) -> None:
        self.trusted: tuple[IPNetwork, ...] = trusted_networks(config.trusted_proxies)
        self.frames_per_second = config.frames_per_second
        self.frame_burst = config.frame_burst
        self._clock = clock
        self._redis = bus if isinstance(bus, RedisBus) else None
        self.http: Bucket
        self.connections: Slots
        if self._redis is not None:
            client, prefix = self._redis.client, self._redis.key("limit", "")
            self.http = RedisBucket(
                client, prefix + "http:", config.http_requests_per_second, config.http_burst
            )
            self.connections = self._slots = RedisSlots(
                client, prefix + "sockets:", config.max_connections_per_ip
            )
        else:
            self.http = LocalBucket(RateLimiter(config.http_requests_per_second, config.http_burst))
            self.connections = LocalSlots(ConnectionCounter(config.max_connections_per_ip))
        #: Refused webhooks (bad or missing signature) per client IP.
        self.webhook_refusals = self.failures("webhook", WEBHOOK_REFUSALS)

    def frame_limiter(self) -> RateLimiter:
        """A bucket for one connection (it dies with the connection, so it stays local)."""
        return RateLimiter(self.frames_per_second, self.frame_burst, max_keys=1)

    def failures(self, name: str, limit: Limit) -> Failures:
        """A failure counter of its own (``name``: sign-ins per IP, guesses, ...)."""
        if self._redis is None:
            return LocalFailures(FailureLimiter(limit, self._clock))
        key = self._redis.key("limit", name, "")
        return RedisFailures(self._redis.client, key, limit, self._clock)

    def start(self) -> None:
        if self._redis is not None:
            self._slots.start()

    async def close(self) -> None:
        if self._redis is not None:
            await self._slots.close()


guards_key = web.AppKey("guards", Guards)


def client_ip(request: web.Request) -> str:
    """The client's address: the peer, unless the peer is a trusted proxy
    (``SHOPASSIST_TRUSTED_PROXIES``); then the rightmost ``X-Forwarded-For`` hop that is not
    a trusted proxy. Hops left of it were written by the client and are never believed."""
    if CLIENT_IP in request:
        return request[CLIENT_IP]
    trusted = request.config_dict[guards_key].trusted
    found = resolve_client(request.remote, request.headers.getall("X-Forwarded-For", []), trusted)
    request[CLIENT_IP] = found
    return found


def resolve_client(peer: str | None, forwarded: list[str], trusted: tuple[IPNetwork, ...]) -> str:
    """See :func:`client_ip` (apart from the request, for tests)."""
    address = _address(peer)
    if address is None:
        return peer or "unknown"
    hops = [hop.strip() for header in forwarded for hop in header.split(",")]
    for hop in reversed(hops):
        if not _trusted(address, trusted):
            break
        parsed = _address(hop)
        if parsed is None:  # a trusted proxy passed on garbage: stop at the proxy
            break
        address = parsed
    return str(address)


def _address(raw: str | None) -> IPv4Address | IPv6Address | None:
    if not raw:
        return None
    try:
        address = ip_address(raw.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPv4Address | IPv6Address, trusted: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


#: The shopper-facing API, called from browsers. Webhooks and the metrics API are signed or
#: token-authenticated calls from a shop's own servers and are not throttled per IP (refused
#: webhooks are: see web/lifecycle_api.py).
BROWSER_API = ("/api/v1/messages", "/api/v1/history", "/api/v1/identify")


@web.middleware
async def http_rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(BROWSER_API) and request.method != "OPTIONS":
        ip = client_ip(request)
        wait = await request.app[guards_key].http.take(ip)
        if wait is not None:
            error = RateLimited(detail=ip)
            error.retry_after = max(1, round(wait))  # type: ignore[attr-defined]
            raise error
    return await handler(request)

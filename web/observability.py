"""Request ids for the logs and Prometheus metrics at ``GET /metrics``."""

from __future__ import annotations

import hmac
import re
import time
import uuid
from ipaddress import ip_address

from aiohttp import web
from aiohttp.typedefs import Handler
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from assistant import logs
from web.keys import config_key

_REQUEST_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
routes = web.RouteTableDef()


class Metrics:
    """The service's metrics, in a registry of their own (one per app, no globals)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.http_requests = Counter(
            "shopassist_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=r,
        )
        self.http_seconds = Histogram(
            "shopassist_http_request_seconds", "HTTP request latency", ["route"], registry=r
        )
        self.ws_connections = Gauge(
            "shopassist_ws_connections", "Open widget WebSockets", registry=r
        )
        self.frames = Counter(
            "shopassist_ws_frames_total", "Widget frames received", ["type"], registry=r
        )
        self.messages = Counter("shopassist_messages_total", "Shopper messages stored", registry=r)
        self.message_seconds = Histogram(
            "shopassist_message_seconds",
            "Time from a shopper message's arrival to its stored reply",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=r,
        )
        self.errors = Counter(
            "shopassist_errors_total", "Errors sent to clients", ["code"], registry=r
        )
        self.write_batch_units = Histogram(
            "shopassist_write_batch_units",
            "Units of work (messages, events, ...) committed together in one transaction",
            buckets=(1, 2, 5, 10, 20, 50, 100, 200),
            registry=r,
        )
        self.write_batch_seconds = Histogram(
            "shopassist_write_batch_seconds",
            "Time to write and commit one group of units",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=r,
        )
        self.faq_decisions = Counter(
            "shopassist_faq_decisions_total", "FAQ decisions", ["decision"], registry=r
        )

    def observe_batch(self, units: int, seconds: float) -> None:
        self.write_batch_units.observe(units)
        self.write_batch_seconds.observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


metrics_key = web.AppKey("metrics", Metrics)

FAQ_EVENTS = {"faq_answered": "answer", "faq_suggested": "suggest", "faq_unanswered": "fallback"}


@web.middleware
async def request_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A request id (the caller's X-Request-Id if sane, else a new one) on every log line and
    response; request counts and latency per route."""
    incoming = request.headers.get("X-Request-Id", "")
    rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    token = logs.request_id.set(rid)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        if not response.prepared:
            response.headers["X-Request-Id"] = rid
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        route = (
            request.match_info.route.resource.canonical
            if request.match_info.route.resource
            else "unmatched"
        )
        if route != "/ws":  # a WebSocket's lifetime is not a request latency
            metrics = request.app[metrics_key]
            metrics.http_requests.labels(request.method, route, str(status)).inc()
            metrics.http_seconds.labels(route).observe(time.perf_counter() - started)
        logs.request_id.reset(token)


@routes.get("/metrics")
async def prometheus(request: web.Request) -> web.Response:
    """With ``SHOPASSIST_METRICS_TOKEN``: for ``Authorization: Bearer <token>`` only. Without
    one: for a scraper on this machine only (a loopback peer, not forwarded by a proxy)."""
    token = request.app[config_key].metrics_token
    if token is not None:
        sent = request.headers.get("Authorization", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            raise web.HTTPUnauthorized(headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    elif not _local(request):
        raise web.HTTPForbidden(text="Set SHOPASSIST_METRICS_TOKEN to scrape from elsewhere.")
    body = request.app[metrics_key].exposition()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def _local(request: web.Request) -> bool:
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False  # a proxy on this machine passes other people's requests on
    try:
        return ip_address(request.remote or "").is_loopback
    except ValueError:
        return False

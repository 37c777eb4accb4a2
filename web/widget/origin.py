"""The Origin check every widget endpoint applies before doing anything for a shop."""

from __future__ import annotations

from aiohttp import web

from assistant.errors import OriginNotAllowed
from assistant.shop.directory import ShopInfo


def own_origin(request: web.Request) -> str:
    """The origin this server is reached at (honours a proxy's X-Forwarded-Proto)."""
    scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
    return f"{scheme}://{request.host}"


def check_origin(request: web.Request, shop: ShopInfo) -> None:
    if not shop.allows_origin(request.headers.get("Origin"), own_origin(request)):
        raise OriginNotAllowed(detail=f"{request.headers.get('Origin')!r} for shop {shop.id}")

"""``widget.js`` as shop pages load it: gzip-compressed for browsers that take it (about a
third of the bytes), with an ETag so a returning visitor revalidates instead of downloading
it again, and a versioned URL (``/widget/<version>.js``) that may be cached for a year.

The file is read and compressed once per process: it only changes with a release.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aiohttp import web

SCRIPT = Path(__file__).resolve().parent.parent / "static" / "widget.js"
CONTENT_TYPE = "text/javascript; charset=utf-8"
#: ``/widget.js``: short, then revalidated with the ETag (a release reaches pages quickly).
SHORT_CACHE = "public, max-age=300"
#: ``/widget/<version>.js``: the content never changes under that URL.
LONG_CACHE = "public, max-age=31536000, immutable"

routes = web.RouteTableDef()


@dataclass(frozen=True, slots=True)
class Script:
    plain: bytes
    gzipped: bytes
    version: str

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


@cache
def widget_script() -> Script:
    plain = SCRIPT.read_bytes()
    return Script(
        plain=plain,
        gzipped=gzip.compress(plain, compresslevel=9, mtime=0),
        version=hashlib.sha256(plain).hexdigest()[:16],
    )


def _accepts_gzip(request: web.Request) -> bool:
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*") and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False


def _matches(request: web.Request, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in wanted.split(","))


def script_response(request: web.Request, cache_control: str) -> web.Response:
    script = widget_script()
    headers = {"Cache-Control": cache_control, "ETag": script.etag, "Vary": "Accept-Encoding"}
    if _matches(request, script.etag):
        return web.Response(status=304, headers=headers)
    if _accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        body = script.gzipped
    else:
        body = script.plain
    response = web.Response(body=body, headers=headers, content_type="text/javascript")
    response.charset = "utf-8"
    return response


@routes.get("/widget.js")
async def widget_js(request: web.Request) -> web.Response:
    return script_response(request, SHORT_CACHE)


@routes.get("/widget/{version}.js")
async def versioned_widget_js(request: web.Request) -> web.Response:
    if request.match_info["version"] != widget_script().version:
        # An older release's URL: the current script, cached briefly like /widget.js.
        raise web.HTTPFound("/widget.js")
    return script_response(request, LONG_CACHE)

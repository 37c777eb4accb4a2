"""widget.js goes out compressed, revalidates with its ETag, and has a versioned URL that
browsers may keep for a year."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import aiohttp

SCRIPT = (Path(__file__).parent.parent / "web" / "static" / "widget.js").read_bytes()


async def _get(client: Any, path: str, **headers: str) -> tuple[aiohttp.ClientResponse, bytes]:
    response = await client.get(path, headers=headers, allow_redirects=False)
    return response, await response.read()


async def test_widget_js_is_gzipped_for_browsers_that_take_it(demo_client: Any) -> None:
    session = aiohttp.ClientSession(auto_decompress=False)
    try:
        url = demo_client.make_url("/widget.js")
        async with session.get(url, headers={"Accept-Encoding": "gzip, deflate, br"}) as resp:
            raw = await resp.read()
            assert resp.headers["Content-Encoding"] == "gzip"
            assert resp.headers["Vary"] == "Accept-Encoding"
            assert resp.content_type == "text/javascript"
        async with session.get(url, headers={"Accept-Encoding": "identity"}) as plain:
            assert "Content-Encoding" not in plain.headers
            assert await plain.read() == SCRIPT
    finally:
        await session.close()
    assert gzip.decompress(raw) == SCRIPT
    assert len(raw) < len(SCRIPT) / 2


async def test_a_returning_visitor_revalidates_instead_of_downloading(demo_client: Any) -> None:
    first, body = await _get(demo_client, "/widget.js")
    etag = first.headers["ETag"]
    assert body == SCRIPT and first.headers["Cache-Control"] == "public, max-age=300"
    again, empty = await _get(demo_client, "/widget.js", **{"If-None-Match": etag})
    assert again.status == 304 and empty == b""
    changed, body = await _get(demo_client, "/widget.js", **{"If-None-Match": '"other"'})
    assert changed.status == 200 and body == SCRIPT


async def test_the_versioned_url_is_cached_for_a_year_and_old_ones_lead_to_the_current(
    demo_client: Any,
) -> None:
    first, _ = await _get(demo_client, "/widget.js")
    version = first.headers["ETag"].strip('"')
    pinned, body = await _get(demo_client, f"/widget/{version}.js")
    assert pinned.status == 200 and body == SCRIPT
    assert pinned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    old, _ = await _get(demo_client, "/widget/0123456789abcdef.js")
    assert old.status == 302 and old.headers["Location"] == "/widget.js"

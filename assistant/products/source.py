"""Where a catalog comes from: a file, or a URL fetched with a timeout and a size limit (the
limit counts the bytes after decompression, so a small gzip cannot unpack into gigabytes)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from assistant.products.entries import FeedError

CHUNK = 64 * 1024


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


async def read_source(
    source: str,
    *,
    max_bytes: int,
    seconds: float,
    progress: Callable[[int, int | None], None] | None = None,
) -> bytes:
    """The bytes of ``source`` (a path or an http(s) URL), or :class:`FeedError` saying why
    not. ``progress(read, total)`` hears of every chunk (``total`` when known)."""
    if is_url(source):
        return await _download(source, max_bytes=max_bytes, seconds=seconds, progress=progress)
    return await asyncio.to_thread(_read_file, Path(source), max_bytes)


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FeedError(_too_large(size, max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew while we looked
        raise FeedError(_too_large(len(data), max_bytes))
    return data


async def _download(
    url: str,
    *,
    max_bytes: int,
    seconds: float,
    progress: Callable[[int, int | None], None] | None,
) -> bytes:
    parts: list[bytes] = []
    read = 0
    try:
        async with (
            asyncio.timeout(seconds),
            aiohttp.ClientSession() as session,
            session.get(url, headers={"Accept": "*/*"}) as response,
        ):
            if response.status != 200:
                raise FeedError(f"{url} answered HTTP {response.status}")
            total = response.content_length
            if total is not None and total > max_bytes:
                raise FeedError(_too_large(total, max_bytes))
            async for chunk in response.content.iter_chunked(CHUNK):
                read += len(chunk)
                if read > max_bytes:
                    raise FeedError(_too_large(read, max_bytes, at_least=True))
                parts.append(chunk)
                if progress is not None:
                    progress(read, total)
    except TimeoutError:
        raise FeedError(f"{url} did not finish within {seconds:g} s") from None
    except aiohttp.ClientError as exc:
        raise FeedError(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from None
    return b"".join(parts)


def _too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    mib = 1024 * 1024
    more = "more than " if at_least else ""
    return (
        f"the catalog is {more}{size / mib:.1f} MiB, over the import limit of {limit / mib:.0f} MiB "
        "(raise SHOPASSIST_MAX_IMPORT_MB)"
    )

"""Request bodies read whole, up to a limit.

``request.content.read(n)`` returns what has arrived so far, not ``n`` bytes: a body sent in
two TCP segments would be cut after the first (a signed webhook then fails its signature).
"""

from __future__ import annotations

from aiohttp import web

from assistant.protocol import FrameTooLarge


async def read_body(request: web.Request, limit: int, what: str = "body") -> bytes:
    """The whole body, or :class:`FrameTooLarge` (413) once it is longer than ``limit``."""
    if request.content_length is not None and request.content_length > limit:
        raise FrameTooLarge(detail=f"{what} of {request.content_length} bytes over {limit}")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.read(limit + 1 - size)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FrameTooLarge(detail=f"{what} over {limit} bytes")

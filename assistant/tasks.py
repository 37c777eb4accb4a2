"""Stopping background tasks: one place for the cancel-then-wait dance that every loop's
shutdown needs, so none of them forgets to wait (a task still running after close writes to a
closed database) or swallows the caller's own cancellation."""

from __future__ import annotations

import asyncio
from typing import Any


async def cancel_and_wait(*tasks: asyncio.Future[Any] | None) -> None:
    """Cancel ``tasks`` (``None`` is skipped) and wait until all have ended.

    A task that ended by being cancelled is the expected outcome; one that ended with another
    error raises it here, as awaiting it would. Unlike ``suppress(CancelledError)`` around an
    ``await``, a cancellation of the caller itself still propagates."""
    present = [task for task in tasks if task is not None]
    pending = [task for task in present if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)
    for task in present:
        if not task.cancelled() and (error := task.exception()) is not None:
            raise error

"""Shutdown of background tasks: every loop stops, errors are not hidden, and the caller's own
cancellation is not swallowed (a server stopping twice must not hang)."""

from __future__ import annotations

import asyncio

import pytest

from assistant.tasks import cancel_and_wait


async def test_running_tasks_are_cancelled_and_awaited() -> None:
    started = asyncio.Event()

    async def forever() -> None:
        started.set()
        await asyncio.sleep(3600)

    tasks = [asyncio.create_task(forever()) for _ in range(3)]
    await started.wait()
    await cancel_and_wait(*tasks, None)
    assert all(task.cancelled() for task in tasks)


async def test_an_error_of_a_task_is_raised_not_hidden() -> None:
    async def broken() -> None:
        raise RuntimeError("disk full")

    task = asyncio.create_task(broken())
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="disk full"):
        await cancel_and_wait(task)


async def test_cancelling_the_caller_still_cancels_the_caller() -> None:
    async def stubborn() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            await asyncio.sleep(3600)  # takes its time to stop

    inner = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    outer = asyncio.create_task(cancel_and_wait(inner))
    await asyncio.sleep(0.01)
    outer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await outer
    inner.cancel()
    with pytest.raises(asyncio.CancelledError):
        await inner

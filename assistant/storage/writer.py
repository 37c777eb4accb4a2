"""Group commit: the writes of many connections share one transaction.

A commit is the expensive part of storing a message (an fsync on SQLite, a round trip on
PostgreSQL). Every unit of work is queued; a worker takes whatever has queued up (up to
``max_batch``), runs the units in one session and commits once, then resolves each caller.
A caller is only answered after its rows are durable, so "acknowledged" still means "stored".
If the shared commit fails, the units are retried one by one so that a single bad unit (a
duplicate, say) cannot take its neighbours down with it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.errors import StorageUnavailable
from assistant.storage.engine import Sessions
from assistant.tasks import cancel_and_wait

log = logging.getLogger(__name__)

T = TypeVar("T")
H = TypeVar("H", bound="BatchHook")
Work = Callable[[AsyncSession], Awaitable[T]]
_Item = tuple[Work[Any], asyncio.Future[Any]]


class BatchWriter:
    def __init__(
        self,
        sessions: Sessions,
        *,
        max_batch: int = 128,
        workers: int = 1,
        timeout: float = 10.0,
        observe: Callable[[int, float], None] | None = None,
    ) -> None:
        """``observe(units, seconds)`` is told about every committed batch (for metrics)."""
        self._sessions = sessions
        self._observe = observe
        self._max_batch = max_batch
        self._timeout = timeout
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._workers = workers
        self._tasks: list[asyncio.Task[None]] = []
        self.batches = 0
        self.units = 0

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._run(), name=f"batch-writer-{i}") for i in range(self._workers)
        ]

    async def close(self) -> None:
        """Finish what is queued, then stop the workers."""
        await self._queue.join()
        log.info("write queue closed", extra={"batches": self.batches, "units": self.units})
        await cancel_and_wait(*self._tasks)
        self._tasks = []

    async def submit(self, work: Work[T]) -> T:
        """Run ``work`` inside a shared transaction; return once it is committed."""
        if not self._tasks:
            raise RuntimeError("BatchWriter.start() was not called")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((work, future))
        return await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._commit(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _commit(self, batch: list[_Item]) -> None:
        live = [item for item in batch if not item[1].done()]
        if not live:
            return
        started = time.perf_counter()
        try:
            results = await self._attempt(live)
        except Exception as exc:
            if len(live) == 1:
                _fail(live[0][1], exc)
                return
            log.debug("group commit of %d units failed (%s); retrying one by one", len(live), exc)
            for item in live:
                await self._commit([item])
            return
        self.batches += 1
        self.units += len(live)
        if self._observe is not None:
            self._observe(len(live), time.perf_counter() - started)
        for (_, future), result in zip(live, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _attempt(self, items: list[_Item]) -> list[Any]:
        async with asyncio.timeout(self._timeout), self._sessions() as session:
            results = [await work(session) for work, _ in items]
            await batch_of(session).finish(session)
            await session.flush()
            await session.commit()
            return [r.value() if isinstance(r, Later) else r for r in results]


class Later(Generic[T]):
    """A unit's result that can only be known once the whole batch is flushed (the ids of new
    rows, say): the unit returns ``Later(fn)`` and its caller receives ``fn()``."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn

    def value(self) -> T:
        return self._fn()


class BatchHook(Protocol):
    async def run(self, db: AsyncSession) -> None: ...


class BatchContext:
    """Work that all units of one group commit share, done once after the last unit and
    before the commit: what would be one statement per unit becomes one per batch."""

    def __init__(self) -> None:
        self._hooks: dict[str, BatchHook] = {}

    def hook(self, key: str, make: Callable[[], H]) -> H:
        """The batch's hook under ``key``, made on first use."""
        hook = self._hooks.get(key)
        if hook is None:
            hook = self._hooks[key] = make()
        return hook  # type: ignore[return-value]

    async def finish(self, db: AsyncSession) -> None:
        hooks, self._hooks = list(self._hooks.values()), {}
        for hook in hooks:
            await hook.run(db)


def batch_of(db: AsyncSession) -> BatchContext:
    """The batch a session's units belong to (a session outside the writer gets its own)."""
    context = db.info.get("batch")
    if context is None:
        context = db.info["batch"] = BatchContext()
    return context


def _fail(future: asyncio.Future[Any], exc: Exception) -> None:
    if future.done():
        return
    if isinstance(exc, IntegrityError):
        future.set_exception(exc)
    elif isinstance(exc, OperationalError | DBAPIError | OSError | TimeoutError):
        log.warning("database write failed: %s", type(exc).__name__, exc_info=exc)
        future.set_exception(StorageUnavailable(detail=type(exc).__name__))
    else:
        future.set_exception(exc)

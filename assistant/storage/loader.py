"""Batched reads: the lookups of many connections share one query.

Every shopper message first reads its conversation (status, flow state, and whether this
``client_id`` was stored before). One query per message costs a session, a pool checkout and
several hops to the database driver's thread; under load that, not the query, is the price.
:class:`BatchLoader` gathers the keys asked for while the previous query runs and fetches them
all with the next one (the "data loader" pattern), so a burst of messages costs a handful of
queries. A lone request is not delayed: it runs at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Generic, TypeVar

from assistant.tasks import cancel_and_wait

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Load = Callable[[Sequence[K]], Awaitable[dict[K, V]]]


class BatchLoader(Generic[K, V]):
    """``await loader.get(key)`` -> the value ``load`` returned for that key, or ``None``.
    ``load`` receives distinct keys, at most ``max_batch`` of them; its exception reaches every
    caller of that round."""

    def __init__(self, load: Load[K, V], *, max_batch: int = 256) -> None:
        self._load = load
        self._max_batch = max_batch
        self._waiting: dict[K, list[asyncio.Future[V | None]]] = {}
        self._task: asyncio.Task[None] | None = None
        self.rounds = 0

    async def get(self, key: K) -> V | None:
        future: asyncio.Future[V | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append(future)
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="batch-loader")
        return await future

    async def close(self) -> None:
        await cancel_and_wait(self._task)

    async def _run(self) -> None:
        try:
            while self._waiting:
                keys = list(self._waiting)[: self._max_batch]
                round_ = {k: self._waiting.pop(k) for k in keys}
                self.rounds += 1
                try:
                    found = await self._load(keys)
                except Exception as exc:
                    for futures in round_.values():
                        for f in futures:
                            if not f.done():
                                f.set_exception(exc)
                    continue
                except BaseException:
                    for futures in round_.values():
                        for f in futures:
                            f.cancel()
                    raise
                for key, futures in round_.items():
                    value = found.get(key)
                    for f in futures:
                        if not f.done():
                            f.set_result(value)
        finally:
            self._task = None

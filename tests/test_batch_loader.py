"""The batched read behind every shopper message: many lookups, few queries, right answers."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from assistant.storage.loader import BatchLoader


async def test_concurrent_lookups_share_a_query_and_each_gets_its_own_value() -> None:
    calls: list[list[int]] = []

    async def load(keys: Sequence[int]) -> dict[int, str]:
        calls.append(list(keys))
        await asyncio.sleep(0)
        return {k: f"v{k}" for k in keys if k % 3}

    loader: BatchLoader[int, str] = BatchLoader(load)
    keys = [1, 2, 3, 4, 5, 1, 2] * 10
    values = await asyncio.gather(*(loader.get(k) for k in keys))
    assert values == [f"v{k}" if k % 3 else None for k in keys]
    assert len(calls) == 1 and sorted(calls[0]) == [1, 2, 3, 4, 5]  # distinct keys, one query


async def test_requests_during_a_query_go_into_the_next_one() -> None:
    gate = asyncio.Event()
    calls: list[list[str]] = []

    async def load(keys: Sequence[str]) -> dict[str, int]:
        calls.append(list(keys))
        if len(calls) == 1:
            await gate.wait()
        return {k: len(k) for k in keys}

    loader: BatchLoader[str, int] = BatchLoader(load)
    first = asyncio.ensure_future(loader.get("a"))
    await asyncio.sleep(0.01)  # the first query is running
    later = [asyncio.ensure_future(loader.get(k)) for k in ("bb", "ccc")]
    await asyncio.sleep(0.01)
    gate.set()
    assert await first == 1
    assert [await f for f in later] == [2, 3]
    assert calls == [["a"], ["bb", "ccc"]]


async def test_a_failing_query_fails_its_callers_and_the_loader_keeps_working() -> None:
    fail = True

    async def load(keys: Sequence[int]) -> dict[int, int]:
        if fail:
            raise ConnectionError("database gone")
        return {k: k for k in keys}

    loader: BatchLoader[int, int] = BatchLoader(load)
    results = await asyncio.gather(loader.get(1), loader.get(2), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)
    fail = False
    assert await loader.get(7) == 7


async def test_batches_are_capped() -> None:
    sizes: list[int] = []

    async def load(keys: Sequence[int]) -> dict[int, int]:
        sizes.append(len(keys))
        return {k: k for k in keys}

    loader: BatchLoader[int, int] = BatchLoader(load, max_batch=10)
    assert await asyncio.gather(*(loader.get(k) for k in range(25))) == list(range(25))
    assert sizes == [10, 10, 5]


async def test_a_lone_request_is_answered() -> None:
    async def load(keys: Sequence[int]) -> dict[int, int]:
        return {k: -k for k in keys}

    assert await BatchLoader(load).get(4) == -4

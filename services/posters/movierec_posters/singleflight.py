"""Concurrent requests for one key share a single call instead of each making their own."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class SingleFlight(Generic[V]):
    """The first caller for a key starts ``fn`` as a task; later callers await the same task.

    Callers are shielded from each other: one caller giving up (a client disconnecting)
    does not cancel the call the others wait for.
    """

    def __init__(self) -> None:
        self._inflight: dict[str, asyncio.Task[V]] = {}

    def __len__(self) -> int:
        return len(self._inflight)

    async def do(self, key: str, fn: Callable[[], Coroutine[Any, Any, V]]) -> V:
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.create_task(fn())
            self._inflight[key] = task
            task.add_done_callback(functools.partial(self._forget, key))
        return await asyncio.shield(task)

    def _forget(self, key: str, task: asyncio.Task[V]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]

    async def cancel_all(self) -> None:
        """Stop every call in flight (shutdown)."""
        tasks = list(self._inflight.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

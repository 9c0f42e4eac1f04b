"""Trying again with backoff: how a service waits for data or artifacts that arrive late."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def until_it_works(
    attempt: Callable[[], Awaitable[T]],
    on_failure: Callable[[Exception, float], None],
    *,
    first_s: float = 1.0,
    max_s: float = 30.0,
) -> T:
    """Await ``attempt()`` until it returns; after each failure ``on_failure(error, wait)``
    reports it, then the wait (``first_s``, doubling up to ``max_s``) passes."""
    delay = first_s
    while True:
        try:
            return await attempt()
        except Exception as exc:  # any failure: the caller says why and we try again
            on_failure(exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_s)

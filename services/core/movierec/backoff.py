"""Trying again with backoff: how a service waits for data or artifacts that arrive late."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def until_it_works(
    attempt: Callable[[], Awaitable[T]],
    on_failure: Callable[[str], None],
    *,
    what: str,
    log: logging.Logger,
    first_s: float = 1.0,
    max_s: float = 30.0,
) -> T:
    """Await ``attempt()`` until it returns. After each failure the wait (``first_s``,
    doubling up to ``max_s``) passes; before it, a warning says that we cannot ``what`` yet,
    and ``on_failure`` gets the status line for ``/readyz``: the reason and the wait."""
    delay = first_s
    while True:
        try:
            return await attempt()
        except Exception as exc:  # any failure: the caller says why and we try again
            status = f"{str(exc) or type(exc).__name__} (trying again in {delay:g} s)"
            log.warning("cannot %s yet: %s", what, status, extra={"error": type(exc).__name__})
            on_failure(status)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_s)

"""Threads: one BLAS thread per request, and long loads that never hold up shutdown.

A service answers many single-user requests at once; each is a small matrix-vector product
that a multi-threaded BLAS only slows down (thread hand-offs, and N requests x M BLAS threads
fighting over the cores). So BLAS and OpenMP get one thread per process unless configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def pin_blas_threads(prefix: str) -> None:
    """Set the BLAS/OpenMP thread variables to ``<prefix>THREADS`` (default 1).

    Only has an effect before numpy is imported (call it first thing in ``__main__``); values
    already in the environment are kept. :func:`limit_blas_threads` covers the other cases.
    """
    threads = os.environ.get(f"{prefix}THREADS", "1")
    for name in _THREAD_VARS:
        os.environ.setdefault(name, threads)


def limit_blas_threads(threads: int) -> None:
    """Cap the BLAS and OpenMP pools of this process at ``threads``, numpy already loaded."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    threadpool_limits(limits=threads)


async def in_daemon_thread(name: str, fn: Callable[[], T]) -> T:
    """``fn()`` in a daemon thread of its own, awaited without blocking the event loop.

    For minutes-long work (training at start): cancelling the await abandons the thread, and
    a daemon thread does not keep a stopping process alive the way a pool worker would.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = fn()
        except BaseException as exc:  # handed to the awaiting task
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is waiting
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=work, name=name, daemon=True).start()
    return await future

"""Loading the catalogue in the background, so the process answers probes at once.

Until the data set is loaded, ``/readyz`` says so and the routes that need it answer 503
with the reason (still loading, or the data error that stopped it).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import anyio.to_thread

from movierec.data.sources import load_dataset
from movierec.errors import MovierecError
from movierec.http import ApiError, Check
from movierec.http.heap import freeze_heap
from movierec_gateway.catalogue import Catalogue
from movierec_gateway.onboarding import OnboardingPool
from movierec_gateway.search import TitleIndex

log = logging.getLogger("movierec.gateway.catalogue")


@dataclass(frozen=True, eq=False)
class Loaded:
    """Everything the routes read, built once from the data set."""

    catalogue: Catalogue
    titles: TitleIndex
    onboarding: OnboardingPool

    @classmethod
    def build(cls, source: str, pool_size: int) -> Loaded:
        catalogue = Catalogue.from_dataset(load_dataset(source))
        titles = TitleIndex(catalogue.raw_titles, catalogue.years, catalogue.popularity)
        return cls(catalogue, titles, OnboardingPool(catalogue, pool_size))


class CatalogueHolder:
    """The loaded catalogue once it is there; the load runs in a worker thread."""

    def __init__(self, source: str, pool_size: int, *, freeze: bool = True) -> None:
        self._source, self._pool_size = source, pool_size
        #: Hide the loaded catalogue from the cycle collector (see movierec.http.heap).
        self._freeze = freeze
        self._loaded: Loaded | None = None
        self._error: str | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._load(), name="load-catalogue")

    async def wait(self) -> Loaded | None:
        """The catalogue once loading has finished (None if it failed)."""
        if self._task is not None:
            await asyncio.shield(self._task)
        return self._loaded

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _load(self) -> None:
        start = time.perf_counter()
        try:
            loaded = await anyio.to_thread.run_sync(Loaded.build, self._source, self._pool_size)
        except MovierecError as exc:
            self._error = str(exc)
            log.error("cannot load the catalogue: %s", exc, extra={"source": self._source})
            return
        except Exception as exc:  # an unreadable source must not leave us 'loading' forever
            self._error = f"{type(exc).__name__}: {exc}"
            log.exception("cannot load the catalogue", extra={"source": self._source})
            return
        self._loaded = loaded
        if self._freeze:
            freeze_heap("loading the catalogue")
        log.info(
            "catalogue loaded",
            extra={
                "dataset": loaded.catalogue.name,
                "movies": loaded.catalogue.size,
                "onboarding_pool": len(loaded.onboarding),
                "seconds": round(time.perf_counter() - start, 3),
            },
        )

    def get(self) -> Loaded:
        """The catalogue, or a 503 saying why there is none yet."""
        if self._loaded is not None:
            return self._loaded
        if self._error is not None:
            raise ApiError(
                503,
                "catalogue_unavailable",
                f"The movie catalogue could not be loaded: {self._error}",
            )
        raise ApiError(
            503,
            "catalogue_loading",
            "The movie catalogue is still loading; retry in a moment.",
            headers={"Retry-After": "1"},
        )

    def check(self) -> Check:
        if self._loaded is not None:
            c = self._loaded.catalogue
            return Check(True, f"{c.size} movies from {c.name}")
        return Check(False, self._error or "loading")

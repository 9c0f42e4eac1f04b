"""Loading the catalogue in the background, so the process answers probes at once.

Until the data set is loaded, ``/readyz`` says so and the routes that need it answer 503
with the reason (still loading, or the data error of the last attempt). A failed load is
tried again with backoff, so a gateway started before its data set exists (beside the Helm
release's prepare Job) becomes ready once the data arrives. Afterwards the data files are
watched: a changed data set is loaded in the background and swapped in whole.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import anyio.to_thread

from movierec.backoff import until_it_works
from movierec.data.sources import load_dataset, require_source
from movierec.data.watch import Signature, files_signature
from movierec.errors import UnavailableError
from movierec.http import Check
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
    def build(cls, source: str | None, pool_size: int) -> Loaded:
        catalogue = Catalogue.from_dataset(load_dataset(require_source(source)))
        titles = TitleIndex(catalogue.raw_titles, catalogue.years, catalogue.popularity)
        return cls(catalogue, titles, OnboardingPool(catalogue, pool_size))


class CatalogueHolder:
    """The loaded catalogue once it is there; the load runs in a worker thread."""

    def __init__(
        self,
        source: str | None,
        pool_size: int,
        *,
        freeze: bool = True,
        retry_max_s: float = 30.0,
        reload_interval_s: float = 30.0,
    ) -> None:
        self._source, self._pool_size = source, pool_size
        #: Hide the loaded catalogue from the cycle collector (see movierec.http.heap).
        self._freeze = freeze
        self._retry_max_s, self._reload_interval_s = retry_max_s, reload_interval_s
        self._loaded: Loaded | None = None
        self._error: str | None = None
        self._task: asyncio.Task[None] | None = None
        #: The data files as loaded, and as seen at the last look (changes must settle).
        self._signature: Signature | None = None
        self._seen: Signature | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._load(), name="load-catalogue")

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _load(self) -> None:
        """Load until it works (backoff 1 s doubling), then watch the files for changes."""

        def failed(status: str) -> None:  # no data yet, or bad data
            self._error = status

        await until_it_works(
            self._build, failed, what="load the catalogue", log=log, max_s=self._retry_max_s
        )
        self._error = None
        while self._reload_interval_s > 0:
            await asyncio.sleep(self._reload_interval_s)
            signature = await anyio.to_thread.run_sync(files_signature, self._source)
            settled, self._seen = signature == self._seen, signature
            if signature is not None and signature != self._signature and settled:
                try:
                    await self._build()
                except Exception as exc:  # the loaded catalogue keeps serving
                    log.error("reloading the catalogue failed: %s", exc)

    async def _build(self) -> None:
        """Load the catalogue and swap it in whole."""
        start = time.perf_counter()
        signature = await anyio.to_thread.run_sync(files_signature, self._source)
        loaded = await anyio.to_thread.run_sync(Loaded.build, self._source, self._pool_size)
        self._signature = self._seen = signature
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
            raise UnavailableError(
                f"The movie catalogue could not be loaded: {self._error}",
                code="catalogue_unavailable",
                retry_after_s=1,
            )
        raise UnavailableError(
            "The movie catalogue is still loading; retry in a moment.",
            code="catalogue_loading",
            retry_after_s=1,
        )

    def check(self) -> Check:
        if self._loaded is not None:
            c = self._loaded.catalogue
            return Check(True, f"{c.size} movies from {c.name}")
        return Check(False, self._error or "loading")

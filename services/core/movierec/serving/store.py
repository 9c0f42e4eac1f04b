"""The data set and the models a service serves: loaded in the background, kept current.

At start the data set is loaded, then the default model (newest matching artifact, else
trained and saved); the service is ready once both are. Until then every failure (no data
yet, a broken artifact) is reported by ``/readyz`` and tried again with backoff, so a service
started before its data or its artifacts exist becomes ready on its own when they arrive.
With ``warm_up`` the other models follow in the background, otherwise each loads on its
first request; concurrent requests for a model wait for the same load.

Afterwards, every ``reload_interval_s`` the store looks for a newer artifact of each model
and for changed data files, loads what changed in a background thread while the current
models keep answering, and swaps it in between two requests: no request fails or waits.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from movierec.artifacts import Artifact, ArtifactError, DatasetStamp, find_latest, load_artifact
from movierec.backoff import until_it_works
from movierec.data.dataset import Dataset
from movierec.data.sources import load_dataset, require_source
from movierec.data.watch import Signature, files_signature
from movierec.errors import InvalidRequestError, UnavailableError
from movierec.http.health import Check, Readiness
from movierec.http.heap import freeze_heap
from movierec.recommender import Recommender
from movierec.serving.catalogue import ServingCatalogue
from movierec.serving.metrics import ServingMetrics
from movierec.serving.settings import BackendSettings
from movierec.serving.threads import in_daemon_thread, limit_blas_threads
from movierec.training import load_or_train

log = logging.getLogger("movierec.serving")


@dataclass(frozen=True, eq=False)
class LoadedModel:
    """A servable model; ``cache`` holds what a service derives from it once (e.g. profiles)."""

    name: str
    artifact: Artifact
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def model(self) -> Recommender:
        return self.artifact.model

    @property
    def version(self) -> str:
        return self.artifact.manifest.version


def _trained_since(artifact: Artifact, started: datetime) -> bool:
    """Whether ``artifact`` was made by this load (an in-memory model has no creation time)."""
    created = artifact.manifest.created
    return not created or datetime.fromisoformat(created) >= started


def _done(loaded: LoadedModel) -> asyncio.Future[LoadedModel]:
    """A finished load: what a swapped-in model looks like to ``get``."""
    future: asyncio.Future[LoadedModel] = asyncio.get_running_loop().create_future()
    future.set_result(loaded)
    return future


class ModelStore:
    """Owns the data set and every loaded model of one service."""

    def __init__(self, settings: BackendSettings, metrics: ServingMetrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.dataset: Dataset | None = None
        self.catalogue: ServingCatalogue | None = None
        #: Why the service cannot serve yet (data or default model failed; being retried).
        self.error: str | None = None
        self._loads: dict[str, asyncio.Future[LoadedModel]] = {}
        #: Called in the loading thread with each model once it is loaded, before it serves.
        self.on_loaded: list[Callable[[LoadedModel, ServingCatalogue], None]] = []
        #: Models the warm-up will load once the default one is ready.
        self._queued = (
            {m for m in settings.models if m != settings.default_model}
            if settings.warm_up
            else set()
        )
        #: The data files as loaded, and as seen at the last look (changes must settle).
        self._signature: Signature | None = None
        self._seen: Signature | None = None

    @property
    def default(self) -> str:
        return self.settings.default_model

    # -- start-up -------------------------------------------------------------------------
    async def start(self) -> None:
        """Load data and the default model (retrying until they load), warm the others,
        then keep them current; run as a background task."""
        await self._until_ready()
        for name in self.settings.models:
            if name in self._queued:
                self._queued.discard(name)
                # A failure is logged and kept for /readyz; the others still load.
                await asyncio.gather(self._task(name), return_exceptions=True)
        await self._keep_current()

    async def _until_ready(self) -> None:
        async def attempt() -> None:
            if self.dataset is None:
                signature = files_signature(self.settings.data_dir)
                self.dataset, self.catalogue = await in_daemon_thread(
                    "load-data", self._read_dataset
                )
                self._signature = self._seen = signature
            await self._task(self.default)

        def failed(status: str) -> None:
            self._loads.pop(self.default, None)  # the next attempt loads it afresh
            self.error = status

        await until_it_works(
            attempt, failed, what="serve", log=log, max_s=self.settings.retry_max_s
        )
        self.error = None

    def _read_dataset(self) -> tuple[Dataset, ServingCatalogue]:
        source = require_source(self.settings.data_dir)
        started = time.perf_counter()
        dataset = load_dataset(source)
        for line in dataset.skipped.lines():
            log.warning(line)
        log.info(
            "data set %s loaded",
            dataset.name,
            extra={
                "users": dataset.n_users,
                "movies": dataset.n_movies,
                "ratings": dataset.n_ratings,
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
        return dataset, ServingCatalogue(dataset.movies)

    async def close(self) -> None:
        """Stop waiting for loads still running (their daemon threads are abandoned)."""
        for future in self._loads.values():
            future.cancel()
        await asyncio.gather(*self._loads.values(), return_exceptions=True)

    # -- models ---------------------------------------------------------------------------
    def _task(self, name: str) -> asyncio.Future[LoadedModel]:
        future = self._loads.get(name)
        if future is None:
            future = asyncio.create_task(self._load(name), name=f"load-{name}")
            self._loads[name] = future
        return future

    async def _load(self, name: str, path: Path | None = None) -> LoadedModel:
        """Load ``name`` for the current data: the artifact at ``path``, else the newest
        matching one, else train it."""
        dataset, catalogue = self.dataset, self.catalogue
        assert dataset is not None, "models load after the data set"
        assert catalogue is not None
        started_at = datetime.now(UTC)
        started = time.perf_counter()
        try:
            loaded = await in_daemon_thread(
                f"load-{name}", lambda: self._load_blocking(name, dataset, catalogue, path)
            )
        except Exception as exc:
            log.error("model %s could not be loaded: %s", name, exc, extra={"model": name})
            raise
        if self.settings.gc_freeze:
            freeze_heap(f"loading model {name}")
        artifact = loaded.artifact
        seconds = time.perf_counter() - started
        source = "trained" if _trained_since(artifact, started_at) else "artifact"
        self.metrics.load_seconds.labels(name, source).set(seconds)
        log.info(
            "model %s %s ready",
            name,
            artifact.manifest.version,
            extra={
                "model": name,
                "version": artifact.manifest.version,
                "source": source,
                "seconds": round(seconds, 3),
                "artifact": str(artifact.path) if artifact.path.parts else None,
            },
        )
        return loaded

    def _load_blocking(
        self, name: str, dataset: Dataset, catalogue: ServingCatalogue, path: Path | None
    ) -> LoadedModel:
        settings = self.settings
        if path is not None:
            artifact = load_artifact(path, expect=DatasetStamp.of(dataset))
        else:
            artifact = load_or_train(dataset, name, settings.model_dir, seed=settings.seed)
        if not np.array_equal(artifact.movie_ids, dataset.movie_ids):
            raise ArtifactError(f"{artifact.path}: its movie ids differ from the catalogue's")
        # Models bring libraries (scipy's BLAS, OpenMP) that were not loaded when the app
        # capped the thread pools; cap them too, before the hooks time the model.
        limit_blas_threads(settings.threads)
        loaded = LoadedModel(name, artifact)
        for hook in self.on_loaded:
            hook(loaded, catalogue)
        return loaded

    # -- keeping current ------------------------------------------------------------------
    async def _keep_current(self) -> None:
        """Every ``reload_interval_s``: reload changed data, or swap in newer artifacts."""
        interval = self.settings.reload_interval_s
        while interval > 0:
            await asyncio.sleep(interval)
            try:
                await self.refresh()
            except Exception as exc:  # the loaded models keep serving
                log.error("reload failed, still serving what was loaded: %s", exc)

    async def refresh(self) -> None:
        """One look for changed data files (once they have settled) and newer artifacts."""
        signature = await asyncio.to_thread(files_signature, self.settings.data_dir)
        settled, self._seen = signature == self._seen, signature
        if signature is not None and signature != self._signature and settled:
            await self._reload_data(signature)
            return
        dataset, model_dir = self.dataset, self.settings.model_dir
        if dataset is None or model_dir is None:
            return
        stamp = DatasetStamp.of(dataset)
        for name, future in list(self._loads.items()):
            if not future.done() or future.cancelled():
                continue
            current = None if future.exception() else future.result().artifact.path
            latest = await asyncio.to_thread(find_latest, model_dir, name, stamp)
            if latest is not None and latest != current:
                self._loads[name] = _done(await self._load(name, latest))
                log.info("model %s: swapped in %s", name, latest.name, extra={"model": name})

    async def _reload_data(self, signature: Signature) -> None:
        """Load the changed data set and every model loaded so far for it, then swap them
        all in at once; until then the old ones answer."""
        dataset, catalogue = await in_daemon_thread("reload-data", self._read_dataset)
        old = self.dataset
        if old is not None and not DatasetStamp.of(old).mismatch(DatasetStamp.of(dataset)):
            self._signature = signature  # touched, not changed
            return
        names = [n for n, f in self._loads.items() if f.done() and not f.exception()]
        models = {}
        for name in names:
            models[name] = await in_daemon_thread(
                f"reload-{name}", partial(self._load_blocking, name, dataset, catalogue, None)
            )
        self.dataset, self.catalogue, self._signature = dataset, catalogue, signature
        self._loads = {name: _done(loaded) for name, loaded in models.items()}
        if self.settings.gc_freeze:
            freeze_heap("reloading the data set")
        log.info(
            "data set %s changed: %d model(s) reloaded",
            dataset.name,
            len(models),
            extra={"models": names},
        )

    def check_name(self, name: str | None) -> str:
        """The model a request means; one this service does not offer is an invalid request."""
        chosen = name or self.default
        if chosen not in self.settings.models:
            raise InvalidRequestError(
                f"Unknown model {chosen!r}; "
                f"this service offers: {', '.join(self.settings.models)}.",
                {"model": chosen, "valid": list(self.settings.models)},
                code="unknown_model",
            )
        return chosen

    @property
    def ready(self) -> bool:
        task = self._loads.get(self.default)
        return self.catalogue is not None and task is not None and _succeeded(task)

    async def get(self, name: str | None = None) -> tuple[LoadedModel, ServingCatalogue]:
        """The model ``name`` (default: the service's), loading it on first use.

        Unavailable while the service is starting or when the model cannot be loaded.
        """
        chosen = self.check_name(name)
        if not self.ready or self.catalogue is None:
            raise UnavailableError(
                self.error or "The service is still loading its model; retry shortly.",
                code="not_ready",
                retry_after_s=1,
            )
        try:
            # Shielded: a client giving up must not cancel a load others wait for.
            loaded = await asyncio.shield(self._task(chosen))
        except Exception as exc:
            raise UnavailableError(
                f"Model {chosen!r} could not be loaded: {exc}",
                {"model": chosen},
                code="model_unavailable",
            ) from exc
        return loaded, self.catalogue

    # -- readiness ------------------------------------------------------------------------
    async def readiness(self) -> Readiness:
        """Ready once data and default model are loaded; the other models are informative."""
        checks = {"data": self._data_check()}
        for name in self.settings.models:
            checks[f"model:{name}"] = self._model_check(name)
        return Readiness(checks)

    def _data_check(self) -> Check:
        if self.dataset is not None:
            d = self.dataset
            detail = f"{d.name}: {d.n_users} users, {d.n_movies} movies, {d.n_ratings} ratings"
            return Check(True, detail)
        return Check(False, f"failed: {self.error}" if self.error else "loading")

    def _model_check(self, name: str) -> Check:
        critical = name == self.default
        task = self._loads.get(name)
        if task is None:
            if critical:
                return Check(False, f"failed: {self.error}" if self.error else "loading")
            if name in self._queued:
                return Check(False, "queued", critical=False)
            return Check(True, "loads on first request", critical=False)
        if not task.done():
            return Check(False, "loading", critical)
        if task.cancelled():
            return Check(False, "cancelled", critical)
        if (exc := task.exception()) is not None:
            return Check(False, f"failed: {exc}", critical)
        loaded = task.result()
        return Check(True, f"{loaded.version} loaded", critical)


def _succeeded(task: asyncio.Future[LoadedModel]) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None

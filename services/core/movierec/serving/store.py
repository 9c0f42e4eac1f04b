"""The data set and the models a service serves: loaded in the background, others on demand.

At start the data set is loaded, then the default model (newest matching artifact, else
trained and saved); the service is ready once both are. With ``warm_up`` the other models
follow in the background, otherwise each loads on its first request. A model's load runs once:
concurrent requests for it wait for the same load, and a failed load stays failed (the reason
is in ``/readyz`` and in every answer that needed the model).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from movierec.artifacts import Artifact, ArtifactError
from movierec.data.dataset import Dataset
from movierec.data.sources import load_dataset
from movierec.errors import MovierecError
from movierec.http.errors import ApiError
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


class ModelStore:
    """Owns the data set and every loaded model of one service."""

    def __init__(self, settings: BackendSettings, metrics: ServingMetrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.dataset: Dataset | None = None
        self.catalogue: ServingCatalogue | None = None
        #: Why the service cannot serve at all (data or default model failed), else None.
        self.error: str | None = None
        #: Called once ``error`` is set; the runner uses it to stop the process (exit code 1).
        self.on_fatal: Callable[[], None] | None = None
        self._loads: dict[str, asyncio.Task[LoadedModel]] = {}
        #: Called in the loading thread with each model once it is loaded, before it serves.
        self.on_loaded: list[Callable[[LoadedModel, ServingCatalogue], None]] = []
        #: Models the warm-up will load once the default one is ready.
        self._queued = (
            {m for m in settings.models if m != settings.default_model}
            if settings.warm_up
            else set()
        )

    @property
    def default(self) -> str:
        return self.settings.default_model

    # -- start-up -------------------------------------------------------------------------
    async def start(self) -> None:
        """Load data and the default model, then warm the others; run as a background task."""
        try:
            self.dataset, self.catalogue = await in_daemon_thread("load-data", self._read_dataset)
            await self._task(self.default)
        except Exception as exc:
            self._fail(exc)
            return
        for name in self.settings.models:
            if name in self._queued:
                self._queued.discard(name)
                # A failure is logged and kept for /readyz; the others still load.
                await asyncio.gather(self._task(name), return_exceptions=True)

    def _read_dataset(self) -> tuple[Dataset, ServingCatalogue]:
        if not self.settings.data_dir:
            raise MovierecError("no data: set MOVIEREC_DATA_DIR to a MovieLens data source")
        started = time.perf_counter()
        dataset = load_dataset(self.settings.data_dir)
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

    def _fail(self, exc: BaseException) -> None:
        self.error = str(exc) or type(exc).__name__
        log.error("cannot serve: %s", self.error, extra={"error": type(exc).__name__})
        if self.on_fatal is not None:
            self.on_fatal()

    async def close(self) -> None:
        """Stop waiting for loads still running (their daemon threads are abandoned)."""
        for task in self._loads.values():
            task.cancel()
        await asyncio.gather(*self._loads.values(), return_exceptions=True)

    # -- models ---------------------------------------------------------------------------
    def _task(self, name: str) -> asyncio.Task[LoadedModel]:
        task = self._loads.get(name)
        if task is None:
            task = asyncio.create_task(self._load(name), name=f"load-{name}")
            self._loads[name] = task
        return task

    async def _load(self, name: str) -> LoadedModel:
        dataset = self.dataset
        assert dataset is not None, "models load after the data set"
        settings = self.settings
        started_at = datetime.now(UTC)
        started = time.perf_counter()
        catalogue = self.catalogue
        assert catalogue is not None

        def load() -> LoadedModel:
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

        try:
            loaded = await in_daemon_thread(f"load-{name}", load)
            artifact = loaded.artifact
        except Exception as exc:
            log.error("model %s could not be loaded: %s", name, exc, extra={"model": name})
            raise
        if settings.gc_freeze:
            freeze_heap(f"loading model {name}")
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

    def check_name(self, name: str | None) -> str:
        """The model a request means; 422 for one this service does not offer."""
        chosen = name or self.default
        if chosen not in self.settings.models:
            raise ApiError(
                422,
                "unknown_model",
                f"Unknown model {chosen!r}; "
                f"this service offers: {', '.join(self.settings.models)}.",
                {"model": chosen, "valid": list(self.settings.models)},
            )
        return chosen

    @property
    def ready(self) -> bool:
        task = self._loads.get(self.default)
        return self.catalogue is not None and task is not None and _succeeded(task)

    async def get(self, name: str | None = None) -> tuple[LoadedModel, ServingCatalogue]:
        """The model ``name`` (default: the service's), loading it on first use.

        503 while the service is starting or when the model cannot be loaded.
        """
        chosen = self.check_name(name)
        if not self.ready or self.catalogue is None:
            raise ApiError(
                503,
                "not_ready",
                self.error or "The service is still loading its model; retry shortly.",
                headers={"Retry-After": "1"},
            )
        try:
            # Shielded: a client giving up must not cancel a load others wait for.
            loaded = await asyncio.shield(self._task(chosen))
        except Exception as exc:
            raise ApiError(
                503,
                "model_unavailable",
                f"Model {chosen!r} could not be loaded: {exc}",
                {"model": chosen},
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


def _succeeded(task: asyncio.Task[LoadedModel]) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None

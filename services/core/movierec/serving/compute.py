"""One recommendation, from request ids to response arrays.

Mapping ids to columns, building the filter mask, the model's fold-in and ranking and any
service extra (e.g. the user's clusters) run as one step: in a worker thread, so a slow
request never stalls the others, or on the event loop when :class:`InlinePolicy` has seen
that this model's step is cheaper than the thread hop itself.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
import numpy as np

from movierec.recommender import Recommender
from movierec.serving.catalogue import ServingCatalogue
from movierec.serving.inline import InlinePolicy
from movierec.serving.metrics import ServingMetrics
from movierec.serving.schemas import RecommendRequest
from movierec.serving.store import LoadedModel, ModelStore
from movierec.years import YearRange

#: A service's addition to every answer, computed with the model in the worker thread:
#: ``extra(model, columns, ratings)`` gets the known rated columns and their ratings.
Extra = Callable[[Recommender, np.ndarray, np.ndarray], dict[str, Any]]


@dataclass(frozen=True)
class Result:
    """Recommended movie ids, best first, with scores (NaN: fill-in) and reasons (-1: none)."""

    movie_ids: np.ndarray
    scores: np.ndarray
    because: np.ndarray
    fallback: bool
    unknown: list[int]
    extra: dict[str, Any] = field(default_factory=dict)
    #: Time the step took (waiting for a free thread not included).
    seconds: float = 0.0
    #: CPU time of the step (waits for the GIL or a core not included).
    cpu_seconds: float = 0.0

    def items(self) -> list[dict[str, Any]]:
        """The items as wire dicts (validated once, with the whole answer, by its model)."""
        return [
            {
                "movieId": movie_id,
                "score": None if math.isnan(score) else round(score, 6),
                "because": None if because < 0 else because,
            }
            for movie_id, score, because in zip(
                self.movie_ids.tolist(), self.scores.tolist(), self.because.tolist(), strict=True
            )
        ]


def _compute(
    loaded: LoadedModel,
    catalogue: ServingCatalogue,
    movie_ids: np.ndarray,
    ratings: np.ndarray,
    limit: int,
    genre_columns: np.ndarray | None,
    exclude: Sequence[int] | None,
    years: YearRange | None,
    extra: Extra | None,
) -> Result:
    started, started_cpu = time.perf_counter(), time.thread_time()
    columns = catalogue.columns(movie_ids)
    known = columns >= 0
    allowed = catalogue.allowed(genre_columns, exclude, years)
    rec = loaded.model.recommend(columns[known], ratings[known], limit, allowed=allowed)
    unknown = list(dict.fromkeys(movie_ids[~known].tolist()))
    more = extra(loaded.model, columns[known], ratings[known]) if extra is not None else {}
    return Result(
        movie_ids=catalogue.ids(rec.items),
        scores=rec.scores.astype(np.float64),
        because=catalogue.ids(rec.because),
        fallback=rec.fallback,
        unknown=unknown,
        extra=more,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.thread_time() - started_cpu,
    )


class Engine:
    """Runs recommendations for a service: model lookup, compute (inline or in a thread),
    metrics."""

    def __init__(
        self,
        store: ModelStore,
        metrics: ServingMetrics,
        extra: Extra | None = None,
        policy: InlinePolicy | None = None,
    ) -> None:
        self.store = store
        self.metrics = metrics
        self.extra = extra
        self.policy = policy or InlinePolicy(
            store.settings.inline_compute_ms / 1000, store.settings.inline_max_ratings
        )
        store.on_loaded.append(self.calibrate)

    def calibrate(self, loaded: LoadedModel, catalogue: ServingCatalogue) -> None:
        """Measure ``loaded``'s typical request (called in the loading thread, before the
        model serves): twenty ratings of popular movies, the median CPU time of seven runs."""
        model = loaded.model
        popular = np.argsort(-model.popularity_, kind="stable")[:40:2]
        ids = catalogue.ids(popular)
        values = np.resize(np.array([5.0, 4.0, 3.5, 2.0, 4.5], dtype=np.float32), ids.size)
        runs = [
            _compute(loaded, catalogue, ids, values, 20, None, None, None, self.extra).cpu_seconds
            for _ in range(8)
        ]
        cost = float(np.median(runs[1:]))  # the first run warms caches
        self.policy.set_cost(loaded.name, cost)
        self.metrics.typical_compute.labels(loaded.name).set(cost)

    async def run(
        self,
        model: str | None,
        movie_ids: Sequence[int],
        ratings: Sequence[float],
        limit: int,
        *,
        genres: Sequence[str] | None = None,
        exclude: Sequence[int] | None = None,
        years: YearRange | None = None,
        with_extra: bool = True,
    ) -> tuple[LoadedModel, Result]:
        """Top ``limit`` movies for these ratings; 422 for an unknown model or genre.

        An empty ``genres`` list filters nothing, like None: an answer is never empty for it.
        ``years`` keeps the answer to movies released within it (unknown years left out).
        """
        loaded, catalogue = await self.store.get(model)
        genre_columns = None
        if genres:
            genre_columns = catalogue.genre_columns(genres)
        ids = np.asarray(movie_ids, dtype=np.int64)
        values = np.asarray(ratings, dtype=np.float32)
        extra = self.extra if with_extra else None
        args = (loaded, catalogue, ids, values, limit, genre_columns, exclude, years, extra)
        if self.policy.inline(loaded.name, ids.size):
            result = _compute(*args)
            where = "inline"
        else:
            result = await anyio.to_thread.run_sync(_compute, *args)
            where = "thread"
        self.metrics.answered(loaded.name, where, result.seconds, result.fallback)
        if result.unknown:
            self.metrics.ignored.inc(len(result.unknown))
        return loaded, result

    async def answer(self, request: RecommendRequest) -> dict[str, Any]:
        """A RecommendResponse (plus the service's extra fields) for ``request``, as wire dicts."""
        loaded, result = await self.run(
            request.model,
            [r.movie_id for r in request.ratings],
            [r.rating for r in request.ratings],
            request.limit,
            genres=request.genres,
            exclude=request.exclude,
            years=request.years(),
        )
        return {
            "items": result.items(),
            "fallback": result.fallback,
            "ignored": [{"movieId": m, "reason": "unknown movie"} for m in result.unknown],
            "model": {"name": loaded.name, "version": loaded.version},
            **result.extra,
        }

"""Catalogue entries as API objects, with posters fetched in one batch that may fail softly."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import numpy as np

from movierec_gateway.catalogue import Catalogue, Movie
from movierec_gateway.clients import BackendError, Backends
from movierec_gateway.metrics import GatewayMetrics
from movierec_gateway.poster_cache import PosterNearCache
from movierec_gateway.schemas import MovieOut, Problem

log = logging.getLogger("movierec.gateway")

PosterUrls = dict[str, str | None]

#: The posters service's ``source`` for a movie OMDb has no poster of: a fact worth keeping.
NO_POSTER = "not-found"


def problem_dict(error: BackendError) -> dict[str, Any]:
    """:func:`problem_of` as the JSON object the API shows."""
    return {"part": error.backend, "code": error.code, "message": error.message}


def problem_of(error: BackendError) -> Problem:
    """What the caller learns about a failed backend (nothing secret: our own wording)."""
    return Problem(part=error.backend, code=error.code, message=error.message)


class Posters:
    """Poster URLs for catalogue movies; a posters outage yields nulls and a Problem.

    URLs found recently come from ``cache``; only the others are asked of the posters service.
    """

    def __init__(self, backends: Backends, metrics: GatewayMetrics, cache: PosterNearCache) -> None:
        self._backends = backends
        self._metrics = metrics
        self._cache = cache

    async def urls(self, movies: Iterable[Movie]) -> tuple[PosterUrls, list[Problem]]:
        urls, problems = await self.urls_of([m.imdb_id for m in movies if m.imdb_id])
        return urls, [Problem.model_validate(p) for p in problems]

    async def urls_of(self, imdb_ids: list[str]) -> tuple[PosterUrls, list[dict[str, Any]]]:
        """Poster URL per IMDb id, and the problem (as a JSON object) when posters failed."""
        cached, missing = self._cache.split(imdb_ids)
        self._metrics.poster_cache.labels("hit").inc(len(cached))
        if not missing:
            return dict(cached), []
        self._metrics.poster_cache.labels("miss").inc(len(missing))
        urls: PosterUrls = dict(cached)
        try:
            answers = await self._backends.poster_answers(missing)
        except BackendError as exc:
            log.warning("posters unavailable", extra={"code": exc.code, "reason": exc.message})
            self._metrics.degraded.labels("posters").inc()
            return urls, [problem_dict(exc)]
        self._cache.put(
            {
                a["imdbId"]: a["url"]
                for a in answers
                if a["url"] is not None or a.get("source") == NO_POSTER
            }
        )
        urls.update((a["imdbId"], a["url"]) for a in answers)
        return urls, []


def movie_fields(movie: Movie, posters: PosterUrls) -> dict[str, Any]:
    """The MovieOut fields of ``movie``, for MovieOut and the models extending it."""
    return {
        "movie_id": movie.movie_id,
        "title": movie.title,
        "year": movie.year,
        "genres": list(movie.genres),
        "imdb_id": movie.imdb_id,
        "poster": posters.get(movie.imdb_id) if movie.imdb_id else None,
    }


def movie_out(movie: Movie, posters: PosterUrls) -> MovieOut:
    return MovieOut(**movie_fields(movie, posters))


def imdb_ids_of(catalogue: Catalogue, cols: np.ndarray) -> list[str]:
    """The IMDb ids of catalogue columns ``cols`` that have one."""
    return [i for i in catalogue.imdb_ids[cols].tolist() if i]


def movies_of(catalogue: Catalogue, movie_ids: Iterable[int]) -> list[Movie]:
    """Catalogue entries of ``movie_ids`` in order, skipping ids the catalogue lacks."""
    ids = list(movie_ids)
    cols = catalogue.columns_of(ids)
    return catalogue.movies(cols[cols >= 0])

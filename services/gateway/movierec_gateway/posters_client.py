"""The gateway's client of the posters service: poster URLs in one batch, failing softly.

A posters outage never fails an answer: the URLs the gateway still has cached are used, the
others are null, and the caller gets the problem to report as ``degraded``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from movierec_gateway.catalogue import Movie
from movierec_gateway.clients import BackendError, Backends
from movierec_gateway.metrics import GatewayMetrics
from movierec_gateway.poster_cache import PosterNearCache
from movierec_gateway.schemas import Problem

log = logging.getLogger("movierec.gateway")

#: Poster URL (None: no poster) per IMDb id.
PosterUrls = dict[str, str | None]

#: The posters service's ``source`` for a movie OMDb has no poster of: a fact worth keeping.
NO_POSTER = "not-found"


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
            return urls, [exc.problem()]
        self._cache.put(
            {
                a["imdbId"]: a["url"]
                for a in answers
                if a["url"] is not None or a.get("source") == NO_POSTER
            }
        )
        urls.update((a["imdbId"], a["url"]) for a in answers)
        return urls, []

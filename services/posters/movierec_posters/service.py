"""The posters use case: cache first, then OMDb for the misses, one upstream call per id."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from movierec.http.health import Check, Readiness
from movierec_posters.cache import PosterCache, connect_redis
from movierec_posters.metrics import PostersMetrics
from movierec_posters.model import Lookup, Source
from movierec_posters.omdb import OmdbClient
from movierec_posters.settings import PostersSettings
from movierec_posters.singleflight import SingleFlight


@dataclass(frozen=True, slots=True)
class Poster:
    imdb_id: str
    url: str | None
    source: Source


class PosterService:
    """Built with the app, connected in :meth:`start` (inside the server's event loop)."""

    def __init__(self, settings: PostersSettings, metrics: PostersMetrics) -> None:
        self._settings = settings
        self._metrics = metrics
        self._flights: SingleFlight[Lookup] = SingleFlight()
        self._cache: PosterCache | None = None
        self._omdb: OmdbClient | None = None

    async def start(self) -> None:
        s = self._settings
        redis = connect_redis(s.redis_url, s.redis_timeout_s) if s.redis_url else None
        self._cache = PosterCache(
            redis,
            self._metrics,
            hit_ttl_s=s.hit_ttl_s,
            miss_ttl_s=s.miss_ttl_s,
            local_size=s.local_cache_size,
            retry_s=s.redis_retry_s,
        )
        self._omdb = OmdbClient(
            s.omdb_base_url,
            s.omdb_api_key,
            self._metrics,
            attempt_timeout_s=s.omdb_attempt_timeout_s,
            timeout_s=s.omdb_timeout_s,
            retries=s.omdb_retries,
            backoff_s=s.omdb_backoff_s,
            max_concurrency=s.omdb_max_concurrency,
            cooldown_s=s.omdb_cooldown_s,
        )

    async def close(self) -> None:
        await self._flights.cancel_all()
        if self._omdb is not None:
            await self._omdb.close()
        if self._cache is not None:
            await self._cache.close()

    async def lookup(self, ids: Sequence[str]) -> list[Poster]:
        """One answer per distinct id, in the order first asked; never raises for OMDb/Redis."""
        cache, _ = self._started()
        unique = list(dict.fromkeys(ids))
        cached = await cache.get_many(unique)
        answers = {
            i: Poster(i, url, Source.CACHE if url else Source.NOT_FOUND)
            for i, url in cached.items()
        }
        misses = [i for i in unique if i not in cached]
        if misses:
            lookups = await asyncio.gather(
                *(self._flights.do(i, partial(self._fetch, i)) for i in misses)
            )
            await cache.store(
                (i, lk.url) for i, lk in zip(misses, lookups, strict=True) if lk.cacheable
            )
            answers.update(
                (i, Poster(i, lk.url, lk.source)) for i, lk in zip(misses, lookups, strict=True)
            )
        for source, count in Counter(a.source for a in answers.values()).items():
            self._metrics.answers.labels(source.value).inc(count)
        return [answers[i] for i in unique]

    async def _fetch(self, imdb_id: str) -> Lookup:
        """The single upstream call for ``imdb_id``; kept in process before anyone else asks."""
        cache, omdb = self._started()
        lookup = await omdb.fetch(imdb_id)
        if lookup.cacheable:
            cache.remember(imdb_id, lookup.url)
        return lookup

    async def readiness(self) -> Readiness:
        """Ready as soon as started: Redis down or no key only degrade the answers."""
        if self._cache is None or self._omdb is None:
            return Readiness({"startup": Check(False, "starting")})
        paused = self._omdb.paused()
        if not self._omdb.has_key:
            omdb = Check(False, "no OMDb key configured: posters answer url null", critical=False)
        elif paused is not None:
            omdb = Check(False, f"calls paused: {paused.value}", critical=False)
        else:
            omdb = Check(True, "key configured", critical=False)
        return Readiness({"redis": await self._cache.check(), "omdb": omdb})

    def _started(self) -> tuple[PosterCache, OmdbClient]:
        if self._cache is None or self._omdb is None:
            raise RuntimeError("PosterService used before start()")
        return self._cache, self._omdb

"""Two cache layers: in-process (fast, and the fallback) in front of Redis (shared, durable).

Redis failing (refused, timeout) never fails a request: the layer is skipped for
``retry_s`` seconds, the in-process cache carries on, and the next call after that tries
Redis again. Batches cost one round trip each way: MGET to read, a pipeline to write.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from movierec.http.health import Check
from movierec_posters.local_cache import TtlCache
from movierec_posters.metrics import PostersMetrics

log = logging.getLogger("movierec.posters.cache")

KEY_PREFIX = "movierec:poster:v1:"
#: Stored for "OMDb has no poster", which is worth remembering too (with the shorter TTL).
_NO_POSTER = ""


def redis_key(imdb_id: str) -> str:
    return f"{KEY_PREFIX}{imdb_id}"


def connect_redis(url: str, timeout_s: float) -> Redis:
    """A client that fails fast: short timeouts and no silent retries, we have a fallback."""
    return Redis.from_url(
        url,
        socket_timeout=timeout_s,
        socket_connect_timeout=timeout_s,
        retry=Retry(NoBackoff(), 0),
        decode_responses=True,
    )


class PosterCache:
    """Maps IMDb ids to a poster URL, or to None for "known to have none"."""

    def __init__(
        self,
        redis: Redis | None,
        metrics: PostersMetrics,
        *,
        hit_ttl_s: int,
        miss_ttl_s: int,
        local_size: int,
        retry_s: float,
    ) -> None:
        self._redis = redis
        self._metrics = metrics
        self._hit_ttl_s, self._miss_ttl_s = hit_ttl_s, miss_ttl_s
        self._retry_s = retry_s
        self._local: TtlCache[str | None] = TtlCache(local_size)
        self._down_until = 0.0
        self._down_reason: str | None = None
        metrics.redis_up.set(1 if redis is not None else 0)

    async def get_many(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Cached answers for those ``ids`` that have one; the rest are absent from the dict."""
        found: dict[str, str | None] = {}
        remote: list[str] = []
        for imdb_id in ids:
            present, url = self._local.get(imdb_id)
            if present:
                found[imdb_id] = url
            else:
                remote.append(imdb_id)
        self._metrics.cache_lookups.labels("memory", "hit").inc(len(found))
        self._metrics.cache_lookups.labels("memory", "miss").inc(len(remote))
        if remote and self._redis_usable():
            assert self._redis is not None
            try:
                values = await self._redis.mget([redis_key(i) for i in remote])
            except (RedisError, OSError) as exc:
                self._redis_failed(exc, len(remote))
            else:
                self._redis_ok()
                hits = 0
                for imdb_id, value in zip(remote, values, strict=True):
                    if value is not None:
                        hits += 1
                        url = str(value) or None
                        found[imdb_id] = url
                        self._local.set(imdb_id, url, self._ttl(url))
                self._metrics.cache_lookups.labels("redis", "hit").inc(hits)
                self._metrics.cache_lookups.labels("redis", "miss").inc(len(remote) - hits)
        return found

    def remember(self, imdb_id: str, url: str | None) -> None:
        """Keep an answer in process (at once, so concurrent requests see it)."""
        self._local.set(imdb_id, url, self._ttl(url))

    async def store(self, entries: Iterable[tuple[str, str | None]]) -> None:
        """Write answers to both layers; Redis gets them in one pipeline, each with its TTL."""
        items = list(entries)
        for imdb_id, url in items:
            self.remember(imdb_id, url)
        if not items or not self._redis_usable():
            return
        assert self._redis is not None
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for imdb_id, url in items:
                    pipe.set(redis_key(imdb_id), url or _NO_POSTER, ex=self._ttl(url))
                await pipe.execute()
        except (RedisError, OSError) as exc:
            self._redis_failed(exc, len(items))
        else:
            self._redis_ok()

    async def check(self) -> Check:
        """Redis state for /readyz; a ping also ends an outage early once Redis is back."""
        if self._redis is None:
            return Check(False, "not configured: in-process cache only", critical=False)
        try:
            await self._redis.ping()
        except (RedisError, OSError) as exc:
            self._redis_failed(exc, 0)
            return Check(
                False, f"unavailable ({self._down_reason}); using in-process cache", critical=False
            )
        self._redis_ok()
        return Check(True, "ok", critical=False)

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()

    def _ttl(self, url: str | None) -> int:
        return self._hit_ttl_s if url else self._miss_ttl_s

    def _redis_usable(self) -> bool:
        return self._redis is not None and time.monotonic() >= self._down_until

    def _redis_failed(self, exc: Exception, keys: int) -> None:
        self._metrics.redis_errors.inc()
        self._metrics.cache_lookups.labels("redis", "error").inc(keys)
        self._metrics.redis_up.set(0)
        reason = type(exc).__name__
        if self._down_reason is None:
            # Only the type: messages name hosts and could one day carry more.
            log.warning(
                "redis unavailable, using the in-process cache",
                extra={"error": reason, "retry_in_s": self._retry_s},
            )
        self._down_reason = reason
        self._down_until = time.monotonic() + self._retry_s

    def _redis_ok(self) -> None:
        if self._down_reason is not None:
            log.info("redis is back", extra={"was": self._down_reason})
            self._down_reason = None
            self._metrics.redis_up.set(1)
        self._down_until = 0.0

"""Poster URLs the gateway already fetched, kept in process for a few minutes.

Every answer shows about twenty posters, mostly of the same few thousand well-known movies.
Asking the posters service each time costs a network round trip and a request's worth of CPU
in two processes; keeping its answers here for ``ttl_s`` removes that hop once warm. Only facts
about a movie are kept (a URL, or OMDb having none); a null for a passing reason (no key,
timeout, rate limit) is asked again next time. The posters service (Redis, OMDb) stays the
source of truth.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from itertools import islice


class PosterNearCache:
    """IMDb id -> poster URL (None: the movie has none) with a time to live and a size bound
    (oldest entries go first)."""

    def __init__(
        self, ttl_s: float, max_entries: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._clock = clock
        #: Insertion order is age order: a refreshed entry is moved to the end.
        self._entries: dict[str, tuple[str | None, float]] = {}

    @property
    def enabled(self) -> bool:
        return self.ttl_s > 0 and self.max_entries > 0

    def __len__(self) -> int:
        return len(self._entries)

    def split(self, imdb_ids: Iterable[str]) -> tuple[dict[str, str | None], list[str]]:
        """The cached answers for ``imdb_ids``, and the ids (each once, in order) still to ask
        for."""
        if not self.enabled:
            return {}, list(dict.fromkeys(imdb_ids))
        now = self._clock()
        found: dict[str, str | None] = {}
        missing: dict[str, None] = {}
        entries = self._entries
        for imdb_id in imdb_ids:
            entry = entries.get(imdb_id)
            if entry is not None and entry[1] > now:
                found[imdb_id] = entry[0]
            else:
                missing[imdb_id] = None
        return found, list(missing)

    def put(self, urls: Mapping[str, str | None]) -> None:
        """Keep these answers: a URL, or None for a movie known to have no poster."""
        if not self.enabled:
            return
        expires = self._clock() + self.ttl_s
        entries = self._entries
        for imdb_id, url in urls.items():
            entries.pop(imdb_id, None)
            entries[imdb_id] = (url, expires)
        overflow = len(entries) - self.max_entries
        if overflow > 0:
            for imdb_id in list(islice(entries, overflow)):
                del entries[imdb_id]

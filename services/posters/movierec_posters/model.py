"""What a poster lookup yields: a URL or None, and the source saying where it came from or why
there is none."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

#: IMDb title ids as OMDb takes them: ``tt`` and 7 or 8 digits.
IMDB_ID_PATTERN = r"^tt\d{7,8}$"
IMDB_ID = re.compile(IMDB_ID_PATTERN)


class Source(StrEnum):
    """Where an answer came from; for ``url: null`` answers, why there is no URL."""

    CACHE = "cache"  # a poster from Redis or the in-process cache
    OMDB = "omdb"  # a poster just fetched from OMDb
    NOT_FOUND = "not-found"  # OMDb has no poster (unknown id or "Poster": "N/A"), maybe cached
    NO_KEY = "no-key"  # no OMDb key configured; OMDb was not asked
    INVALID_KEY = "invalid-key"  # OMDb rejected the key
    RATE_LIMITED = "rate-limited"  # OMDb's request limit is reached
    TIMEOUT = "timeout"  # OMDb did not answer within the time budget
    UPSTREAM_ERROR = "upstream-error"  # OMDb failed (5xx, bad answer, connection refused)


#: Answers worth caching: facts about the movie, not about OMDb's state right now.
CACHEABLE = frozenset({Source.OMDB, Source.NOT_FOUND})


@dataclass(frozen=True, slots=True)
class Lookup:
    """One answer: ``url`` is None unless a poster was found."""

    url: str | None
    source: Source

    @property
    def cacheable(self) -> bool:
        return self.source in CACHEABLE

"""A recommendation request in catalogue terms, before any backend is asked.

The backends and the presenter both read this one form, so the rules live here once: a movie
rated twice keeps its last rating, unknown movies are set aside (the answer lists them as
``ignored``), genres take the catalogue's spelling (an unknown one is a 422), and excluded
ids the catalogue lacks are dropped; the year bounds become one :class:`YearRange`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from movierec.years import YearRange
from movierec_gateway.catalogue import Catalogue
from movierec_gateway.schemas import Ignored, RecommendationRequest

UNKNOWN_MOVIE = "unknown movie"


@dataclass(frozen=True)
class UserInput:
    """The request in catalogue terms: known movies only, each once (its last rating)."""

    movie_ids: np.ndarray
    ratings: np.ndarray
    ignored: list[Ignored]
    exclude: list[int]
    genres: list[str] | None
    years: YearRange

    def rating_of(self) -> dict[int, float]:
        return dict(zip(self.movie_ids.tolist(), self.ratings.tolist(), strict=True))

    def blocked(self, catalogue: Catalogue) -> np.ndarray:
        """Columns never to recommend: rated or excluded."""
        cols = catalogue.columns_of(np.concatenate([self.movie_ids, self.exclude]))
        return cols[cols >= 0]


def prepare(catalogue: Catalogue, request: RecommendationRequest) -> UserInput:
    ids = np.fromiter((r.movie_id for r in request.ratings), dtype=np.int64)
    values = np.fromiter((r.rating for r in request.ratings), dtype=np.float64)
    if ids.size:
        _, last = np.unique(ids[::-1], return_index=True)
        keep = np.sort(ids.size - 1 - last)  # last rating wins, first-seen order kept
        ids, values = ids[keep], values[keep]
    known = catalogue.columns_of(ids) >= 0
    ignored = [Ignored(movie_id=int(i), reason=UNKNOWN_MOVIE) for i in ids[~known]]
    exclude = np.asarray(request.exclude or [], dtype=np.int64)
    genres = catalogue.canonical_genres(request.genres) if request.genres else None
    return UserInput(
        movie_ids=ids[known],
        ratings=values[known],
        ignored=ignored,
        exclude=exclude[catalogue.columns_of(exclude) >= 0].tolist(),
        genres=genres,
        years=request.years(),
    )

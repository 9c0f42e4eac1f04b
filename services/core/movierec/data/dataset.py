"""The one in-memory form every MovieLens layout is loaded into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

#: The MovieLens rating scale: 0.5 to 5.0 in steps of 0.5.
MIN_RATING = 0.5
MAX_RATING = 5.0
RATING_STEP = 0.5


@dataclass(frozen=True)
class SkippedRows:
    """Rows a loader dropped, counted by file and reason, so nothing disappears silently."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        return [f"{file}: {n} rows skipped ({reason})" for (file, reason), n in self.counts.items()]


@dataclass(frozen=True, eq=False)
class Dataset:
    """A MovieLens data set: catalogue plus a sparse user x movie matrix of rating values.

    Columns of ``ratings`` follow the rows of ``movies`` (sorted by ``movieId``); rows follow
    ``user_ids``. ``movies`` has the columns ``movieId``, ``title`` (as in the file),
    ``display_title`` (year removed, "Matrix, The" turned into "The Matrix"), ``year``
    (nullable Int64), ``genres`` (tuple of str) and ``imdbId`` ("tt0114709" or None).
    """

    name: str
    layout: str
    movies: pd.DataFrame
    ratings: sp.csr_matrix
    user_ids: np.ndarray
    checksums: dict[str, str] = field(default_factory=dict)
    skipped: SkippedRows = field(default_factory=SkippedRows)

    @property
    def movie_ids(self) -> np.ndarray:
        return np.asarray(self.movies["movieId"].to_numpy(), dtype=np.int64)

    @property
    def n_users(self) -> int:
        return int(self.ratings.shape[0])

    @property
    def n_movies(self) -> int:
        return int(self.ratings.shape[1])

    @property
    def n_ratings(self) -> int:
        return int(self.ratings.nnz)

    def describe(self, columns: np.ndarray | list[int]) -> list[dict[str, Any]]:
        """Plain records (movieId, title, year, genres, imdbId) of the movies at ``columns``."""
        rows = self.movies.iloc[np.asarray(columns, dtype=np.int64)]
        return [
            {
                "movieId": int(movie_id),
                "title": str(title),
                "year": None if pd.isna(year) else int(year),
                "genres": list(genres),
                "imdbId": imdb_id,
            }
            for movie_id, title, year, genres, imdb_id in zip(
                rows["movieId"].tolist(),
                rows["display_title"].tolist(),
                rows["year"].tolist(),
                rows["genres"].tolist(),
                rows["imdbId"].tolist(),
                strict=True,
            )
        ]

    def columns_of(self, movie_ids: np.ndarray | list[int]) -> np.ndarray:
        """Column index of each movie id, -1 where the id is not in the catalogue."""
        return column_index(self.movie_ids, np.asarray(movie_ids, dtype=np.int64))


def column_index(sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Positions of ``ids`` in the sorted array ``sorted_ids``; -1 for ids not present."""
    ids = np.asarray(ids, dtype=np.int64)
    if sorted_ids.size == 0:
        return np.full(ids.shape, -1, dtype=np.int64)
    pos = np.searchsorted(sorted_ids, ids)
    pos_clipped = np.minimum(pos, sorted_ids.size - 1)
    found = sorted_ids[pos_clipped] == ids
    return np.where(found, pos_clipped, -1).astype(np.int64)

"""The checks every rating row passes before it enters the matrix (vectorised, per chunk).

Each check removes the rows it rejects and records them as an Issue of the file, so a
non-strict load can count them and a strict one can name the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from movierec.data.dataset import MAX_RATING, MIN_RATING, RATING_STEP, column_index
from movierec.data.table import FIELD_COUNT, UNPARSABLE, Issues, NumericTable


@dataclass(frozen=True)
class RatingScale:
    """The values a layout allows: newer layouts half stars 0.5-5.0, ml-1m/ml-100k 1-5."""

    low: float
    high: float
    step: float

    @property
    def label(self) -> str:
        return f"{self.low:g}–{self.high:g}" if self.step == 1 else f"{self.low}–{self.high}"

    def grid_problem(self, value: float) -> str:
        if self.step == 1:
            return f"rating {value} is not a whole number of stars ({self.label})"
        return f"rating {value} is not a multiple of {self.step}"


HALF_STARS = RatingScale(MIN_RATING, MAX_RATING, RATING_STEP)
WHOLE_STARS = RatingScale(1.0, 5.0, 1.0)

NOT_INTEGER = "id not an integer"
OUT_OF_RANGE = "rating out of range"
OFF_GRID = "rating off the grid"
DUPLICATE = "duplicate rating of the same movie by the same user (last kept)"


def _not_integer(name: str, values: np.ndarray) -> Callable[[int], str]:
    return lambda row: f"{name} {values[row]:g} is not an integer"


def check_rows(
    table: NumericTable,
    columns_of: MovieColumns,
    *,
    scale: RatingScale,
    catalogue: str,
    columns: tuple[str, str, str] = ("userId", "movieId", "rating"),
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows of ``table`` pass every check, and each row's movie column (-1 if none).

    The rows that fail go to the table's Issues, each under the first check it fails.
    """
    issues: Issues = table.issues
    user_col, movie_col, _ = columns
    users, movies, ratings = (table.values[c] for c in columns)
    lines = table.lines

    ok = np.ones(users.size, dtype=bool)
    for name, values in ((user_col, users), (movie_col, movies)):
        bad = ok & (~np.isfinite(values) | (values != np.round(values)))
        ok &= issues.add_mask(NOT_INTEGER, bad, lines, _not_integer(name, values))
    bad = ok & ~((ratings >= scale.low) & (ratings <= scale.high))
    ok &= issues.add_mask(
        OUT_OF_RANGE, bad, lines, lambda row: f"rating {ratings[row]} outside {scale.label}"
    )
    steps = ratings / scale.step
    bad = ok & (steps != np.round(steps))
    ok &= issues.add_mask(OFF_GRID, bad, lines, lambda row: scale.grid_problem(float(ratings[row])))

    if ok.all():  # the common case: no gather and scatter
        found = columns_of(movies.astype(np.int64))
    else:
        found = np.full(users.size, -1, dtype=np.int64)
        found[ok] = columns_of(movies[ok].astype(np.int64))
    bad = ok & (found < 0)
    ok &= issues.add_mask(
        not_in_catalogue(catalogue),
        bad,
        lines,
        lambda row: f"movie id {int(movies[row])} not in {catalogue}",
    )
    return ok, found


def not_in_catalogue(catalogue: str) -> str:
    return f"movie id not in {catalogue}"


def reasons(catalogue: str) -> tuple[str, ...]:
    """Every reason a rating row is skipped for, in the order the checks run."""
    return (
        FIELD_COUNT,
        UNPARSABLE,
        NOT_INTEGER,
        OUT_OF_RANGE,
        OFF_GRID,
        not_in_catalogue(catalogue),
        DUPLICATE,
    )


class MovieColumns:
    """Column of each movie id in sorted ``movie_ids`` (-1 if absent), built once per load.

    A lookup table when ids are small enough, which is much faster than a binary search per
    rating on 25M rows.
    """

    def __init__(self, movie_ids: np.ndarray) -> None:
        self.movie_ids = movie_ids
        self._table: np.ndarray | None = None
        if movie_ids.size:
            low, high = int(movie_ids[0]), int(movie_ids[-1])
            if low >= 0 and high <= max(50 * movie_ids.size, 1 << 20):
                self._table = np.full(high + 1, -1, dtype=np.int64)
                self._table[movie_ids] = np.arange(movie_ids.size)

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        if self.movie_ids.size == 0 or ids.size == 0:
            return np.full(ids.shape, -1, dtype=np.int64)
        if self._table is None:
            return column_index(self.movie_ids, ids)
        if int(ids.min()) >= 0 and int(ids.max()) < self._table.size:
            return np.asarray(self._table[ids])
        inside = (ids >= 0) & (ids < self._table.size)
        out = np.full(ids.shape, -1, dtype=np.int64)
        out[inside] = self._table[ids[inside]]
        return out

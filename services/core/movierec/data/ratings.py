"""Rating rows -> the sparse user x movie matrix, after checking every row (vectorised).

Each check removes the rows it rejects and records them as an Issue of the file, so a
non-strict load can count them and a strict one can name the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from movierec.data.dataset import MAX_RATING, MIN_RATING, RATING_STEP, column_index
from movierec.data.table import Issues, NumericTable


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


@dataclass(frozen=True)
class RatingMatrix:
    matrix: sp.csr_matrix
    user_ids: np.ndarray


def _not_integer(name: str, values: np.ndarray) -> Callable[[int], str]:
    return lambda row: f"{name} {values[row]:g} is not an integer"


def build_ratings(
    table: NumericTable,
    movie_ids: np.ndarray,
    *,
    scale: RatingScale,
    catalogue: str,
    columns: tuple[str, str, str] = ("userId", "movieId", "rating"),
) -> RatingMatrix:
    """Check the rows of ``table`` and build the float32 CSR matrix; problems go to its Issues.

    Columns follow ``movie_ids`` (sorted); users are the distinct user ids that kept a rating.
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

    columns_of = np.full(users.size, -1, dtype=np.int64)
    columns_of[ok] = movie_columns(movie_ids, movies[ok].astype(np.int64))
    bad = ok & (columns_of < 0)
    ok &= issues.add_mask(
        f"movie id not in {catalogue}",
        bad,
        lines,
        lambda row: f"movie id {int(movies[row])} not in {catalogue}",
    )

    rows = np.flatnonzero(ok)
    user_int = users[rows].astype(np.int64)
    order, run_starts = _runs_by_user_then_movie(user_int, columns_of[rows], movie_ids.size)
    last_of_run = np.maximum.reduceat(order, run_starts) if order.size else np.zeros(0, np.int64)
    bad = np.zeros(users.size, dtype=bool)
    bad[rows] = True
    bad[rows[last_of_run]] = False  # the last line of each (user, movie) is the one kept
    issues.add_mask(
        DUPLICATE,
        bad,
        lines,
        lambda row: (
            f"user {int(users[row])} rated movie {int(movies[row])} again on a later line "
            "(the last rating is kept)"
        ),
    )
    kept = rows[last_of_run]
    return _csr(users[kept].astype(np.int64), columns_of[kept], ratings[kept], movie_ids.size)


def movie_columns(movie_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Column of each id in sorted ``movie_ids`` (-1 if absent); a lookup table when ids are
    small enough, which is much faster than a binary search per rating on 25M rows."""
    if movie_ids.size == 0 or ids.size == 0:
        return np.full(ids.shape, -1, dtype=np.int64)
    low, high = int(movie_ids[0]), int(movie_ids[-1])
    if low < 0 or high > max(50 * movie_ids.size, 1 << 20):
        return column_index(movie_ids, ids)
    table = np.full(high + 1, -1, dtype=np.int64)
    table[movie_ids] = np.arange(movie_ids.size)
    inside = (ids >= 0) & (ids <= high)
    out = np.full(ids.shape, -1, dtype=np.int64)
    out[inside] = table[ids[inside]]
    return out


def _runs_by_user_then_movie(
    users: np.ndarray, columns: np.ndarray, n_movies: int
) -> tuple[np.ndarray, np.ndarray]:
    """Row order by (user, column) and where each run of equal pairs starts in it.

    An unstable sort is enough (duplicates are resolved by the largest row index of a run),
    and about twice as fast as a stable one on unsorted 25M-row files.
    """
    if users.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    span = int(users.max()) - int(users.min()) + 1
    if span * max(n_movies, 1) < (1 << 62):
        keys = (users - users.min()) * n_movies + columns
        order = np.argsort(keys)
        sorted_keys = keys[order]
        changes = sorted_keys[1:] != sorted_keys[:-1]
    else:
        order = np.lexsort((columns, users))
        su, sc = users[order], columns[order]
        changes = (su[1:] != su[:-1]) | (sc[1:] != sc[:-1])
    return order, np.concatenate(([0], np.flatnonzero(changes) + 1))


def _csr(
    users: np.ndarray, columns: np.ndarray, ratings: np.ndarray, n_movies: int
) -> RatingMatrix:
    """CSR straight from rows sorted by (user, column) without duplicates."""
    starts = np.flatnonzero(np.diff(users)) + 1 if users.size else np.zeros(0, np.int64)
    user_ids = users[np.concatenate(([0], starts))] if users.size else users
    indptr = np.concatenate(([0], starts, [users.size])) if users.size else np.zeros(1, np.int64)
    index_type = np.int32 if max(users.size, n_movies) < np.iinfo(np.int32).max else np.int64
    matrix = sp.csr_matrix(
        (ratings.astype(np.float32), columns.astype(index_type), indptr.astype(index_type)),
        shape=(user_ids.size, n_movies),
    )
    matrix.has_sorted_indices = True
    return RatingMatrix(matrix, user_ids.astype(np.int64))

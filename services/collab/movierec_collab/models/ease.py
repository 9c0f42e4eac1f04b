"""EASE (Steck, 2019): a closed-form item-item model, the collab default.

B = I - P / diag(P) with P = (XᵀX + λI)⁻¹ and a zero diagonal; a user's scores are ``w @ B``.
Two changes to the published form earn its place as the default here:

* Ratings become weights ``w = clip((r - floor) / (4.5 - floor), 0, 1)`` both in the
  training matrix and in the fold-in vector: a 5-star rating counts fully, a 3 weakly and
  a dislike (<= ``floor``) not at all. So movies people watched and disliked do not
  co-occur with what they loved, and a user's dislikes do not pull in their neighbours.
  Negative weights for dislikes were measured too and lowered recall: disliking a movie
  still says you watch that kind of movie.
* Only movies rated by at least ``min_count`` training users are modelled. Movies seen
  once carry no co-rating signal; dropping them makes the Gram matrix ~3x smaller, fitting
  ~20x faster and a request well under a millisecond, at no measured cost in quality.
  Of those, at most the ``max_items`` most rated: the Gram matrix costs 12 bytes per cell
  to train and its inversion grows with the cube, so a MovieLens-25M catalogue (59k rated
  movies, 29 GB in float64) is cut to the 20,000 that carry 99% of its ratings.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from pydantic import Field
from scipy.linalg import lapack

from movierec.recommender import (
    ModelParams,
    Recommender,
    column_counts,
    strongest_contributor,
)

#: Default cap on modelled movies: on the MovieLens-25M shape the 20,000 most-rated movies
#: carry 99% of the ratings, and training takes 5.2 GB and 7 minutes on 2 cores
#: (docs/scaling.md, which also shows 5,000 giving the same recall there).
MAX_ITEMS = 20_000


#: Bytes of sparse product a Gram block may produce at once: bounds the peak beside the
#: dense Gram matrix itself.
_GRAM_BLOCK_BYTES = 256 << 20


def ease_weights(gram: np.ndarray, l2: float) -> np.ndarray:
    """Closed-form EASE item-item weights from a dense float64 Gram matrix (consumed in place).

    The peak is the Gram matrix plus the float32 result: 12 bytes per cell.
    """
    if gram.size == 0:
        return np.zeros(gram.shape, dtype=np.float32)
    gram[np.diag_indices_from(gram)] += l2
    # LAPACK works in place only on Fortran order; the transpose of a symmetric matrix is
    # the same matrix, in Fortran order, without a copy.
    chol, info = lapack.dpotrf(gram.T, lower=False, overwrite_a=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"EASE: Gram matrix not positive definite (info={info})")
    inv, info = lapack.dpotri(chol, lower=False, overwrite_c=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"EASE: inversion failed (info={info})")
    _mirror_upper(inv)
    inv /= -np.diag(inv)
    np.fill_diagonal(inv, 0.0)
    # C order: serving gathers rows of this matrix, which is slow on LAPACK's Fortran order.
    weights: np.ndarray = np.ascontiguousarray(inv, dtype=np.float32)
    return weights


def _mirror_upper(matrix: np.ndarray, block: int = 2048) -> None:
    """Copy the upper triangle onto the lower one in place, a band of rows at a time (a full
    triangular mask would cost one byte per cell)."""
    n = matrix.shape[0]
    for start in range(0, n, block):
        stop = min(n, start + block)
        matrix[start:stop, :start] = matrix[:start, start:stop].T
        band = matrix[start:stop, start:stop]
        lower = np.tri(stop - start, k=-1, dtype=bool)
        band[lower] = band.T[lower]


def dense_gram(matrix: sp.csr_matrix) -> np.ndarray:
    """XᵀX as a dense float64 array, computed one band of its rows at a time.

    Each band is a sparse product (movies of the band x users) @ (users x movies) added into
    the zeroed result, so no step holds more than the result plus ``_GRAM_BLOCK_BYTES``.
    """
    n = matrix.shape[1]
    gram = np.zeros((n, n))
    x = sp.csr_matrix(matrix, dtype=np.float64)
    by_movie = x.T.tocsr()
    rows = _band_rows(n)
    for start in range(0, n, rows):
        band = gram[start : start + rows]
        band += (by_movie[start : start + rows] @ x).toarray()
    return gram


def _band_rows(n: int) -> int:
    """Rows of the Gram matrix computed at once: their sparse form (12 bytes a cell at worst)
    stays under ``_GRAM_BLOCK_BYTES``."""
    return max(1, min(n, _GRAM_BLOCK_BYTES // (12 * max(n, 1))))


def gram_memory(n: int, nnz: int) -> int:
    """Bytes :func:`dense_gram` and :func:`ease_weights` need at most for ``n`` movies and
    ``nnz`` weighted ratings: the float64 Gram matrix and the float32 weights, the ratings in
    float64 by user and by movie, and one band in sparse and dense form."""
    return 12 * n * n + 2 * 12 * nnz + 20 * _band_rows(n) * n


def rating_weights(ratings: np.ndarray, floor: float) -> np.ndarray:
    """Fold-in weight of each rating: 0 at or below ``floor``, 1 from 4.5 up, linear between."""
    if floor <= 0:
        return np.ones_like(ratings, dtype=np.float32)
    return np.clip((ratings - floor) / (4.5 - floor), 0.0, 1.0).astype(np.float32)


def most_rated(counts: np.ndarray, min_count: int, max_items: int) -> np.ndarray:
    """Columns rated at least ``min_count`` times, at most ``max_items`` of the most rated
    (ties to the lower column, so the choice is deterministic), in column order."""
    eligible = np.flatnonzero(counts >= min_count)
    if eligible.size > max_items:
        order = np.lexsort((eligible, -counts[eligible]))
        eligible = np.sort(eligible[order[:max_items]])
    return eligible.astype(np.int64)


class EASEParams(ModelParams):
    l2: float = Field(100.0, gt=0, description="L2 regularisation (lambda).")
    min_count: int = Field(
        3, ge=1, description="Movies rated by fewer training users are not modelled."
    )
    floor: float = Field(
        2.0, ge=0, lt=4.5, description="Ratings at or below this weigh nothing (0: binary)."
    )
    max_items: int = Field(
        MAX_ITEMS,
        ge=1,
        description="Model at most this many of the most-rated movies. Training needs "
        "12 bytes x max_items², serving 4 bytes x max_items² (shared, memory-mapped).",
    )


class EASE(Recommender):
    algorithm = "ease"
    Params = EASEParams

    @classmethod
    def reference_params(cls) -> dict[str, Any]:
        """The published form: every movie (up to ``max_items``), binary input, lambda 500."""
        return {"l2": 500.0, "min_count": 1, "floor": 0.0}

    def _columns(self, ratings: sp.csr_matrix) -> np.ndarray:
        p = self.params
        return most_rated(column_counts(ratings), int(p["min_count"]), int(p["max_items"]))

    def _fit_memory(self, ratings: sp.csr_matrix) -> int:
        # The selected columns' share of the ratings is not known before slicing: count all.
        return gram_memory(self._columns(ratings).size, int(ratings.nnz))

    def memory_hint(self, ratings: sp.csr_matrix, left: int) -> str:
        """The largest ``max_items`` whose estimate fits in what is left."""
        fixed = self.fit_memory(ratings) - self._fit_memory(ratings)
        n = self._columns(ratings).size
        step = max(1, n // 100)
        fits = next(
            (m for m in range(n, 0, -step) if fixed + gram_memory(m, ratings.nnz) <= left), 0
        )
        if fits == 0:
            return "no max_items fits"
        return f"set --param max_items={fits} or less (now {self.params['max_items']})"

    def _fit(self, ratings: sp.csr_matrix) -> None:
        self.columns_ = self._columns(ratings)
        weighted = sp.csr_matrix(ratings[:, self.columns_], dtype=np.float32)
        weighted.data = rating_weights(weighted.data, float(self.params["floor"]))
        weighted.eliminate_zeros()
        self.weights_ = ease_weights(dense_gram(weighted), float(self.params["l2"]))
        self._index_columns()

    def _index_columns(self) -> None:
        self.position_ = np.full(self.n_items, -1, dtype=np.int64)
        self.position_[self.columns_] = np.arange(self.columns_.size)

    def _inputs(self, items: np.ndarray, ratings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which inputs the model uses (modelled, weight > 0), and their weights."""
        w = rating_weights(ratings, float(self.params["floor"]))
        used = (self.position_[items] >= 0) & (w > 0)
        return used, w[used]

    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        used, w = self._inputs(items, ratings)
        if not used.any():
            return None
        scores = np.full(self.n_items, -np.inf, dtype=np.float32)
        scores[self.columns_] = w @ self.weights_[self.position_[items[used]]]
        return scores

    def _because(self, items: np.ndarray, ratings: np.ndarray, picked: np.ndarray) -> np.ndarray:
        used, w = self._inputs(items, ratings)
        cols = self.position_[picked]
        modelled = cols >= 0
        contrib = np.zeros((w.size, picked.size), dtype=np.float32)
        rows = self.position_[items[used]]
        contrib[:, modelled] = w[:, None] * self.weights_[np.ix_(rows, cols[modelled])]
        return strongest_contributor(contrib, items[used], ratings[used])

    def _get_state(self) -> dict[str, np.ndarray]:
        return {"columns": self.columns_, "weights": self.weights_}

    def _set_state(self, state: dict[str, np.ndarray]) -> None:
        self.columns_ = np.asarray(state["columns"], dtype=np.int64)
        self.weights_ = np.ascontiguousarray(state["weights"], dtype=np.float32)
        self._index_columns()

"""User-user Pearson: the original system's recommender, vectorised with sparse products.

For a new user ``u`` (ratings ``x`` on columns ``I``) and every training user ``v``, Pearson
correlation over the movies both rated, means taken over those co-rated movies only. It needs
six per-user sums, the sparse products ``B_I 1``, ``B_I x``, ``B_I x^2``, ``R_I 1``,
``R^2_I 1`` and ``R_I x`` (``R_I``: training ratings in columns ``I``, ``B_I`` its indicator),
computed as ``bincount``s over the stored entries of those columns: the same products without
scipy's per-call overhead (about 8x faster per request). Training users with at least
``min_overlap`` co-rated movies and a positive correlation are candidates; the ``neighbours``
most correlated are kept, and a movie's predicted rating is the correlation-weighted mean of
the ratings they gave it (``nan`` where none rated it, so popular movies fill the gap).
Input with no defined correlation (one movie, or every rating equal) gets the popularity
fallback, as in the original.

Two departures from the original, both off with ``significance=0, support=0`` (which
measures Recall@20 0.008 on ml-latest-small, far below popularity's 0.186; the defaults 0.254):

- ``significance``: a correlation over ``n`` co-rated movies is scaled by
  ``min(n, significance) / significance`` (Herlocker et al., 1999), so a perfect correlation
  over two movies does not outrank a strong one over forty.
- ``support``: the score is the predicted rating times ``mass / (mass + support)``, where
  ``mass`` is the correlation weight of the neighbours who rated the movie, i.e.
  ``sum_v w_v r_vj / (sum_v w_v + support)``. A movie one weak neighbour gave 5 stars then
  ranks below one that many strong neighbours rated 4.5.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from movierec.recommender import (
    ModelParams,
    Recommender,
    csr_from_state,
    csr_state,
    strongest_contributor,
)


@dataclass(frozen=True)
class _Neighbourhood:
    """One input's neighbours (best first) and where their ratings sit in the CSR arrays."""

    items: np.ndarray
    ratings: np.ndarray
    rows: np.ndarray
    weights: np.ndarray
    owner: np.ndarray  # per stored rating: index into ``rows``
    cols: np.ndarray  # per stored rating: movie column
    pos: np.ndarray  # per stored rating: position in the CSR data


#: Variance below which a user's co-rated ratings count as constant (correlation undefined).
_FLAT = 1e-9


class UserPearsonParams(ModelParams):
    neighbours: int = Field(50, ge=1, description="Most correlated users kept.")
    min_overlap: int = Field(
        2, ge=2, description="Co-rated movies needed (a correlation over one is undefined)."
    )
    significance: float = Field(
        50.0, ge=0, description="Correlations over fewer co-rated movies are scaled down."
    )
    support: float = Field(20.0, ge=0, description="Shrinks scores few neighbours back.")


class UserPearson(Recommender):
    """Neighbours by Pearson correlation over co-rated movies; weighted mean of their ratings."""

    algorithm = "userpearson"
    Params = UserPearsonParams

    def _fit_memory(self, ratings: sp.csr_matrix) -> int:
        # The ratings by user and by movie (float32, int32 indices).
        return 2 * 8 * int(ratings.nnz)

    def _fit(self, ratings: sp.csr_matrix) -> None:
        self._set_matrix(ratings)

    def _set_matrix(self, ratings: sp.csr_matrix) -> None:
        """Keep the rating matrix by rows (neighbours' ratings) and by columns (overlaps)."""
        self.R_ = sp.csr_matrix(ratings, dtype=np.float32)
        self.R_.sort_indices()
        self.Rc_ = self.R_.tocsc()
        self.Rc_.sort_indices()
        self._last: _Neighbourhood | None = None

    def neighbours(self, items: np.ndarray, ratings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the most correlated training users and their correlations, best first."""
        n_users = self.R_.shape[0]
        pos, owner = _segments(self.Rc_.indptr, items)
        users = self.Rc_.indices[pos]
        y = self.Rc_.data[pos].astype(np.float64)
        x = ratings.astype(np.float64)[owner]

        def total(weights: np.ndarray | None = None) -> np.ndarray:
            return np.bincount(users, weights=weights, minlength=n_users).astype(np.float64)

        n, sx, sy = total(), total(x), total(y)
        sxx, syy, sxy = total(x * x), total(y * y), total(x * y)
        ok = n >= int(self.params["min_overlap"])
        safe_n = np.where(ok, n, 1.0)
        var_x, var_y = sxx - sx * sx / safe_n, syy - sy * sy / safe_n
        ok &= (var_x > _FLAT) & (var_y > _FLAT)
        cov = sxy - sx * sy / safe_n
        corr = np.where(ok, cov / np.sqrt(np.where(ok, var_x * var_y, 1.0)), 0.0)
        significance = float(self.params["significance"])
        if significance > 0:
            corr *= np.minimum(n, significance) / significance
        candidates = np.flatnonzero(corr > 0)
        k = int(self.params["neighbours"])
        if candidates.size > k:
            candidates = candidates[np.argpartition(-corr[candidates], k - 1)[:k]]
        rows = candidates[np.lexsort((candidates, -corr[candidates]))]
        return rows, corr[rows]

    def _neighbourhood(self, items: np.ndarray, ratings: np.ndarray) -> _Neighbourhood:
        """Neighbours and their ratings, reusing the last answer: ``recommend`` asks twice."""
        last = self._last
        if (
            last is not None
            and np.array_equal(last.items, items)
            and np.array_equal(last.ratings, ratings)
        ):
            return last
        rows, weights = self.neighbours(items, ratings)
        pos, owner = _segments(self.R_.indptr, rows)
        hood = _Neighbourhood(
            items.copy(), ratings.copy(), rows, weights, owner, self.R_.indices[pos], pos
        )
        self._last = hood
        return hood

    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        hood = self._neighbourhood(items, ratings)
        if hood.rows.size == 0:
            return None
        w = hood.weights[hood.owner]
        numerator = np.bincount(
            hood.cols, weights=w * self.R_.data[hood.pos], minlength=self.n_items
        )
        mass = np.bincount(hood.cols, weights=w, minlength=self.n_items)
        scores = np.full(self.n_items, np.nan)  # no neighbour rated it: no opinion
        rated = mass > 0
        scores[rated] = numerator[rated] / (mass[rated] + float(self.params["support"]))
        return scores

    def _because(self, items: np.ndarray, ratings: np.ndarray, picked: np.ndarray) -> np.ndarray:
        """The rated movie the neighbours who rated the pick agreed with the user on most.

        Each neighbour's Pearson numerator splits into one term per co-rated movie; summing a
        movie's terms over the neighbours who rated the pick, weighted by correlation, says how
        much that movie drew those neighbours in.
        """
        hood = self._neighbourhood(items, ratings)
        if hood.rows.size == 0:
            return np.full(picked.size, -1, dtype=np.int64)
        slot = np.full(self.n_items, -1, dtype=np.int64)
        slot[items] = np.arange(items.size)
        slot[picked] = items.size + np.arange(picked.size)  # picked are never rated
        where = slot[hood.cols]
        keep = where >= 0
        block = np.zeros((hood.rows.size, items.size + picked.size))
        block[hood.owner[keep], where[keep]] = self.R_.data[hood.pos[keep]]
        theirs, rated_pick = block[:, : items.size], block[:, items.size :] > 0
        seen = theirs > 0
        counts = np.maximum(seen.sum(axis=1, keepdims=True), 1)
        mine = np.where(seen, ratings.astype(np.float64)[None, :], 0.0)
        mine = np.where(seen, mine - mine.sum(axis=1, keepdims=True) / counts, 0.0)
        theirs = np.where(seen, theirs - theirs.sum(axis=1, keepdims=True) / counts, 0.0)
        contrib = (theirs * mine).T @ (rated_pick * hood.weights[:, None])  # rated x picked
        return strongest_contributor(contrib, items, ratings)

    def _get_state(self) -> dict[str, np.ndarray]:
        return csr_state("R", self.R_)

    def _set_state(self, state: dict[str, np.ndarray]) -> None:
        self._set_matrix(csr_from_state("R", state, self.n_items))


def _segments(indptr: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the stored entries of rows (CSR) or columns (CSC) ``which``, and the index
    into ``which`` each belongs to: a fancy-index slice without scipy's per-call overhead."""
    starts = indptr[which].astype(np.int64)
    lengths = indptr[which + 1].astype(np.int64) - starts
    owner = np.repeat(np.arange(which.size), lengths)
    offsets = np.cumsum(lengths) - lengths
    pos = np.arange(int(lengths.sum()), dtype=np.int64) - offsets[owner] + starts[owner]
    return pos, owner

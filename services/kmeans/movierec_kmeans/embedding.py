"""Taste embedding of users: centred ratings projected on the top singular vectors.

Ratings are centred on each user's mean, shrunk towards the global mean so that a user
with one 5-star rating still reads as "likes it" rather than "neutral". A constant
``implicit`` is then added to every rated movie, because choosing to watch a movie already
says something about taste (without it Recall@20 on ml-latest-small drops from 0.32 to 0.27);
a rating well below the user's mean (more than ``implicit`` stars) stays negative, so dislikes
still push a user away from a movie's fans. Each user's row is
scaled to unit length before the SVD so heavy raters do not dominate the directions, and
embeddings are unit length so K-Means compares tastes by angle, not by activity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class Centring:
    """How ratings become signed taste values: ``r - shrunk user mean + implicit``."""

    global_mean: float
    shrinkage: float
    implicit: float

    def user_means(self, sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Each user's mean rating pulled towards the global mean by ``shrinkage`` ratings."""
        return (sums + self.shrinkage * self.global_mean) / (counts + self.shrinkage)

    def matrix(self, ratings: sp.csr_matrix) -> sp.csr_matrix:
        """Signed, unit-length rows of a users x movies rating matrix."""
        counts = np.diff(ratings.indptr).astype(np.float64)
        sums = np.asarray(ratings.sum(axis=1)).ravel().astype(np.float64)
        means = self.user_means(sums, counts)
        values = ratings.data.astype(np.float64) - np.repeat(means, counts.astype(np.int64))
        values += self.implicit
        out = sp.csr_matrix((values, ratings.indices, ratings.indptr), shape=ratings.shape)
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sp.csr_matrix(sp.diags(scale) @ out)

    def row(self, ratings: np.ndarray) -> np.ndarray:
        """Signed, unit-length values of one new user's ratings (all zero if uninformative)."""
        r = ratings.astype(np.float64)
        mean = (r.sum() + self.shrinkage * self.global_mean) / (r.size + self.shrinkage)
        values = r - mean + self.implicit
        norm = float(np.sqrt(values @ values))
        return values / norm if norm > 0 else np.zeros_like(values)


def item_factors(matrix: sp.csr_matrix, n_components: int, seed: int) -> np.ndarray:
    """Movies x components right singular vectors of ``matrix`` (seeded randomized SVD)."""
    d = max(1, min(n_components, min(matrix.shape) - 1))
    from sklearn.utils.extmath import randomized_svd  # only when fitting: slow to import

    _, _, vt = randomized_svd(matrix, d, n_iter=5, random_state=seed)
    # Fix each component's sign so that the same data always gives the same vectors.
    signs = np.sign(vt[np.arange(vt.shape[0]), np.abs(vt).argmax(axis=1)])
    signs[signs == 0] = 1.0
    return np.ascontiguousarray((vt * signs[:, None]).T, dtype=np.float32)


def unit_rows(x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Rows scaled to unit length; rows shorter than ``eps`` (no signal, only rounding) are zero.

    A training user's projection is at most 1 long, so ``eps`` only catches input that lies
    outside the learnt space, such as a movie nobody in training rated.
    """
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.asarray(np.divide(x, norms, out=np.zeros_like(x), where=norms > eps))

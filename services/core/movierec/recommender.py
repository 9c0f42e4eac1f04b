"""The one interface of every model: fit, recommend for an anonymous user, state to save/load.

Models work in column space (0..n_movies-1 of the training matrix); mapping to MovieLens
ids is the caller's job. A new user is only the arrays of the columns they rated and the
rating values, folded in at request time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Self

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class Recommendation:
    """Ranked columns, best first, with the input column that explains each one (-1: none)."""

    items: np.ndarray
    scores: np.ndarray
    because: np.ndarray
    fallback: bool


def popularity_scores(ratings: sp.csr_matrix) -> np.ndarray:
    """How many users liked each movie (rated >= 4), with the rating count as tie-breaker.

    A plain count of ratings favours movies that many people saw and disliked; counting likes
    first keeps the fallback list to movies people enjoyed.
    """
    csc = ratings.tocsc()
    likes = np.asarray((csc >= 4.0).sum(axis=0)).ravel().astype(np.float64)
    counts = np.diff(csc.indptr).astype(np.float64)
    return likes + counts / (counts.max() + 1.0 if counts.size else 1.0)


def top_n(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest finite scores, best first (ties broken by lower index)."""
    if n <= 0 or scores.size == 0:
        return np.empty(0, dtype=np.int64)
    if scores.size > n:
        # Fast path, when the n best are all finite: the n-th best is the cutoff (NaN sorts
        # last and +inf first, so either would show among them).
        best = scores[np.argpartition(-scores, n - 1)[:n]]
        cutoff = best.min()
        if np.isfinite(cutoff) and not np.isposinf(best).any():
            return _ranked(scores, np.flatnonzero(scores >= cutoff), cutoff, n)
    finite = np.flatnonzero(np.isfinite(scores))
    if finite.size > n:
        values = scores[finite]
        cutoff = values[np.argpartition(-values, n - 1)[n - 1]]
        return _ranked(scores, finite[values >= cutoff], cutoff, n)
    return _ranked(scores, finite, -np.inf, n)


def _ranked(scores: np.ndarray, picked: np.ndarray, cutoff: float, n: int) -> np.ndarray:
    """``picked`` (every column scoring ``cutoff`` or more) best first, cut to ``n``: of the
    columns tied at the cutoff, the lower ones."""
    if picked.size > n:
        values = scores[picked]
        above = picked[values > cutoff]
        picked = np.concatenate([above, picked[values == cutoff][: n - above.size]])
    order = np.lexsort((picked, -scores[picked]))
    return picked[order].astype(np.int64)


def strongest_contributor(
    contrib: np.ndarray, items: np.ndarray, ratings: np.ndarray, liked: float = 4.0
) -> np.ndarray:
    """Per picked column, the rated column with the largest positive contribution.

    ``contrib`` is ``(rated, picked)``. A movie rated ``liked`` or higher wins when one
    contributes at all, so the reason reads "because you rated X highly"; -1 where nothing
    rated contributed positively.
    """
    positive = contrib > 0
    good = positive & (ratings >= liked)[:, None]
    best_good = np.argmax(np.where(good, contrib, -np.inf), axis=0)
    best_any = np.argmax(np.where(positive, contrib, -np.inf), axis=0)
    choice = np.where(good.any(axis=0), best_good, best_any)
    return np.where(positive.any(axis=0), items[choice], -1).astype(np.int64)


class Recommender(ABC):
    """Base of every model. Subclasses implement ``_fit``, ``_scores`` and their state."""

    #: Name used in the CLI, the API (``model``) and artifact manifests.
    algorithm: ClassVar[str]

    def __init__(self, **params: Any) -> None:
        self.params: dict[str, Any] = {**self.default_params(), **params}
        unknown = set(params) - set(self.default_params())
        if unknown:
            raise ValueError(f"{self.algorithm}: unknown parameter(s) {sorted(unknown)}")
        self.n_items = 0
        self.popularity_: np.ndarray = np.empty(0)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {}

    # -- training -------------------------------------------------------------------------
    def fit(self, ratings: sp.csr_matrix) -> Self:
        """Learn from a users x movies matrix of rating values (0 = not rated)."""
        ratings = sp.csr_matrix(ratings, dtype=np.float32)
        ratings.eliminate_zeros()
        self.n_items = int(ratings.shape[1])
        self.popularity_ = popularity_scores(ratings)
        self._fit(ratings)
        return self

    @abstractmethod
    def _fit(self, ratings: sp.csr_matrix) -> None: ...

    # -- serving --------------------------------------------------------------------------
    def recommend(
        self,
        items: np.ndarray,
        ratings: np.ndarray,
        n: int = 20,
        *,
        allowed: np.ndarray | None = None,
    ) -> Recommendation:
        """Top ``n`` columns for a user who rated ``items`` with ``ratings``.

        Columns outside the model (negative or too large) are ignored. Rated columns are never
        returned. ``allowed`` is an optional boolean mask over columns (e.g. a genre filter).
        Falls back to popularity, flagged, when the input tells the model nothing; a list
        shorter than ``n`` is topped up with popular movies.
        """
        items = np.asarray(items, dtype=np.int64)
        ratings = np.asarray(ratings, dtype=np.float32)
        known = (items >= 0) & (items < self.n_items)
        items, ratings = items[known], ratings[known]
        if items.size:
            # The last rating of a movie given twice wins.
            _, last = np.unique(items[::-1], return_index=True)
            keep = items.size - 1 - last
            items, ratings = items[keep], ratings[keep]

        scores = self._scores(items, ratings) if items.size else None
        fallback = scores is None or not np.isfinite(scores).any()
        if fallback or scores is None:
            scores = np.full(self.n_items, -np.inf)
        else:
            scores = np.array(scores, dtype=np.float64)  # our own copy, blocked below
        disallowed = None if allowed is None else ~np.asarray(allowed, dtype=bool)
        if disallowed is not None:
            scores[disallowed] = -np.inf
        scores[items] = -np.inf

        picked = top_n(scores, n)
        if picked.size < n:
            # Popular movies below every model score, so they only fill the gap.
            pop = self.popularity_.astype(np.float64)
            if disallowed is not None:
                pop[disallowed] = -np.inf
            pop[items] = -np.inf
            pop[picked] = -np.inf
            extra = top_n(pop, n - picked.size)
            picked = np.concatenate([picked, extra])
        finite_scores = np.where(np.isfinite(scores[picked]), scores[picked], np.nan)
        because = (
            self._because(items, ratings, picked)
            if not fallback and picked.size
            else np.full(picked.size, -1, dtype=np.int64)
        )
        return Recommendation(
            items=picked,
            scores=finite_scores.astype(np.float32),
            because=because,
            fallback=bool(fallback),
        )

    @abstractmethod
    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        """Score of every column for this user (higher is better); None if nothing to go on."""

    def _because(self, items: np.ndarray, ratings: np.ndarray, picked: np.ndarray) -> np.ndarray:
        """For each picked column, the rated column that contributed most (-1: unknown)."""
        return np.full(picked.size, -1, dtype=np.int64)

    # -- persistence ----------------------------------------------------------------------
    def get_state(self) -> dict[str, np.ndarray]:
        """Arrays that, with ``params``, restore the fitted model."""
        return {"popularity": self.popularity_, **self._get_state()}

    def set_state(self, state: dict[str, np.ndarray]) -> Self:
        self.popularity_ = np.asarray(state["popularity"])
        self.n_items = int(self.popularity_.size)
        self._set_state({k: v for k, v in state.items() if k != "popularity"})
        return self

    @abstractmethod
    def _get_state(self) -> dict[str, np.ndarray]: ...

    @abstractmethod
    def _set_state(self, state: dict[str, np.ndarray]) -> None: ...


class Popularity(Recommender):
    """Most-liked movies the user has not rated: the baseline every model must beat."""

    algorithm = "popularity"

    def _fit(self, ratings: sp.csr_matrix) -> None:
        return None

    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        return self.popularity_

    def _get_state(self) -> dict[str, np.ndarray]:
        return {}

    def _set_state(self, state: dict[str, np.ndarray]) -> None:
        return None

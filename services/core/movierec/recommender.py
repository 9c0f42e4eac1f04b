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
from pydantic import BaseModel, ConfigDict, ValidationError

from movierec.memory import check_fits


@dataclass(frozen=True)
class Recommendation:
    """Ranked columns, best first, with the input column that explains each one (-1: none)."""

    items: np.ndarray
    scores: np.ndarray
    because: np.ndarray
    fallback: bool


class ModelParams(BaseModel):
    """A model's parameters: each model declares its own, typed, with defaults and bounds."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class DataShape:
    """The size of a rating matrix, which is what a model's memory estimate depends on."""

    users: int
    items: int
    ratings: int

    @classmethod
    def of(cls, ratings: sp.csr_matrix) -> DataShape:
        return cls(int(ratings.shape[0]), int(ratings.shape[1]), int(ratings.nnz))

    def __str__(self) -> str:
        return f"{self.users:,} users x {self.items:,} movies ({self.ratings:,} ratings)"


def column_counts(ratings: sp.csr_matrix) -> np.ndarray:
    """Ratings per column, without the CSC copy of the whole matrix ``tocsc`` would make."""
    return np.bincount(ratings.indices, minlength=ratings.shape[1])


def popularity_scores(ratings: sp.csr_matrix) -> np.ndarray:
    """How many users liked each movie (rated >= 4), with the rating count as tie-breaker.

    A plain count of ratings favours movies that many people saw and disliked; counting likes
    first keeps the fallback list to movies people enjoyed.
    """
    n = ratings.shape[1]
    likes = np.bincount(ratings.indices[ratings.data >= 4.0], minlength=n).astype(np.float64)
    counts = column_counts(ratings).astype(np.float64)
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


def csr_state(name: str, matrix: sp.csr_matrix) -> dict[str, np.ndarray]:
    """A CSR matrix as the three arrays an artifact stores, keyed ``<name>_indptr`` and so on."""
    return {
        f"{name}_indptr": matrix.indptr,
        f"{name}_indices": matrix.indices,
        f"{name}_data": matrix.data,
    }


def csr_from_state(name: str, state: dict[str, np.ndarray], columns: int) -> sp.csr_matrix:
    """The float32 CSR matrix ``csr_state`` stored; the row count comes from its ``indptr``."""
    indptr = np.asarray(state[f"{name}_indptr"])
    arrays = (
        np.asarray(state[f"{name}_data"], dtype=np.float32),
        np.asarray(state[f"{name}_indices"]),
        indptr,
    )
    return sp.csr_matrix(arrays, shape=(indptr.size - 1, columns))


def describe_errors(error: ValidationError) -> str:
    """A pydantic validation error on one line: ``name: problem (got value)``, joined by ``;``."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'parameters'}: {e['msg']}"
        + (f" (got {e['input']!r})" if e["type"] != "extra_forbidden" else "")
        for e in error.errors()
    )


class Recommender(ABC):
    """Base of every model. Subclasses implement ``_fit``, ``_scores`` and their state."""

    #: Name used in the CLI, the API (``model``) and artifact manifests.
    algorithm: ClassVar[str]
    #: The model's parameters; subclasses declare their own ModelParams subclass.
    Params: ClassVar[type[ModelParams]] = ModelParams

    def __init__(self, **params: Any) -> None:
        try:
            validated = self.Params.model_validate(params)
        except ValidationError as exc:
            raise ValueError(f"{self.algorithm}: {describe_errors(exc)}") from None
        self.params: dict[str, Any] = validated.model_dump()
        self.n_items = 0
        self.popularity_: np.ndarray = np.empty(0)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return cls.Params().model_dump()

    # -- training -------------------------------------------------------------------------
    def fit(self, ratings: sp.csr_matrix, *, memory_budget: int | None = None) -> Self:
        """Learn from a users x movies matrix of rating values (0 = not rated).

        Refuses, in one line and before allocating, when the estimate of what fitting needs
        is above what the memory budget leaves (:mod:`movierec.memory`).
        """
        check_fits(
            f"{self.algorithm}: training on {DataShape.of(ratings)}",
            self.fit_memory(ratings),
            lambda left: self.memory_hint(ratings, left),
            memory_budget,
        )
        ratings = sp.csr_matrix(ratings, dtype=np.float32)
        ratings.eliminate_zeros()
        self.n_items = int(ratings.shape[1])
        self.popularity_ = popularity_scores(ratings)
        self._fit(ratings)
        return self

    def fit_memory(self, ratings: sp.csr_matrix) -> int:
        """Bytes ``fit`` allocates at most beyond its input: a float32 copy of the ratings plus
        what ``_fit`` needs (``_fit_memory``)."""
        return int(ratings.nnz) * 8 + int(ratings.shape[0]) * 8 + self._fit_memory(ratings)

    def _fit_memory(self, ratings: sp.csr_matrix) -> int:
        """Bytes ``_fit`` allocates at most, for this matrix; models that hold more override."""
        return int(ratings.nnz) * 8

    def memory_hint(self, ratings: sp.csr_matrix, left: int) -> str:
        """What to change, besides the budget, when training needs more than ``left`` bytes."""
        return "train on a smaller data set"

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

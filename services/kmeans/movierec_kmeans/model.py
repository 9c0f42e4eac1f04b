"""K-Means recommender: users clustered by taste; a new user gets what their nearest clusters like.

Training embeds every user (see :mod:`movierec_kmeans.embedding`), clusters the unit-length
embeddings with K-Means (MiniBatchKMeans above ``minibatch_above`` users) and stores, per
cluster, a score for every movie: the share of members who liked it (rated >= 4), smoothed
towards the share among all users so a tiny cluster does not promote what one member liked.
At request time the new user is projected into the same space, softly assigned to the
``top_clusters`` nearest centroids (softmax over negative squared distances / ``temperature``)
and the scores are that mixture of cluster scores: a few dot products, no loop over users.
The default ``n_clusters`` is what :func:`movierec_kmeans.selection.choose_k` gives on
ml-latest-small (see there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pydantic import Field

from movierec.recommender import ModelParams, Recommender
from movierec_kmeans.embedding import Centring, item_factors, unit_rows
from movierec_kmeans.profiles import ClusterProfile, cluster_profiles


@dataclass(frozen=True)
class Assignment:
    """The clusters a user landed in, nearest first, with weights summing to 1."""

    clusters: np.ndarray
    weights: np.ndarray


class KMeansParams(ModelParams):
    n_clusters: int = Field(96, ge=1, description="Taste clusters (fewer if fewer users).")
    n_components: int = Field(32, ge=1, description="Dimensions of the SVD taste embedding.")
    temperature: float = Field(0.2, gt=0, description="Softness of a new user's assignment.")
    top_clusters: int = Field(8, ge=1, description="Nearest clusters a new user mixes.")
    shrinkage: float = Field(5.0, ge=0, description="Pulls a user's mean to the global one.")
    implicit: float = Field(1.0, description="Taste added to every rated movie.")
    smoothing: float = Field(
        1.0, ge=0, description="Pulls a cluster's like share to the overall one."
    )
    like_threshold: float = Field(4.0, description="A rating at least this is a like.")
    n_init: int = Field(4, ge=1, description="K-Means restarts.")
    minibatch_above: int = Field(
        50_000, ge=0, description="More users than this cluster with MiniBatchKMeans."
    )
    random_state: int = Field(0, description="Seed of the SVD and the clustering.")


class KMeansRecommender(Recommender):
    """Soft K-Means user clusters over a truncated-SVD taste embedding."""

    algorithm = "kmeans"
    Params = KMeansParams

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.item_factors_ = np.empty((0, 0), dtype=np.float32)
        self.centroids_ = np.empty((0, 0), dtype=np.float32)
        self.cluster_scores_ = np.empty((0, 0), dtype=np.float32)
        self.cluster_sizes_ = np.empty(0, dtype=np.int64)
        self.cluster_likes_ = np.empty((0, 0), dtype=np.float32)
        self.global_mean_ = 0.0
        self._directions = np.empty((0, 0), dtype=np.float32)
        self.centring = self._make_centring()

    def _make_centring(self) -> Centring:
        return Centring(
            self.global_mean_, float(self.params["shrinkage"]), float(self.params["implicit"])
        )

    @property
    def n_clusters_(self) -> int:
        return int(self.centroids_.shape[0])

    # -- training -------------------------------------------------------------------------
    def _fit_memory(self, ratings: sp.csr_matrix) -> int:
        # The signed float64 matrix and its scaled copy, the liked-indicator matrix, the
        # randomized SVD's float64 work arrays (both sides, with oversampling) and the users'
        # embeddings, and the per-cluster like counts.
        users, movies = (int(n) for n in ratings.shape)
        rank = int(self.params["n_components"]) + 10
        clusters = int(self.params["n_clusters"])
        return (
            3 * 12 * int(ratings.nnz)
            + 3 * 8 * rank * (users + movies)
            + 8 * users * rank
            + 12 * clusters * movies
        )

    def _fit(self, ratings: sp.csr_matrix) -> None:
        p = self.params
        if ratings.nnz == 0:
            raise ValueError("kmeans: cannot fit on a rating matrix with no ratings")
        seed = int(p["random_state"])
        self.global_mean_ = float(ratings.data.mean())
        self.centring = self._make_centring()
        signed = self.centring.matrix(ratings)
        self.item_factors_ = item_factors(signed, int(p["n_components"]), seed)
        self._directions = unit_rows(self.item_factors_)
        embedded = unit_rows(np.asarray(signed @ self.item_factors_, dtype=np.float32))
        rated = np.diff(ratings.indptr) > 0
        labels = np.full(ratings.shape[0], -1, dtype=np.int64)
        centroids, labels[rated] = self._cluster(embedded[rated], seed)
        self.centroids_ = centroids.astype(np.float32)
        self._cluster_stats(ratings, labels)

    def _cluster(self, embedded: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """Centroids and labels of the users' embeddings; never more clusters than users."""
        p = self.params
        k = min(int(p["n_clusters"]), int(np.unique(embedded, axis=0).shape[0]))
        # Imported here: scikit-learn takes ~1.5 s to import, and serving never needs it.
        from sklearn.cluster import KMeans, MiniBatchKMeans

        estimator: KMeans | MiniBatchKMeans
        if embedded.shape[0] > int(p["minibatch_above"]):
            estimator = MiniBatchKMeans(
                n_clusters=k, n_init=int(p["n_init"]), random_state=seed, batch_size=4096
            )
        else:
            estimator = KMeans(n_clusters=k, n_init=int(p["n_init"]), random_state=seed)
        labels = estimator.fit_predict(embedded)
        return np.asarray(estimator.cluster_centers_), np.asarray(labels, dtype=np.int64)

    def _cluster_stats(self, ratings: sp.csr_matrix, labels: np.ndarray) -> None:
        """Per-cluster member counts, like counts per movie, and the smoothed scores."""
        k = self.n_clusters_
        members = labels >= 0
        onehot = sp.csr_matrix(
            (np.ones(int(members.sum())), (labels[members], np.flatnonzero(members))),
            shape=(k, ratings.shape[0]),
        )
        liked = (ratings >= float(self.params["like_threshold"])).astype(np.float64)
        self.cluster_sizes_ = np.bincount(labels[members], minlength=k).astype(np.int64)
        self.cluster_likes_ = np.asarray((onehot @ liked).todense(), dtype=np.float32)
        self.cluster_scores_ = self._smoothed_scores()

    def _smoothed_scores(self) -> np.ndarray:
        """Share of members who liked each movie, shrunk towards the share among all users."""
        alpha = float(self.params["smoothing"])
        sizes = self.cluster_sizes_.astype(np.float64)
        overall = self.cluster_likes_.sum(axis=0, dtype=np.float64) / max(sizes.sum(), 1.0)
        shares = (self.cluster_likes_ + alpha * overall[None, :]) / (sizes[:, None] + alpha)
        return np.asarray(shares, dtype=np.float32)

    # -- serving --------------------------------------------------------------------------
    def embed(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        """Unit-length taste vector of a new user (all zero if the input says nothing)."""
        values = self.centring.row(ratings).astype(np.float32)
        return unit_rows(values @ self.item_factors_[items])

    def _assign(self, vector: np.ndarray) -> Assignment | None:
        if not vector.any():
            return None
        d2 = ((self.centroids_ - vector[None, :]) ** 2).sum(axis=1)
        m = min(int(self.params["top_clusters"]), d2.size)
        nearest = np.argpartition(d2, m - 1)[:m] if m < d2.size else np.arange(d2.size)
        nearest = nearest[np.lexsort((nearest, d2[nearest]))]
        logits = -(d2[nearest] - d2[nearest[0]]) / float(self.params["temperature"])
        weights = np.exp(logits)
        return Assignment(nearest.astype(np.int64), (weights / weights.sum()).astype(np.float32))

    def assign(self, items: np.ndarray, ratings: np.ndarray) -> Assignment | None:
        """Soft assignment of a new user: the taste clusters they landed in, or None if unknown.

        Unknown columns are ignored and the last rating of a repeated movie wins, as in
        :meth:`recommend`.
        """
        items, ratings = self._clean(items, ratings)
        return self._assign(self.embed(items, ratings)) if items.size else None

    def _clean(self, items: np.ndarray, ratings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        items = np.asarray(items, dtype=np.int64)
        ratings = np.asarray(ratings, dtype=np.float32)
        if items.shape != ratings.shape:
            raise ValueError(
                f"kmeans: {items.size} movies but {ratings.size} ratings; they must pair up"
            )
        known = (items >= 0) & (items < self.n_items)
        items, ratings = items[known], ratings[known]
        _, last = np.unique(items[::-1], return_index=True)
        keep = items.size - 1 - last
        return items[keep], ratings[keep]

    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        assignment = self._assign(self.embed(items, ratings))
        if assignment is None:
            return None
        return np.asarray(assignment.weights @ self.cluster_scores_[assignment.clusters])

    def _because(self, items: np.ndarray, ratings: np.ndarray, picked: np.ndarray) -> np.ndarray:
        """For each pick, the movie the user liked (above their own mean) that is most like it."""
        liked = items[self.centring.row(ratings) > 0]
        if liked.size == 0:
            return np.full(picked.size, -1, dtype=np.int64)
        similarity = self._directions[picked] @ self._directions[liked].T
        return np.asarray(liked[similarity.argmax(axis=1)], dtype=np.int64)

    def profiles(self, movies: pd.DataFrame, **options: Any) -> list[ClusterProfile]:
        """Size, top genres and signature movies of every cluster (see :mod:`.profiles`)."""
        return cluster_profiles(self, movies, **options)

    # -- persistence ----------------------------------------------------------------------
    def _get_state(self) -> dict[str, np.ndarray]:
        return {
            "item_factors": self.item_factors_,
            "centroids": self.centroids_,
            "cluster_sizes": self.cluster_sizes_,
            "cluster_likes": self.cluster_likes_,
            "global_mean": np.asarray(self.global_mean_, dtype=np.float64),
        }

    def _set_state(self, state: dict[str, np.ndarray]) -> None:
        self.item_factors_ = np.asarray(state["item_factors"], dtype=np.float32)
        self._directions = unit_rows(self.item_factors_)
        self.centroids_ = np.asarray(state["centroids"], dtype=np.float32)
        self.cluster_sizes_ = np.asarray(state["cluster_sizes"], dtype=np.int64)
        self.cluster_likes_ = np.asarray(state["cluster_likes"], dtype=np.float32)
        self.global_mean_ = float(state["global_mean"])
        self.centring = self._make_centring()
        self.cluster_scores_ = self._smoothed_scores()

"""The original system's K-Means, kept as an evaluation peer: slow and naive on purpose.

At every request it builds the dense users x movies matrix of all training users plus the
new user (rating values, 0 where unrated), refits K-Means with 20 clusters on it and scores
each movie by the cluster's mean rating: the mean over the members who rated it, as the
system this project grew from did (a movie rated 5 by one member outranks
everything, which is why it recommends so poorly). ``mean_over="members"`` averages the
cluster's rows with unrated counting as 0 instead, the other naive reading. It shows what
clustering raw rating rows per request costs and how well it recommends, next to
:mod:`movierec_kmeans.model`.
Needs scikit-learn (the ``train`` extra).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from pydantic import Field
from sklearn.cluster import KMeans

from movierec.recommender import ModelParams, Recommender


class OriginalKMeansParams(ModelParams):
    n_clusters: int = Field(20, ge=1)
    n_init: int = Field(1, ge=1)
    random_state: int = 0
    mean_over: Literal["members", "raters"] = "raters"


class OriginalKMeans(Recommender):
    """Per-request K-Means over the raw rating rows; score = the cluster's mean rating."""

    algorithm = "original-kmeans"

    Params = OriginalKMeansParams

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.train_ = sp.csr_matrix(np.zeros((0, 0), dtype=np.float32))

    def _fit_memory(self, ratings: sp.csr_matrix) -> int:
        """Every request builds the dense users x movies matrix and K-Means copies and scores
        it; counted here, so a run that could never answer is refused before it starts."""
        return 3 * 4 * (int(ratings.shape[0]) + 1) * int(ratings.shape[1])

    def _fit(self, ratings: sp.csr_matrix) -> None:
        # The original kept the training ratings and did all its work per request.
        self.train_ = ratings

    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        dense = np.zeros((self.train_.shape[0] + 1, self.n_items), dtype=np.float32)
        dense[:-1] = self.train_.toarray()
        dense[-1, items] = ratings
        k = min(int(self.params["n_clusters"]), dense.shape[0])
        labels = KMeans(
            n_clusters=k,
            n_init=int(self.params["n_init"]),
            random_state=int(self.params["random_state"]),
        ).fit_predict(dense)
        cluster = dense[labels == labels[-1]]
        if self.params["mean_over"] == "members":
            return np.asarray(cluster.mean(axis=0), dtype=np.float64)
        raters = (cluster > 0).sum(axis=0)
        sums = cluster.sum(axis=0, dtype=np.float64)
        means = np.divide(sums, raters, out=np.full(sums.size, -np.inf), where=raters > 0)
        return np.asarray(means)

    def _get_state(self) -> dict[str, np.ndarray]:
        return {
            "train_data": self.train_.data,
            "train_indices": self.train_.indices,
            "train_indptr": self.train_.indptr,
            "train_shape": np.asarray(self.train_.shape, dtype=np.int64),
        }

    def _set_state(self, state: dict[str, np.ndarray]) -> None:
        shape = tuple(int(x) for x in state["train_shape"])
        self.train_ = sp.csr_matrix(
            (state["train_data"], state["train_indices"], state["train_indptr"]),
            shape=(shape[0], shape[1]),
        )

"""The peers every evaluation runs beside the project's models, on the same folds.

Peers are deliberately the well-known, untuned forms: binary-input EASE as published,
``implicit`` ALS with its usual settings and fold-in, and the original system's two
per-request algorithms (pandas user-Pearson and K-Means refit on every request).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from movierec.evaluation.runner import ModelSpec
from movierec.recommender import Popularity, Recommender
from movierec.registry import model_class


class ImplicitALS(Recommender):
    """``implicit`` ALS on the binary matrix, new users folded in with ``recalculate_user``."""

    algorithm = "implicit-als"

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {
            "factors": 64,
            "regularization": 0.05,
            "alpha": 2.0,
            "iterations": 15,
            "random_state": 42,
        }

    def _fit(self, ratings: sp.csr_matrix) -> None:
        from implicit.cpu.als import AlternatingLeastSquares

        p = self.params
        self.model = AlternatingLeastSquares(
            factors=p["factors"],
            regularization=p["regularization"],
            alpha=p["alpha"],
            iterations=p["iterations"],
            random_state=p["random_state"],
            num_threads=1,
        )
        binary = (ratings > 0).astype(np.float32).tocsr()
        self.model.fit(binary, show_progress=False)

    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        row = sp.csr_matrix(
            (np.ones(items.size, dtype=np.float32), (np.zeros(items.size, dtype=np.int64), items)),
            shape=(1, self.n_items),
        )
        user = np.asarray(self.model.recalculate_user(0, row)).ravel()
        return np.asarray(self.model.item_factors @ user)

    def _get_state(self) -> dict[str, np.ndarray]:
        return {}

    def _set_state(self, state: dict[str, np.ndarray]) -> None:
        raise NotImplementedError("evaluation peers are not saved")


def peer_specs(original_sample: int | None = 40) -> list[ModelSpec]:
    """Peers of DESIGN's protocol; the two original-style ones run on a sample per fold."""
    from movierec.evaluation.original_kmeans import OriginalKMeans
    from movierec.evaluation.original_pearson import OriginalUserPearson
    from movierec_collab.models.ease import EASE

    return [
        ModelSpec("popularity", "peer", Popularity, description="most-liked movies"),
        ModelSpec(
            "ease-reference",
            "peer",
            lambda: EASE(**EASE.reference_params()),
            description="EASE as published: binary input, lambda=500, all movies",
        ),
        ModelSpec(
            "implicit-als",
            "peer",
            ImplicitALS,
            description="implicit ALS, binary input, fold-in via recalculate_user",
        ),
        ModelSpec(
            "original-userpearson",
            "peer",
            OriginalUserPearson,
            max_users_per_fold=original_sample,
            description="original system: pandas user-user Pearson per request, top 50",
        ),
        ModelSpec(
            "original-kmeans",
            "peer",
            OriginalKMeans,
            max_users_per_fold=original_sample,
            description="original system: K-Means (20) refit per request, cluster mean rating",
        ),
    ]


def project_specs() -> list[ModelSpec]:
    """The project's models; the registry defaults carry the two default roles."""
    specs = [
        ModelSpec("ease", "collab-default", model_class("ease"), description="project default"),
        ModelSpec("als", "project", model_class("als")),
        ModelSpec("itemknn", "project", model_class("itemknn")),
        ModelSpec("userpearson", "project", model_class("userpearson")),
        ModelSpec("kmeans", "kmeans-default", model_class("kmeans")),
    ]
    return specs

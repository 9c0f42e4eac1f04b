"""The peers every evaluation runs beside the project's models, on the same folds.

Peers are deliberately the well-known, untuned forms: binary-input EASE as published,
``implicit`` ALS with its usual settings and fold-in, and the original system's two
per-request algorithms (pandas user-Pearson and K-Means refit on every request).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from movierec.evaluation.runner import ModelSpec, Role
from movierec.recommender import ModelParams, Popularity, Recommender


class ImplicitALSParams(ModelParams):
    factors: int = Field(64, ge=1)
    regularization: float = Field(0.05, ge=0)
    alpha: float = Field(2.0, ge=0)
    iterations: int = Field(15, ge=1)
    random_state: int = 42


class ImplicitALS(Recommender):
    """``implicit`` ALS on the binary matrix, new users folded in with ``recalculate_user``."""

    algorithm = "implicit-als"
    Params = ImplicitALSParams

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
    """Peers of the evaluation protocol; the two original-style ones run on a sample per fold."""
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
    """Every model of the catalogue; each family's default carries its default role."""
    from movierec.model_catalogue import CATALOGUE

    default_roles: dict[str, Role] = {"collab": "collab-default", "kmeans": "kmeans-default"}
    return [
        ModelSpec(
            entry.name,
            default_roles[entry.family] if entry.default else "project",
            entry.model_class(),
            description=entry.summary,
        )
        for entry in CATALOGUE
    ]

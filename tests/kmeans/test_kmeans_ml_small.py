"""Real ml-latest-small, one fold of the evaluation protocol: K-Means clearly beats popularity."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from movierec.evaluation import split
from movierec.evaluation.metrics import recall_at_k
from movierec.recommender import Popularity, Recommender
from movierec_kmeans.model import KMeansRecommender


def mean_recall(model: Recommender, users: list[split.TestUser]) -> float:
    return float(
        np.mean(
            [
                recall_at_k(
                    model.recommend(u.input_items, u.input_ratings, 20).items, u.relevant, 20
                )
                for u in users
            ]
        )
    )


@pytest.mark.slow
def test_recall_clearly_above_popularity_on_one_fold(ml_small_ratings: sp.csr_matrix) -> None:
    fold = next(iter(split.strong_generalization(ml_small_ratings, n_folds=5, seed=42)))
    kmeans = mean_recall(KMeansRecommender().fit(fold.train), fold.test_users)
    popularity = mean_recall(Popularity().fit(fold.train), fold.test_users)
    assert popularity > 0.1  # the baseline works, so the comparison means something
    assert kmeans >= popularity + 0.05, (kmeans, popularity)

"""How many clusters: the ``k`` with the best validation Recall@20 on held-out users.

Silhouette and elbow scores judge how well the users separate, not how well the clusters
recommend, and on rating data they fall steadily with ``k`` without a clear knee. So ``k`` is
chosen for the job it does: users are split as in the evaluation protocol (strong
generalisation, seeded; docs/architecture.md, "Evaluation"), the model is trained on the
training users for each candidate and scored by Recall@20 on the validation users' held-out
likes, averaged over ``n_folds`` validation folds. The answer is the ``k`` with the best
score, the smaller on a tie (or, with ``tolerance`` > 0, the smallest ``k`` within
``tolerance`` of the best, to trade a little recall for bigger clusters with steadier
profiles).

On ml-latest-small (``python bench/tune_kmeans.py --choose-k --folds 0``, seed 0, 2 folds):

    k        8      16     24     32     48     64     96     128
    Recall  .2779  .2909  .2997  .3095  .3023  .3122  .3139  .3139

so ``choose_k`` gives **k = 96**, the model's default (about 6 users per cluster on the 610
users). Recall rises with ``k`` because smaller clusters are closer neighbourhoods of the new
user; the soft assignment over several clusters keeps such small clusters from being noisy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp

from movierec.evaluation.metrics import recall_at_k
from movierec.evaluation.split import strong_generalization
from movierec_kmeans.model import KMeansRecommender

#: The grid searched for the default: a handful of sizes from coarse to fine.
DEFAULT_CANDIDATES: tuple[int, ...] = (8, 16, 24, 32, 48, 64, 96, 128)


def validation_recall(
    ratings: sp.csr_matrix, k: int, seed: int, n_folds: int = 2, **params: Any
) -> float:
    """Mean Recall@20 of a ``k``-cluster model over the first ``n_folds`` of a 5-fold split."""
    recalls: list[float] = []
    for fold in strong_generalization(ratings, n_folds=5, seed=seed):
        if fold.index >= n_folds:
            break
        model = KMeansRecommender(**{**params, "n_clusters": k, "random_state": seed})
        model.fit(fold.train)
        for user in fold.test_users:
            ranked = model.recommend(user.input_items, user.input_ratings, 20).items
            recalls.append(recall_at_k(ranked, user.relevant, 20))
    return float(np.mean(recalls)) if recalls else 0.0


def choose_k(
    ratings: sp.csr_matrix,
    candidates: Iterable[int] = DEFAULT_CANDIDATES,
    seed: int = 0,
    n_folds: int = 2,
    tolerance: float = 0.0,
    **params: Any,
) -> tuple[int, dict[int, float]]:
    """The candidate ``k`` with the best validation Recall@20 (smallest within ``tolerance``).

    Also returns every candidate's score. ``params`` are passed on to the model.
    """
    ks = sorted({int(k) for k in candidates})
    if not ks or ks[0] < 1:
        raise ValueError(f"choose_k: candidates must be positive integers, got {ks}")
    if tolerance < 0:
        raise ValueError(f"choose_k: tolerance must be >= 0, got {tolerance}")
    table = {k: validation_recall(ratings, k, seed, n_folds, **params) for k in ks}
    best = max(table.values())
    return next(k for k in ks if table[k] >= best - tolerance), table

"""The evaluation run at scale: sampled test users, the first folds only, and a model that
does not fit the memory budget reported as skipped while the others are still evaluated."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from movierec.evaluation.runner import ModelSpec, Protocol, run_evaluation
from movierec.evaluation.split import strong_generalization
from movierec.recommender import Popularity
from tests.toy import make_toy


class Enormous(Popularity):
    """Popularity that claims to need a petabyte to train: what a model too big for the
    machine looks like to the runner."""

    algorithm = "enormous"

    def _fit_memory(self, ratings: sp.csr_matrix) -> int:
        return 1 << 50


def test_sampled_users_first_fold_only_and_skipped_models() -> None:
    ratings = make_toy().ratings
    protocol = Protocol(folds=2, seed=3, sample_users=5, max_folds=1)
    summaries = run_evaluation(
        ratings,
        [ModelSpec("popularity", "peer", Popularity), ModelSpec("enormous", "peer", Enormous)],
        protocol,
    )
    assert summaries["popularity"]["users"] == 5
    assert summaries["popularity"]["skipped"] is None
    skipped = summaries["enormous"]["skipped"]
    assert skipped.startswith("enormous: training on ")
    assert "memory budget" in skipped
    assert summaries["enormous"]["users"] == 0
    assert protocol.as_dict()["folds_run"] == 1


def test_a_sample_is_a_subset_of_the_full_fold() -> None:
    """Sampling picks users of the same split, so sampled numbers estimate the full ones."""
    ratings = make_toy().ratings
    fold = next(iter(strong_generalization(ratings, n_folds=2, seed=3)))
    every = run_evaluation(
        ratings, [ModelSpec("popularity", "peer", Popularity)], Protocol(folds=2, seed=3)
    )
    sampled = run_evaluation(
        ratings,
        [ModelSpec("popularity", "peer", Popularity)],
        Protocol(folds=2, seed=3, sample_users=len(fold.test_users)),
    )
    assert every["popularity"]["users"] == sampled["popularity"]["users"]
    np.testing.assert_allclose(every["popularity"]["recall@20"], sampled["popularity"]["recall@20"])


def test_recall_at_k_curve_agrees_with_recall_at_20() -> None:
    """The curve comes from the same 50-item list: its k=20 point is the table's Recall@20."""
    summaries = run_evaluation(
        make_toy().ratings, [ModelSpec("popularity", "peer", Popularity)], Protocol(folds=2)
    )
    curve = summaries["popularity"]["recall@k"]
    assert list(curve) == [str(k) for k in range(5, 51, 5)]
    assert curve["20"] == pytest.approx(summaries["popularity"]["recall@20"])

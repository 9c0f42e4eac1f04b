"""The default collab model, trained on the real ml-latest-small, is far better than popularity."""

from pathlib import Path

import numpy as np
import pytest

from movierec.data.sources import load_dataset
from movierec.evaluation.runner import ModelResult, ModelSpec, Protocol, evaluate_fold
from movierec.evaluation.split import strong_generalization
from movierec.model_catalogue import default_model, model_class
from movierec.recommender import Popularity


@pytest.mark.slow
def test_default_collab_model_beats_popularity_by_far(ml_latest_small: Path) -> None:
    dataset = load_dataset(ml_latest_small)
    fold = next(iter(strong_generalization(dataset.ratings, n_folds=5, seed=42)))
    specs = [
        ModelSpec("default", "collab-default", model_class(default_model("collab"))),
        ModelSpec("popularity", "peer", Popularity),
    ]
    results: dict[str, ModelResult] = {}
    evaluate_fold(fold, specs, Protocol(), results)
    default, popular = results["default"], results["popularity"]
    assert len(default.recall) == len(fold.test_users) > 100
    # Measured here: 0.39 vs 0.18 (Recall@20) and 0.36 vs 0.15 (NDCG@10) on this fold.
    assert np.mean(default.recall) > 1.6 * np.mean(popular.recall)
    assert np.mean(default.ndcg) > 1.8 * np.mean(popular.ndcg)
    assert np.mean(default.recall) > 0.33

"""ItemKNN on a toy catalogue with two taste groups: the right group, no rated movies, fallbacks."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from movierec_collab.models.itemknn import ItemKNN, top_k_similarities
from tests.toy import (
    N_MOVIES,
    assert_a_dislike_pushes_its_group_down,
)


@pytest.fixture(scope="module")
def model(train: sp.csr_matrix) -> ItemKNN:
    return ItemKNN(k=5).fit(train)


def test_only_neutral_ratings_fall_back(model: ItemKNN) -> None:
    # A rating at the neutral point neither pulls neighbours up nor pushes them down.
    neutral = float(model.params["neutral"])
    out = model.recommend(np.array([0, 7]), np.array([neutral, neutral]), n=4)
    assert out.fallback
    assert not {0, 7} & set(out.items.tolist())


def test_only_dislikes_keep_similar_movies_below_unrelated_ones(model: ItemKNN) -> None:
    out = model.recommend(np.array([0, 1]), np.array([0.5, 1.0]), n=N_MOVIES)
    assert not out.fallback
    ranks = {int(m): r for r, m in enumerate(out.items)}
    assert max(ranks[m] for m in (12, 13)) < min(ranks[m] for m in (2, 3, 4, 5))


def test_dislikes_change_the_list(model: ItemKNN) -> None:
    assert_a_dislike_pushes_its_group_down(model)


def test_similarities_match_a_brute_force_top_k() -> None:
    rng = np.random.default_rng(3)
    X = sp.csr_matrix(sp.random(30, 25, density=0.3, random_state=4, dtype=np.float64))
    X.data = rng.normal(size=X.nnz)
    W = top_k_similarities(X, k=4, shrinkage=2.0).toarray()
    D = X.toarray()
    norms = np.linalg.norm(D, axis=0)
    sims = D.T @ D / (np.outer(norms, norms) + 2.0)
    np.fill_diagonal(sims, 0.0)
    for j in range(25):
        expected = np.sort(sims[:, j])[::-1][:4]
        expected = expected[expected > 0]
        got = np.sort(W[:, j][W[:, j] != 0])[::-1]
        np.testing.assert_allclose(got, expected, rtol=1e-5)
        # The stored values sit at the right rows: the neighbours' true similarities.
        kept = np.flatnonzero(W[:, j])
        np.testing.assert_allclose(W[kept, j], sims[kept, j], rtol=1e-5)


@pytest.mark.parametrize(("param", "value"), [("k", 0), ("shrinkage", -1.0), ("bogus", 1)])
def test_bad_parameters_are_named(param: str, value: float) -> None:
    with pytest.raises(ValueError, match=param):
        ItemKNN(**{param: value})

"""UserPearson on a toy catalogue with two taste groups, checked against a brute-force Pearson."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from movierec_collab.models.userpearson import UserPearson
from tests.toy import (
    assert_a_dislike_pushes_its_group_down,
)


@pytest.fixture(scope="module")
def model(train: sp.csr_matrix) -> UserPearson:
    return UserPearson().fit(train)


def brute_force_pearson(train: np.ndarray, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
    """Pearson over co-rated movies for every training user, one user at a time (nan: undefined)."""
    x_all = np.zeros(train.shape[1])
    x_all[items] = ratings
    out = np.full(train.shape[0], np.nan)
    for v, row in enumerate(train):
        both = (row > 0) & (x_all > 0)
        if both.sum() < 2:
            continue
        x, y = x_all[both], row[both]
        if x.std() == 0 or y.std() == 0:
            continue
        out[v] = np.corrcoef(x, y)[0, 1]
    return out


def test_correlations_match_a_brute_force_pearson_over_co_rated_movies() -> None:
    rng = np.random.default_rng(5)
    dense = np.where(rng.random((80, 30)) < 0.4, rng.integers(1, 11, (80, 30)) / 2, 0.0)
    model = UserPearson(neighbours=80, significance=0.0).fit(sp.csr_matrix(dense))
    items = np.array([1, 4, 7, 8, 15, 22, 29])
    ratings = np.array([5.0, 1.0, 3.5, 4.0, 2.0, 4.5, 0.5])
    rows, corr = model.neighbours(items, ratings)
    expected = brute_force_pearson(dense, items, ratings)
    positive = np.flatnonzero(np.nan_to_num(expected) > 0)
    assert rows.size > 10
    assert set(rows.tolist()) == set(positive.tolist())
    np.testing.assert_allclose(corr, expected[rows], rtol=1e-9)
    assert (np.diff(corr) <= 0).all()


def test_keeps_only_the_most_correlated_neighbours_and_averages_their_ratings() -> None:
    rng = np.random.default_rng(6)
    dense = np.where(rng.random((80, 30)) < 0.6, rng.integers(1, 11, (80, 30)) / 2, 0.0)
    model = UserPearson(neighbours=5, min_overlap=4, significance=0.0, support=0.0)
    model.fit(sp.csr_matrix(dense))
    items = np.array([0, 2, 3, 9, 11, 14, 20, 25])
    ratings = np.array([4.0, 2.0, 5.0, 1.0, 3.5, 3.0, 4.5, 2.5])
    expected_corr = brute_force_pearson(dense, items, ratings)
    overlap = ((dense[:, items] > 0).sum(axis=1)) >= 4
    corr = np.where(overlap & ~np.isnan(expected_corr), expected_corr, -np.inf)
    top = np.argsort(-corr, kind="stable")[:5]
    assert corr[top[-1]] - np.sort(corr)[::-1][5] > 1e-6  # no tie at the cut
    rows, _ = model.neighbours(items, ratings)
    assert set(rows.tolist()) == set(top.tolist())
    scores = model._scores(items, ratings)
    assert scores is not None
    for movie in range(30):
        raters = rows[dense[rows, movie] > 0]
        w = corr[raters]
        if raters.size == 0:
            assert np.isnan(scores[movie])
        else:
            expected = (w * dense[raters, movie]).sum() / w.sum()
            np.testing.assert_allclose(scores[movie], expected, rtol=1e-9)


def test_support_shrinks_movies_few_neighbours_rated() -> None:
    # Two neighbours agree with the user; only the weaker one rated movie 4 (5 stars); both
    # rated movie 3 (4.5 stars). Plain weighted mean prefers 4; with support, 3 wins.
    dense = np.array(
        [
            [5.0, 1.0, 4.0, 4.5, 0.0],
            [5.0, 1.0, 2.0, 4.5, 5.0],
        ]
    )
    items, ratings = np.array([0, 1, 2]), np.array([5.0, 1.0, 4.0])
    plain = UserPearson(significance=0.0, support=0.0).fit(sp.csr_matrix(dense))
    shrunk = UserPearson(significance=0.0, support=1.0).fit(sp.csr_matrix(dense))
    assert plain.recommend(items, ratings, n=1).items.tolist() == [4]
    assert shrunk.recommend(items, ratings, n=1).items.tolist() == [3]


def test_dislikes_change_the_list(model: UserPearson) -> None:
    assert_a_dislike_pushes_its_group_down(model)


@pytest.mark.parametrize(
    ("param", "value"),
    [("neighbours", 0), ("min_overlap", 1), ("support", -1.0), ("significance", -2.0)],
)
def test_bad_parameters_are_named(param: str, value: float) -> None:
    with pytest.raises(ValueError, match=param):
        UserPearson(**{param: value})

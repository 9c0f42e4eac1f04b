"""ALS on a toy catalogue with two taste groups: fold-in, dislikes, fallbacks, state."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from movierec_collab.models.als import ALS, confidence
from tests.toy import (
    GROUP_B,
    LOVES_A,
    assert_a_dislike_pushes_its_group_down,
)

PARAMS = {"factors": 4, "iterations": 10, "regularization": 0.1, "alpha": 2.0}


@pytest.fixture(scope="module")
def model(train: sp.csr_matrix) -> ALS:
    return ALS(**PARAMS).fit(train)


def test_fold_in_is_the_least_squares_user_factor(model: ALS) -> None:
    items, ratings = LOVES_A
    Y = model.model_.item_factors.astype(np.float64)
    p = model.params
    c = confidence(ratings, p["alpha"], p["dislike_below"], p["dislike_weight"]).astype(np.float64)
    Yu = Y[items]
    A = Y.T @ Y + (Yu.T * (np.abs(c) - 1.0)) @ Yu + PARAMS["regularization"] * np.eye(4)
    b = Yu.T @ np.where(c > 0, c, 0.0)
    np.testing.assert_allclose(model.user_factor(items, ratings), np.linalg.solve(A, b), atol=1e-4)


def test_confidence_marks_dislikes_negative_and_weighs_higher_ratings_more() -> None:
    c = confidence(np.array([0.5, 2.0, 2.5, 4.0, 5.0]), 10.0, 2.5, 1.0)
    assert (c[:2] < 0).all()
    assert (c[2:] > 1).all()
    assert c[2] < c[3] < c[4]
    assert abs(c[0]) > abs(c[1]) > 1  # a 0.5 is a more confident "no" than a 2


def test_only_dislikes_fall_back_without_returning_them(model: ALS) -> None:
    # No liked movie: the folded-in factor is zero, every score ties, popularity decides.
    out = model.recommend(np.array([0, 7]), np.array([0.5, 1.0]), n=4)
    assert out.fallback
    assert not {0, 7} & set(out.items.tolist())


def test_dislikes_change_the_list(model: ALS) -> None:
    assert_a_dislike_pushes_its_group_down(model)


def test_a_dislike_lowers_scores_compared_with_not_rating(model: ALS) -> None:
    items, ratings = np.array([0, 1]), np.array([5.0, 4.5])
    plain = model._scores(items, ratings)
    with_dislike = model._scores(np.append(items, 7), np.append(ratings, 0.5))
    assert plain is not None
    assert with_dislike is not None
    assert with_dislike[GROUP_B[GROUP_B != 7]].mean() < plain[GROUP_B[GROUP_B != 7]].mean()


def test_same_seed_same_model_other_seed_other_factors(train: sp.csr_matrix) -> None:
    a, b = ALS(**PARAMS).fit(train), ALS(**PARAMS).fit(train)
    np.testing.assert_array_equal(a.get_state()["item_factors"], b.get_state()["item_factors"])
    c = ALS(**{**PARAMS, "random_state": 7}).fit(train)
    assert not np.array_equal(a.get_state()["item_factors"], c.get_state()["item_factors"])


def test_state_that_does_not_fit_the_params_is_refused(model: ALS) -> None:
    with pytest.raises(ValueError, match="item_factors"):
        ALS(**{**PARAMS, "factors": 8}).set_state(model.get_state())


@pytest.mark.parametrize(
    ("param", "value"), [("factors", 0), ("iterations", 0), ("alpha", -1.0), ("bogus", 1)]
)
def test_bad_parameters_are_named(param: str, value: float) -> None:
    with pytest.raises(ValueError, match=param):
        ALS(**{param: value})

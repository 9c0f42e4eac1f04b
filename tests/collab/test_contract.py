"""What every non-default collab model promises on the two-group toy data, tested once for all."""

from __future__ import annotations

import numpy as np
import pytest

from movierec.recommender import Recommender
from movierec.registry import model_class
from movierec_collab.models.als import ALS
from movierec_collab.models.itemknn import ItemKNN
from movierec_collab.models.userpearson import UserPearson
from tests.toy import two_groups

#: A fan of group A (movies 0-5) who panned group B's movie 6.
LOVES_A = (np.array([0, 1, 2, 6]), np.array([5.0, 4.5, 5.0, 1.0]))

MODELS: dict[str, Recommender] = {
    "als": ALS(factors=4, iterations=10, regularization=0.1, alpha=2.0),
    "itemknn": ItemKNN(k=5),
    "userpearson": UserPearson(),
}


@pytest.fixture(scope="module", params=sorted(MODELS))
def fitted(request: pytest.FixtureRequest) -> tuple[str, Recommender]:
    name: str = request.param
    return name, MODELS[name].fit(two_groups())


def test_registered_under_its_name(fitted: tuple[str, Recommender]) -> None:
    name, model = fitted
    assert model_class(name) is type(model)


def test_fan_of_a_group_gets_the_rest_of_that_group(fitted: tuple[str, Recommender]) -> None:
    _, model = fitted
    out = model.recommend(*LOVES_A, n=3)
    assert set(out.items.tolist()) == {3, 4, 5}
    assert not out.fallback
    fan_b = model.recommend(np.array([6, 7, 8, 0]), np.array([5.0, 5.0, 4.5, 1.0]), n=3)
    assert set(fan_b.items.tolist()) == {9, 10, 11}


def test_because_names_a_highly_rated_input_movie(fitted: tuple[str, Recommender]) -> None:
    _, model = fitted
    items, ratings = LOVES_A
    out = model.recommend(items, ratings, n=3)
    assert set(out.because.tolist()) <= {0, 1, 2}

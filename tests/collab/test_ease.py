"""EASE, the collab default, on toy data where the right answer is obvious."""

import numpy as np
import pytest

from movierec_collab.models.ease import EASE, rating_weights
from tests.toy import make_toy


@pytest.fixture(scope="module")
def toy_model():
    toy = make_toy()
    return toy, EASE(l2=10.0, min_count=1).fit(toy.ratings)


def test_ratings_matter_a_panned_movie_does_not_pull_its_group_in(toy_model) -> None:
    toy, model = toy_model
    items = np.array([toy.group_a[0], toy.group_b[0]])
    loves_a = model.recommend(items, np.array([5.0, 1.0], dtype=np.float32), 10)
    loves_b = model.recommend(items, np.array([1.0, 5.0], dtype=np.float32), 10)
    assert set(loves_a.items.tolist()) <= set(toy.group_a.tolist())
    assert set(loves_b.items.tolist()) <= set(toy.group_b.tolist())


def test_only_dislikes_give_popular_movies_flagged_as_fallback(toy_model) -> None:
    toy, model = toy_model
    rec = model.recommend(toy.group_a[:3], np.full(3, 1.0, dtype=np.float32), 5)
    assert rec.fallback is True
    assert rec.items.size == 5
    assert not set(rec.items.tolist()) & set(toy.group_a[:3].tolist())


def test_because_names_a_rated_movie_that_was_liked(toy_model) -> None:
    toy, model = toy_model
    items = np.array([toy.group_a[0], toy.group_a[1], toy.group_b[0]])
    rec = model.recommend(items, np.array([5.0, 4.0, 0.5], dtype=np.float32), 8)
    assert set(rec.because.tolist()) <= {int(toy.group_a[0]), int(toy.group_a[1])}


def test_rare_movies_are_left_out_of_the_model_but_can_still_fill_the_list() -> None:
    toy = make_toy()
    model = EASE(l2=10.0, min_count=100).fit(toy.ratings)  # nothing is rated 100 times
    rec = model.recommend(toy.group_a[:3], np.full(3, 5.0, dtype=np.float32), 4)
    assert rec.fallback is True
    assert rec.items.size == 4


def test_rating_weights_are_graded_and_zero_for_dislikes() -> None:
    w = rating_weights(np.array([0.5, 2.0, 3.0, 4.5, 5.0], dtype=np.float32), 2.0)
    np.testing.assert_allclose(w, [0.0, 0.0, 0.4, 1.0, 1.0])
    assert rating_weights(np.array([1.0, 5.0], dtype=np.float32), 0.0).tolist() == [1.0, 1.0]


def test_weights_are_row_major_for_fast_row_gathers(toy_model) -> None:
    _, model = toy_model
    assert model.weights_.flags.c_contiguous
    clone = EASE(**model.params).set_state(
        {k: np.asfortranarray(v) for k, v in model.get_state().items()}
    )
    assert clone.weights_.flags.c_contiguous

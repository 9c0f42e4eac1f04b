"""The original-style per-request K-Means peer behaves like the naive system it copies."""

from __future__ import annotations

import numpy as np
import pytest

from movierec.evaluation.original_kmeans import OriginalKMeans
from tests.toy import Toy


@pytest.fixture(scope="module")
def peer(toy: Toy) -> OriginalKMeans:
    return OriginalKMeans().fit(toy.ratings)


def test_fan_of_a_group_gets_that_groups_movies(peer: OriginalKMeans, toy: Toy) -> None:
    rated = toy.group_a[:10]
    rec = peer.recommend(rated, np.full(rated.size, 5.0), n=10)
    assert not rec.fallback
    assert set(rec.items) <= set(toy.group_a) - set(rated)


def test_mean_over_members_scores_lie_on_the_rating_scale(toy: Toy) -> None:
    """Every score is a mean over rows of 0..5 ratings, so it lies in [0, 5]."""
    peer = OriginalKMeans(mean_over="members").fit(toy.ratings)
    rec = peer.recommend(toy.group_b[:10], np.full(10, 4.5), n=toy.ratings.shape[1])
    finite = rec.scores[np.isfinite(rec.scores)]
    assert finite.size
    assert np.all((finite >= 0) & (finite <= 5))
    assert not set(rec.items) & set(toy.group_b[:10])


def test_same_seed_same_answer_and_state_round_trip(peer: OriginalKMeans, toy: Toy) -> None:
    loaded = OriginalKMeans().set_state(peer.get_state())
    items, ratings = toy.group_b[3:9], np.array([5.0, 4.0, 4.5, 1.0, 5.0, 3.5])
    first, second = peer.recommend(items, ratings, 8), loaded.recommend(items, ratings, 8)
    np.testing.assert_array_equal(first.items, second.items)
    np.testing.assert_array_equal(first.scores, second.scores)


def test_empty_input_falls_back(peer: OriginalKMeans) -> None:
    rec = peer.recommend(np.array([], dtype=np.int64), np.array([]), n=4)
    assert rec.fallback
    assert rec.items.size == 4


def test_mean_over_raters_scores_the_mean_of_the_given_ratings(toy: Toy) -> None:
    """Averaged over raters only, every score is a real rating, and unrated movies never win."""
    peer = OriginalKMeans(mean_over="raters").fit(toy.ratings)
    rated = toy.group_a[:10]
    rec = peer.recommend(rated, np.full(rated.size, 5.0), n=10)
    assert set(rec.items) <= set(toy.group_a) - set(rated)
    assert np.all((rec.scores >= 4.0) & (rec.scores <= 5.0))


@pytest.mark.parametrize(("name", "value"), [("n_clusters", 0), ("mean_over", "median")])
def test_bad_parameter_is_named(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=name):
        OriginalKMeans(**{name: value})

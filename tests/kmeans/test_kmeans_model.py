"""KMeansRecommender on two clearly separated taste groups, where the right answer is obvious."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_kmeans.model import KMeansRecommender
from tests.toy import USERS_PER_GROUP, Toy, make_toy

SMALL = {"n_clusters": 2, "n_components": 4, "random_state": 3}


def fitted(toy: Toy, **params: object) -> KMeansRecommender:
    return KMeansRecommender(**{**SMALL, **params}).fit(toy.ratings)


def test_fan_of_group_b_gets_group_b_movies(toy: Toy) -> None:
    rec = fitted(toy).recommend(toy.group_b[:2], np.array([4.5, 5.0]), n=10)
    assert set(rec.items) <= set(toy.group_b)


def test_dislikes_steer_away_from_the_disliked_group(toy: Toy) -> None:
    """Someone who panned A movies and said nothing else belongs with group B."""
    rec = fitted(toy).recommend(toy.group_a[:4], np.full(4, 1.0), n=10)
    assert set(rec.items) <= set(toy.group_b)


def test_more_clusters_than_needed_still_separate_the_groups(toy: Toy) -> None:
    model = fitted(toy, n_clusters=6, top_clusters=3)
    rec = model.recommend(toy.group_a[:3], np.full(3, 5.0), n=10)
    assert set(rec.items) <= set(toy.group_a)


def test_minibatch_kmeans_for_many_users_separates_the_groups_too(toy: Toy) -> None:
    """Above ``minibatch_above`` users the model clusters with MiniBatchKMeans, same contract."""
    first = fitted(toy, minibatch_above=10)
    second = fitted(toy, minibatch_above=10)
    rec = first.recommend(toy.group_b[:3], np.full(3, 5.0), n=10)
    assert set(rec.items) <= set(toy.group_b)
    np.testing.assert_array_equal(
        rec.items, second.recommend(toy.group_b[:3], np.full(3, 5.0), 10).items
    )
    assert sorted(first.cluster_sizes_) == [USERS_PER_GROUP, USERS_PER_GROUP]


@pytest.mark.parametrize(
    ("items", "ratings"),
    [
        pytest.param([], [], id="empty"),
        pytest.param([-1, 999], [5.0, 4.0], id="unknown-columns"),
        pytest.param(["unrated"], [5.0], id="movie-nobody-rated"),
    ],
)
def test_input_that_says_nothing_falls_back_to_popular(
    toy: Toy, items: list[object], ratings: list[float]
) -> None:
    model = fitted(toy)
    columns = np.array([toy.unrated if i == "unrated" else i for i in items], dtype=np.int64)
    rec = model.recommend(columns, np.array(ratings), n=5)
    assert rec.fallback
    assert rec.items.size == 5
    # The five most popular movies (ties at the cut may go either way).
    others = np.setdiff1d(np.arange(model.n_items), np.concatenate([rec.items, columns]))
    assert model.popularity_[rec.items].min() >= model.popularity_[others].max()
    assert np.all(np.diff(model.popularity_[rec.items]) <= 0)
    assert model.assign(columns, np.array(ratings)) is None


def test_same_seed_same_recommendations() -> None:
    toy = make_toy(seed=11)
    first = KMeansRecommender(random_state=5).fit(toy.ratings)
    second = KMeansRecommender(random_state=5).fit(toy.ratings)
    for a, b in zip(first.get_state().values(), second.get_state().values(), strict=True):
        np.testing.assert_array_equal(a, b)
    items, ratings = toy.group_a[[1, 4, 9]], np.array([5.0, 3.0, 4.5])
    r1, r2 = first.recommend(items, ratings, 15), second.recommend(items, ratings, 15)
    np.testing.assert_array_equal(r1.items, r2.items)
    np.testing.assert_array_equal(r1.scores, r2.scores)


def test_assignment_puts_a_fan_in_the_fans_cluster(toy: Toy) -> None:
    model = fitted(toy, n_clusters=2, top_clusters=2)
    assignment = model.assign(toy.group_a[:3], np.full(3, 5.0))
    assert assignment is not None
    assert sorted(assignment.clusters) == [0, 1]
    assert assignment.weights.sum() == pytest.approx(1.0)
    assert assignment.weights[0] > assignment.weights[1]
    nearest = assignment.clusters[0]
    # The nearest cluster is the one whose members like group A's movies.
    likes = model.cluster_likes_[nearest]
    assert likes[toy.group_a].sum() > 5 * likes[toy.group_b].sum()
    assert model.cluster_sizes_[nearest] == USERS_PER_GROUP


def test_because_names_a_liked_input_movie(toy: Toy) -> None:
    model = fitted(toy)
    items = np.array([toy.group_a[0], toy.group_a[1], toy.group_b[0]])
    rec = model.recommend(items, np.array([5.0, 4.5, 1.0]), n=8)
    assert set(rec.because) <= {toy.group_a[0], toy.group_a[1]}


def test_because_is_unknown_when_nothing_was_liked(toy: Toy) -> None:
    rec = fitted(toy).recommend(toy.group_a[:3], np.full(3, 1.0), n=5)
    assert np.all(rec.because == -1)


def test_a_repeated_movie_counts_its_last_rating(toy: Toy) -> None:
    model = fitted(toy)
    first_loved = model.recommend(np.array([0, 0]), np.array([1.0, 5.0]), n=5)
    assert set(first_loved.items) <= set(toy.group_a)


@pytest.mark.parametrize(
    ("name", "value"),
    [("n_clusters", 0), ("temperature", 0.0), ("top_clusters", 0), ("smoothing", -1.0)],
)
def test_bad_parameters_are_named(name: str, value: float) -> None:
    with pytest.raises(ValueError, match=name):
        KMeansRecommender(**{name: value})


def test_unknown_parameter_is_rejected() -> None:
    with pytest.raises(ValueError, match="n_clustres"):
        KMeansRecommender(n_clustres=3)


def test_mismatched_items_and_ratings_are_rejected(toy: Toy) -> None:
    with pytest.raises(ValueError, match="must pair up"):
        fitted(toy).assign(np.array([1, 2]), np.array([5.0]))


def test_cannot_fit_without_ratings(toy: Toy) -> None:
    with pytest.raises(ValueError, match="no ratings"):
        KMeansRecommender(**SMALL).fit(toy.ratings[:0])

"""The base class's contract, which every model inherits: exclusion, fallback, filters, ties."""

import numpy as np
import scipy.sparse as sp

from movierec.recommender import Popularity, popularity_scores, top_n


def _ratings() -> sp.csr_matrix:
    # Movie 2 is liked by everyone, movie 0 by two users, movie 1 seen by all but disliked.
    dense = np.array(
        [
            [5.0, 1.0, 5.0, 0.0],
            [4.0, 1.0, 4.5, 0.0],
            [0.0, 0.5, 4.0, 3.0],
        ],
        dtype=np.float32,
    )
    return sp.csr_matrix(dense)


def test_popularity_counts_likes_before_views() -> None:
    scores = popularity_scores(_ratings())
    assert list(top_n(scores, 4)) == [2, 0, 1, 3]


def test_top_n_breaks_ties_by_column_and_skips_non_finite() -> None:
    scores = np.array([1.0, 3.0, 3.0, -np.inf, np.nan, 2.0])
    assert list(top_n(scores, 10)) == [1, 2, 5, 0]


def test_top_n_matches_a_full_sort_with_ties_and_non_finite_values() -> None:
    rng = np.random.default_rng(7)
    for trial in range(300):
        size = int(rng.integers(1, 60))
        # Few distinct values, so ties at the cut are common; some -inf, inf and NaN.
        scores = rng.integers(0, 6, size).astype(np.float64)
        scores[rng.random(size) < 0.2] = -np.inf
        scores[rng.random(size) < 0.1] = np.nan
        if trial % 7 == 0:
            scores[rng.random(size) < 0.1] = np.inf
        n = int(rng.integers(1, 70))
        finite = [i for i in range(size) if np.isfinite(scores[i])]
        expected = sorted(finite, key=lambda i: (-scores[i], i))[:n]
        assert top_n(scores, n).tolist() == expected, (scores, n)


def test_empty_input_falls_back_to_popular_movies() -> None:
    model = Popularity().fit(_ratings())
    rec = model.recommend(np.array([], dtype=np.int64), np.array([], dtype=np.float32), 3)
    assert rec.fallback is True
    assert list(rec.items) == [2, 0, 1]


def test_unknown_columns_are_ignored_and_count_as_no_input() -> None:
    model = Popularity().fit(_ratings())
    rec = model.recommend(np.array([-1, 99]), np.array([5.0, 4.0]), 2)
    assert rec.fallback is True
    assert list(rec.items) == [2, 0]


def test_rated_movies_are_never_returned_and_genre_mask_applies() -> None:
    model = Popularity().fit(_ratings())
    rec = model.recommend(np.array([2]), np.array([5.0]), 10)
    assert 2 not in rec.items
    assert rec.fallback is False
    allowed = np.array([False, True, False, True])
    rec = model.recommend(np.array([2]), np.array([5.0]), 10, allowed=allowed)
    assert list(rec.items) == [1, 3]


def test_state_round_trip_keeps_the_ranking() -> None:
    model = Popularity().fit(_ratings())
    clone = Popularity().set_state(model.get_state())
    a = model.recommend(np.array([0]), np.array([4.0]), 3)
    b = clone.recommend(np.array([0]), np.array([4.0]), 3)
    assert list(a.items) == list(b.items)

"""Cluster profiles on two taste groups: sizes, genres and signature movies are the obvious ones."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_kmeans.model import KMeansRecommender
from movierec_kmeans.profiles import cluster_profiles, genre_matrix
from tests.toy import Toy


@pytest.fixture(scope="module")
def model(toy: Toy) -> KMeansRecommender:
    return KMeansRecommender(n_clusters=2, n_components=4, random_state=1).fit(toy.ratings)


def test_sizes_add_up_to_the_users(model: KMeansRecommender, toy: Toy) -> None:
    profiles = model.profiles(toy.movies)
    assert [p.cluster for p in profiles] == [0, 1]
    assert sum(p.size for p in profiles) == toy.ratings.shape[0]
    assert sorted(p.size for p in profiles) == [30, 30]


def test_each_cluster_has_its_groups_genres_and_movies(model: KMeansRecommender, toy: Toy) -> None:
    by_genre = {p.top_genres[0].genre: p for p in model.profiles(toy.movies, n_genres=2)}
    assert set(by_genre) <= {"Animation", "Children", "Horror", "Thriller"}
    animation = next(
        p for p in by_genre.values() if p.top_genres[0].genre in {"Animation", "Children"}
    )
    horror = next(p for p in by_genre.values() if p.top_genres[0].genre in {"Horror", "Thriller"})
    assert {g.genre for g in animation.top_genres} == {"Animation", "Children"}
    assert {g.genre for g in horror.top_genres} == {"Horror", "Thriller"}
    # Every like of the animation cluster went to an animated movie.
    assert animation.top_genres[0].share == pytest.approx(1.0)
    a_ids = set(toy.movies["movieId"].iloc[toy.group_a])
    b_ids = set(toy.movies["movieId"].iloc[toy.group_b])
    assert animation.signature
    assert horror.signature
    assert {s.movie_id for s in animation.signature} <= a_ids
    assert {s.movie_id for s in horror.signature} <= b_ids


def test_signature_movies_are_ranked_by_lift_with_support(
    model: KMeansRecommender, toy: Toy
) -> None:
    for profile in model.profiles(toy.movies, n_signature=50, min_support=0.5):
        lifts = [s.lift for s in profile.signature]
        assert lifts == sorted(lifts, reverse=True)
        assert all(s.lift > 1.0 for s in profile.signature)
        assert all(s.support >= 0.5 * profile.size for s in profile.signature)
        columns = np.array([s.column for s in profile.signature])
        np.testing.assert_array_equal(
            toy.movies["movieId"].to_numpy()[columns], [s.movie_id for s in profile.signature]
        )
        assert all(s.title == f"Movie {s.column}" for s in profile.signature)


def test_profiles_survive_a_state_round_trip(model: KMeansRecommender, toy: Toy) -> None:
    loaded = KMeansRecommender(n_clusters=2, n_components=4).set_state(model.get_state())
    assert loaded.profiles(toy.movies) == model.profiles(toy.movies)


def test_wrong_catalogue_is_refused(model: KMeansRecommender, toy: Toy) -> None:
    with pytest.raises(ValueError, match="61 movie columns but the catalogue has 60 rows"):
        cluster_profiles(model, toy.movies.iloc[:60])


def test_genre_matrix_reads_tuples_and_pipe_strings(toy: Toy) -> None:
    movies = toy.movies.iloc[[0, 30, 60]].copy()
    movies["genres"] = ["Animation|Children", ("Horror", "Thriller"), "(no genres listed)"]
    matrix, names = genre_matrix(movies)
    assert names == ["Animation", "Children", "Horror", "Thriller"]
    np.testing.assert_array_equal(matrix.toarray(), [[1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 0]])

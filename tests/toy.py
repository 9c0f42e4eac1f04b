"""Toy ratings with two clearly separated taste groups, where the right answer is obvious."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from movierec.recommender import Recommender

#: Movies per taste group; group A owns columns 0..29, group B 30..59, column 60 is unrated.
PER_GROUP = 30
USERS_PER_GROUP = 30


@dataclass(frozen=True)
class Toy:
    ratings: sp.csr_matrix
    movies: pd.DataFrame
    group_a: np.ndarray
    group_b: np.ndarray
    unrated: int


def make_toy(seed: int = 7) -> Toy:
    """Group A users love A movies and pan a few B movies; group B the other way round."""
    rng = np.random.default_rng(seed)
    group_a = np.arange(PER_GROUP)
    group_b = np.arange(PER_GROUP, 2 * PER_GROUP)
    rows, cols, vals = [], [], []
    for user in range(2 * USERS_PER_GROUP):
        own, other = (group_a, group_b) if user < USERS_PER_GROUP else (group_b, group_a)
        loved = rng.choice(own, size=20, replace=False)
        panned = rng.choice(other, size=3, replace=False)
        rows += [user] * 23
        cols += [*loved, *panned]
        vals += [*rng.choice([4.0, 4.5, 5.0], size=20), *rng.choice([1.0, 1.5, 2.0], size=3)]
    n_movies = 2 * PER_GROUP + 1
    ratings = sp.csr_matrix(
        (np.asarray(vals, dtype=np.float32), (rows, cols)),
        shape=(2 * USERS_PER_GROUP, n_movies),
    )
    genres = [("Animation", "Children")] * PER_GROUP + [("Horror", "Thriller")] * PER_GROUP
    movies = pd.DataFrame(
        {
            "movieId": np.arange(1, n_movies + 1) * 10,
            "title": [f"Movie {i}" for i in range(n_movies)],
            "genres": [*genres, ()],
        }
    )
    return Toy(ratings, movies, group_a, group_b, n_movies - 1)


def write_toy_csv(root: Path, toy: Toy | None = None) -> Path:
    """The toy as an ml-latest-small style directory, to go through the real loader and CLI."""
    toy = toy or make_toy()
    root.mkdir(parents=True, exist_ok=True)
    genres = ["|".join(g) if g else "(no genres listed)" for g in toy.movies["genres"]]
    pd.DataFrame(
        {
            "movieId": toy.movies["movieId"],
            "title": [f"{t} ({1990 + i % 20})" for i, t in enumerate(toy.movies["title"])],
            "genres": genres,
        }
    ).to_csv(root / "movies.csv", index=False)
    coo = toy.ratings.tocoo()
    pd.DataFrame(
        {
            "userId": coo.row + 1,
            "movieId": toy.movies["movieId"].to_numpy()[coo.col],
            "rating": coo.data,
            "timestamp": 964982703,
        }
    ).to_csv(root / "ratings.csv", index=False)
    pd.DataFrame(
        {
            "movieId": toy.movies["movieId"],
            "imdbId": np.arange(len(toy.movies)) + 100000,
            "tmdbId": np.arange(len(toy.movies)) + 1,
        }
    ).to_csv(root / "links.csv", index=False)
    return root


# A smaller, noisier two-group set: likes and dislikes at random, two movies everyone rates.
GROUP_A = np.arange(0, 6)
GROUP_B = np.arange(6, 12)
N_MOVIES = 14  # 12 and 13: liked moderately by everyone
#: A fan of group A who also rated one B movie low: (movies, ratings).
LOVES_A = (np.array([0, 1, 2, 6]), np.array([5.0, 4.5, 5.0, 1.0]))


def two_groups(n_users: int = 60, seed: int = 0) -> sp.csr_matrix:
    """Even users love A and dislike B, odd users the reverse; everyone rates 12-13 middling."""
    rng = np.random.default_rng(seed)
    R = np.zeros((n_users, N_MOVIES), dtype=np.float32)
    for u in range(n_users):
        likes, dislikes = (GROUP_A, GROUP_B) if u % 2 == 0 else (GROUP_B, GROUP_A)
        for m in likes:
            if rng.random() < 0.8:
                R[u, m] = rng.choice([4.0, 4.5, 5.0])
        for m in dislikes:
            if rng.random() < 0.3:
                R[u, m] = rng.choice([0.5, 1.0, 1.5, 2.0])
        for common in (12, 13):
            if rng.random() < 0.6:
                R[u, common] = rng.choice([3.0, 3.5, 4.0])
    return sp.csr_matrix(R)


def assert_a_dislike_pushes_its_group_down(model: Recommender) -> None:
    """On :func:`two_groups`: the same ratings, but movie 7 (group B) loved or hated. The
    lists differ, and hating 7 scores every other B movie lower (a missing score counts 0)."""
    items = np.array([0, 1, 12, 7])
    liked = model.recommend(items, np.array([5.0, 4.0, 3.5, 5.0]), n=N_MOVIES)
    disliked = model.recommend(items, np.array([5.0, 4.0, 3.5, 0.5]), n=N_MOVIES)
    assert liked.items.tolist() != disliked.items.tolist()
    score_liked = dict(zip(liked.items.tolist(), liked.scores.tolist(), strict=True))
    score_disliked = dict(zip(disliked.items.tolist(), disliked.scores.tolist(), strict=True))
    others = GROUP_B[GROUP_B != 7].tolist()
    assert all(score_liked[m] > np.nan_to_num(score_disliked[m]) for m in others)

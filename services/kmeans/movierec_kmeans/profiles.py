"""What each taste cluster is about: its size, the genres it likes and its signature movies.

Computed from the per-cluster like counts the model keeps, so a loaded artifact can describe
its clusters without the training data. A signature movie is one the cluster likes far more
than everyone does (lift = share of members who liked it / share of all users who liked it),
among movies liked by enough members that one enthusiast cannot make a signature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

if TYPE_CHECKING:
    from movierec_kmeans.model import KMeansRecommender

#: MovieLens' marker for a movie without genres; it is no taste.
NO_GENRES = "(no genres listed)"


@dataclass(frozen=True)
class GenreShare:
    """Share of the cluster's likes that went to movies of ``genre`` (a movie counts per genre)."""

    genre: str
    share: float


@dataclass(frozen=True)
class SignatureMovie:
    """A movie the cluster likes far more than all users do."""

    column: int
    movie_id: int
    title: str
    lift: float
    support: int


@dataclass(frozen=True)
class ClusterProfile:
    cluster: int
    size: int
    top_genres: list[GenreShare]
    signature: list[SignatureMovie]


def genre_matrix(movies: pd.DataFrame) -> tuple[sp.csr_matrix, list[str]]:
    """Movies x genres 0/1 matrix and the genre names (sorted), from tuples or "A|B" strings."""
    genres = movies["genres"].map(lambda g: g.split("|") if isinstance(g, str) else list(g))
    exploded = genres.reset_index(drop=True).explode().dropna()
    exploded = exploded[exploded != NO_GENRES]
    names, cols = np.unique(exploded.to_numpy(dtype=str), return_inverse=True)
    rows = exploded.index.to_numpy(dtype=np.int64)
    matrix = sp.csr_matrix(
        (np.ones(rows.size), (rows, cols.astype(np.int64))), shape=(len(movies), names.size)
    )
    matrix.data[:] = 1.0  # a genre listed twice still counts once
    return matrix, [str(n) for n in names]


def cluster_profiles(
    model: KMeansRecommender,
    movies: pd.DataFrame,
    n_genres: int = 3,
    n_signature: int = 10,
    min_support: float = 0.25,
) -> list[ClusterProfile]:
    """One profile per cluster of a fitted ``model``; ``movies`` rows are its columns.

    ``min_support`` is the share of a cluster's members (and at least 2 of them, unless the
    cluster is a single user) who must have liked a movie for it to be a signature movie.
    """
    if len(movies) != model.n_items:
        raise ValueError(
            f"profiles: the model has {model.n_items} movie columns but the catalogue has "
            f"{len(movies)} rows; use the catalogue the model was trained on"
        )
    if not 0 <= min_support <= 1:
        raise ValueError(f"profiles: min_support must be in [0, 1], got {min_support}")
    likes = model.cluster_likes_.astype(np.float64)
    sizes = model.cluster_sizes_
    g_matrix, genre_names = genre_matrix(movies)
    genre_likes = np.asarray(g_matrix.T @ likes.T).T
    total_likes = likes.sum(axis=1, keepdims=True)
    genre_share = np.divide(
        genre_likes, total_likes, out=np.zeros_like(genre_likes), where=total_likes > 0
    )
    overall = likes.sum(axis=0) / max(float(sizes.sum()), 1.0)
    movie_ids = movies["movieId"].to_numpy(dtype=np.int64)
    titles = movies["title"].astype(str).to_numpy()

    profiles = []
    for c in range(model.n_clusters_):
        size = int(sizes[c])
        needed = max(min(2, size), math.ceil(min_support * size))
        share = likes[c] / max(size, 1)
        lift = np.divide(share, overall, out=np.zeros_like(share), where=overall > 0)
        eligible = np.flatnonzero((likes[c] >= max(needed, 1)) & (lift > 1.0))
        order = eligible[np.lexsort((eligible, -likes[c][eligible], -lift[eligible]))]
        top_g = np.argsort(-genre_share[c], kind="stable")[:n_genres]
        profiles.append(
            ClusterProfile(
                cluster=c,
                size=size,
                top_genres=[
                    GenreShare(genre_names[g], float(genre_share[c, g]))
                    for g in top_g
                    if genre_share[c, g] > 0
                ],
                signature=[
                    SignatureMovie(
                        int(i), int(movie_ids[i]), str(titles[i]), float(lift[i]), int(likes[c, i])
                    )
                    for i in order[:n_signature]
                ],
            )
        )
    return profiles

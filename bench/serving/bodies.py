"""Request bodies for the benchmark: 20 real ratings each, taken from users of the data set.

Real users make the load realistic (their ratings co-occur the way people's do); a seed makes
two runs send the same bodies. Each target gets the same ratings in its own wire format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class Rated:
    movie_id: int
    rating: float
    title: str


def sample_ratings(
    ratings: sp.csr_matrix,
    movie_ids: np.ndarray,
    titles: Sequence[str],
    *,
    count: int = 50,
    per_user: int = 20,
    seed: int = 42,
) -> list[list[Rated]]:
    """``count`` users with at least ``per_user`` ratings, ``per_user`` of each one's ratings."""
    if per_user < 1 or count < 1:
        raise ValueError("count and per_user must be at least 1")
    ratings = sp.csr_matrix(ratings)
    eligible = np.flatnonzero(np.diff(ratings.indptr) >= per_user)
    if eligible.size < count:
        raise ValueError(
            f"only {eligible.size} users have {per_user} or more ratings; {count} are needed"
        )
    rng = np.random.default_rng(seed)
    users = rng.choice(eligible, size=count, replace=False)
    sampled: list[list[Rated]] = []
    for user in users:
        start, end = ratings.indptr[user], ratings.indptr[user + 1]
        picks = start + rng.choice(end - start, size=per_user, replace=False)
        sampled.append(
            [
                Rated(int(movie_ids[col]), float(value), str(titles[col]))
                for col, value in zip(ratings.indices[picks], ratings.data[picks], strict=True)
            ]
        )
    return sampled


def backend_body(user: Sequence[Rated], limit: int = 20) -> dict[str, Any]:
    """``POST /v1/recommend`` of collab and kmeans."""
    return {"ratings": [{"movieId": r.movie_id, "rating": r.rating} for r in user], "limit": limit}


def gateway_body(user: Sequence[Rated], algorithm: str, limit: int = 20) -> dict[str, Any]:
    """``POST /api/v1/recommendations`` of the gateway."""
    return {**backend_body(user, limit), "algorithm": algorithm}


def original_body(user: Sequence[Rated]) -> list[dict[str, Any]]:
    """The original system's input: titles without the year, and ratings."""
    return [{"title": r.title, "rating": r.rating} for r in user]


def posters_body(imdb_ids: Iterable[str]) -> dict[str, Any]:
    """``POST /v1/posters/batch`` of the posters service."""
    return {"imdbIds": list(imdb_ids)}


def popular_movies(ratings: sp.csr_matrix, movie_ids: np.ndarray, count: int = 50) -> list[int]:
    """The ``count`` most rated movies, most rated first: the pages people open most."""
    counts = np.bincount(sp.csr_matrix(ratings).indices, minlength=movie_ids.size)
    order = np.lexsort((movie_ids, -counts))[:count]
    return [int(m) for m in movie_ids[order]]


def movie_page(movie_id: int, similar: int = 12) -> str:
    """The web app's movie page API call, as a ``request.lua`` GET line."""
    return f"GET /api/v1/movies/{movie_id}?similar={similar}"


def write_lines(path: Path, bodies: Iterable[Any]) -> Path:
    """One request per line, the format ``request.lua`` reads: a compact JSON body to POST,
    or a string as it is (``GET /path`` lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(
            (b if isinstance(b, str) else json.dumps(b, separators=(",", ":"))) + "\n"
            for b in bodies
        )
    )
    return path

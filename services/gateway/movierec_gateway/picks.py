"""Onboarding picks that have posters: draw candidates, keep those with a poster, draw more.

Candidates are drawn in rounds (2x, 4x, 8x the count, within the pool): the same seed gives
the same sequence, so later rounds only extend the first. Rounds stop as soon as enough
movies have a poster, or when the posters service fails (then the picks go out without).
"""

from __future__ import annotations

import numpy as np

from movierec_gateway.catalogue import Movie
from movierec_gateway.loading import Loaded
from movierec_gateway.posters_client import Posters, PosterUrls
from movierec_gateway.schemas import Problem

ROUNDS = (2, 4, 8)


def _has_poster(movie: Movie, urls: PosterUrls) -> bool:
    return bool(movie.imdb_id and urls.get(movie.imdb_id))


async def picks_with_posters(
    loaded: Loaded, posters: Posters, count: int, seed: int | None
) -> tuple[list[Movie], PosterUrls, list[Problem]]:
    """``count`` onboarding picks, those with a poster first, in pick order otherwise."""
    pool = loaded.onboarding
    noise_seed = np.random.SeedSequence(seed)
    urls: PosterUrls = {}
    movies: list[Movie] = []
    problems: list[Problem] = []
    for factor in ROUNDS:
        size = min(factor * count, len(pool))
        if size <= len(movies):
            break
        cols = pool.pick(size, np.random.default_rng(noise_seed))
        more = loaded.catalogue.movies(cols[len(movies) :])
        found, problems = await posters.urls(more)
        urls.update(found)
        movies += more
        if problems or sum(_has_poster(m, urls) for m in movies) >= count:
            break
    return _first(movies, urls, count), urls, problems


def _first(movies: list[Movie], urls: PosterUrls, count: int) -> list[Movie]:
    """The first ``count`` movies with a poster, topped up in order by ones without."""
    with_poster = [m for m in movies if _has_poster(m, urls)]
    without = [m for m in movies if not _has_poster(m, urls)]
    chosen = {m.movie_id for m in (with_poster + without)[:count]}
    return [m for m in movies if m.movie_id in chosen]

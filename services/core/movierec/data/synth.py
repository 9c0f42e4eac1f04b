"""Synthetic MovieLens-shaped data sets, for scale tests and model comparisons without the real one.

The ratings come from a small hidden world: movies belong to taste groups (whose genres and
latent factors they share) and have a long-tailed popularity; users have a long-tailed number
of ratings and a sparse mixture over the groups. The mixture decides WHICH movies a user rates
(group from the mixture, then a movie of the group by popularity), the latent factors and
biases decide HOW (a score cut into stars at thresholds that reproduce the published rating
histogram). Every rated movie gets one rating from a user who likes its group, so the counts
of users, rated movies and ratings are exact.

Ratings are drawn and written by blocks of users, sorted by userId then movieId, so memory is
bounded by the block, not the data set. The same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
from scipy import special

from movierec.errors import MovierecError

#: Every MovieLens user has at least this many ratings.
MIN_RATINGS_PER_USER = 20
#: Nobody rates more than this share of the rated movies while the shape leaves room (the
#: heaviest real raters: 28% of ml-latest-small's movies, 62% of ml-1m's).
MAX_USER_SHARE = 0.6
#: Taste groups of movies, which decide which movies a user rates.
GROUPS = 20
#: Dimensions of the latent factors, which decide how the user rates them.
FACTORS = 8
#: Share of a user's picks made from overall popularity instead of their taste groups.
GLOBAL_SHARE = 0.15
#: Cap on the expected draws of a movie, as a share of users: with repeat draws dropped, the
#: head ends near half the users, as in the real sets (0.50-0.57).
HEAD_SHARE_OF_USERS = 1.0
#: Ratings drawn and written per block (the memory bound).
BLOCK_RATINGS = 1_000_000
#: Ratings in the pilot that calibrates the star thresholds.
PILOT_RATINGS = 1_000_000
#: Star values, in half stars from 0.5.
HALF_STARS = tuple(v / 2 for v in range(1, 11))

#: The MovieLens genres with their frequency in ml-latest-small (genre labels per 10k movies).
GENRE_WEIGHTS = {
    "Action": 1828,
    "Adventure": 1263,
    "Animation": 611,
    "Children": 664,
    "Comedy": 3756,
    "Crime": 1199,
    "Documentary": 440,
    "Drama": 4361,
    "Fantasy": 779,
    "Film-Noir": 87,
    "Horror": 978,
    "IMAX": 158,
    "Musical": 334,
    "Mystery": 573,
    "Romance": 1596,
    "Sci-Fi": 980,
    "Thriller": 1894,
    "War": 382,
    "Western": 167,
}
NO_GENRES = "(no genres listed)"
#: How many genres a movie lists (1-4), shares as in ml-latest-small with 5+ folded into 4.
GENRE_COUNT_SHARES = (0.29, 0.33, 0.24, 0.14)

_WORD_TEXT = """
Night Love Man Woman Last Dark Blood City Home Girl Boy Day Dead Life Death King Queen Game
Story House Time World Black White Red Blue Green Secret Lost Return Legend Star War Heart
Dream Fire Ice Water River Road Summer Winter Island Mountain Sea Sky Moon Sun Shadow Ghost
Hunter Killer Kiss Wild Bad Good Little Big Great Brother Sister Father Mother Son Daughter
Family Friends Wedding Party School Street Town Country Kingdom Empire Planet Space Machine
Man's Devil Angel Heaven Hell Paradise Escape Run Chase Fall Rise Storm Thunder Silent Silver
Golden Iron Steel Glass Stone Broken Hidden Forgotten Forbidden Eternal Final American French
Paris London Tokyo Hollywood Texas Christmas Midnight Morning Evening Tomorrow Yesterday Forever
Money Power Justice Revenge Honor Glory Fear Rage Desire Innocence Memory Mirror Window Door
Garden Forest Desert Ocean Train Ship Flight Journey Voyage Mission Code Project Zone Point
Line Edge Zero One Two Three Thousand Million Hundred Monster Dragon Wolf Tiger Horse Bird
Dog Cat Spider Snake Rain Snow Wind Light Sound Music Song Dance Show Girls Boys Kids Men
"""
_WORDS = tuple(_WORD_TEXT.split())
_ARTICLES = (("The", 0.165), ("A", 0.015), ("La", 0.002), ("Le", 0.002), ("El", 0.001))


@dataclass(frozen=True)
class Shape:
    """The size and character of one published MovieLens set, as the generator imitates it."""

    name: str
    users: int
    #: Movies with at least one rating.
    movies: int
    #: Movies in movies.csv (and links.csv): the rated ones plus some nobody rated.
    listed: int
    ratings: int
    #: Dates of the first and last rating (ISO), the span of the timestamps.
    first_rating: str
    last_rating: str
    max_movie_id: int
    #: Share of each star value 0.5, 1.0, ... 5.0 (zeros at the halves: whole stars only).
    rating_shares: tuple[float, ...]
    #: Spread (sigma of a lognormal) of ratings per user above the minimum of 20.
    user_spread: float
    #: Spread (sigma of a lognormal) of movie popularity.
    movie_spread: float
    #: Median age of a movie at the last rating date, in years.
    median_age: float

    def resized(
        self,
        *,
        users: int | None = None,
        movies: int | None = None,
        ratings: int | None = None,
        listed: int | None = None,
    ) -> Shape:
        """The same character at another size; unrated movies and the gaps between movie ids
        keep their share unless given."""
        rated = movies if movies is not None else self.movies
        if listed is None:
            listed = rated + round((self.listed - self.movies) * rated / self.movies)
        return replace(
            self,
            users=users if users is not None else self.users,
            movies=rated,
            listed=listed,
            ratings=ratings if ratings is not None else self.ratings,
            max_movie_id=max(listed, round(self.max_movie_id * listed / self.listed)),
        )


_HALF_STAR_SHARES = (1.36, 2.79, 1.78, 7.49, 5.50, 19.88, 13.03, 26.60, 8.48, 13.10)
_ML_25M_SHARES = (1.57, 3.11, 1.60, 6.56, 5.05, 19.59, 12.71, 26.56, 8.80, 14.45)
_ML_1M_SHARES = (0, 5.62, 0, 10.75, 0, 26.11, 0, 34.89, 0, 22.63)

#: The published sets, by name: counts as GroupLens gives them.
SHAPES: dict[str, Shape] = {
    s.name: s
    for s in (
        Shape(
            "ml-latest-small",
            users=610,
            movies=9_724,
            listed=9_742,
            ratings=100_836,
            first_rating="1996-03-29",
            last_rating="2018-09-24",
            max_movie_id=193_609,
            rating_shares=_HALF_STAR_SHARES,
            user_spread=1.40,
            movie_spread=2.5,
            median_age=19,
        ),
        Shape(
            "ml-1m",
            users=6_040,
            movies=3_706,
            listed=3_883,
            ratings=1_000_209,
            first_rating="2000-04-25",
            last_rating="2003-02-28",
            max_movie_id=3_952,
            rating_shares=_ML_1M_SHARES,
            user_spread=1.14,
            movie_spread=1.95,
            median_age=12,
        ),
        Shape(
            "ml-25m",
            users=162_541,
            movies=59_047,
            listed=62_423,
            ratings=25_000_095,
            first_rating="1995-01-09",
            last_rating="2019-11-21",
            max_movie_id=209_171,
            rating_shares=_ML_25M_SHARES,
            user_spread=1.59,
            movie_spread=3.9,
            median_age=18,
        ),
        Shape(
            "ml-32m",
            users=200_948,
            movies=84_432,
            listed=87_585,
            ratings=32_000_204,
            first_rating="1995-01-09",
            last_rating="2023-10-12",
            max_movie_id=292_757,
            rating_shares=_ML_25M_SHARES,
            user_spread=1.59,
            movie_spread=4.0,
            median_age=19,
        ),
    )
}


def shape_named(name: str) -> Shape:
    """The preset ``name``; an unknown name is a one-line error listing the known ones."""
    try:
        return SHAPES[name]
    except KeyError:
        raise MovierecError(f"unknown shape {name!r}; choose from {', '.join(SHAPES)}") from None


def check_shape(shape: Shape) -> None:
    """Refuse a shape no data set can have, before anything is written."""
    s = shape
    minimum = MIN_RATINGS_PER_USER * s.users
    problems = [
        (s.users < 1, "at least 1 user is needed"),
        (
            s.movies < MIN_RATINGS_PER_USER,
            f"{s.movies:,} rated movies: at least {MIN_RATINGS_PER_USER} are needed for "
            f"{MIN_RATINGS_PER_USER} ratings per user",
        ),
        (
            s.ratings < minimum,
            f"{s.ratings:,} ratings for {s.users:,} users: every user needs "
            f"{MIN_RATINGS_PER_USER}, so at least {minimum:,}",
        ),
        (
            s.ratings > s.users * s.movies,
            f"{s.ratings:,} ratings: {s.users:,} users x {s.movies:,} movies allow at most "
            f"{s.users * s.movies:,}",
        ),
        (
            s.ratings < s.movies,
            f"{s.ratings:,} ratings cannot cover {s.movies:,} rated movies",
        ),
        (s.listed < s.movies, f"{s.listed:,} listed movies: fewer than the {s.movies:,} rated"),
        (s.listed > 9_999_999, f"{s.listed:,} listed movies: IMDb ids have only 7 digits"),
    ]
    for bad, problem in problems:
        if bad:
            raise MovierecError(f"impossible shape: {problem}")


# --- the hidden world ------------------------------------------------------------------------


def _rng(seed: int, stream: int, *more: int) -> np.random.Generator:
    """An independent generator per purpose (and block), so adding draws in one part of the
    world does not shift every other part."""
    return np.random.default_rng([seed, stream, *more])


@dataclass(frozen=True)
class Movies:
    """The rated movies as the sampler sees them (index = position among rated movies)."""

    group: np.ndarray  # taste group of each movie
    factors: np.ndarray  # (movies, FACTORS)
    bias: np.ndarray
    popularity: np.ndarray  # expected raters (a sampling weight)
    released: np.ndarray  # unix time of release
    by_group: np.ndarray  # movie indexes sorted by group
    cum_by_group: np.ndarray  # cumulative popularity along by_group
    group_start: np.ndarray  # (GROUPS + 1,) offsets into by_group
    group_mass: np.ndarray  # total popularity of each group

    @property
    def count(self) -> int:
        return int(self.group.size)


@dataclass(frozen=True)
class Users:
    """Every user's activity, tastes and rating habits (index = userId - 1)."""

    count: np.ndarray  # ratings of each user
    mixture: np.ndarray  # (users, GROUPS) share of each taste group in their picks
    factors: np.ndarray  # (users, FACTORS)
    bias: np.ndarray
    active_from: np.ndarray  # unix time the user starts rating
    active_for: np.ndarray  # seconds over which they rate


@dataclass(frozen=True)
class Catalogue:
    """movies.csv and links.csv: every listed movie, and which of them are rated."""

    ids: np.ndarray
    titles: list[str]
    genres: list[str]
    imdb: np.ndarray
    tmdb: np.ndarray
    year: np.ndarray
    rated: np.ndarray  # positions (sorted) of the rated movies among the listed


def _unix(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()


def _year_of(day: str) -> int:
    return int(day[:4])


def normal_quantiles(n: int, rng: np.random.Generator) -> np.ndarray:
    """A standard normal sample without sampling noise (its n quantiles, shuffled): the
    heaviest user and the most popular movie then depend on the size, not on the seed."""
    return np.asarray(rng.permutation(special.ndtri((np.arange(n) + 0.5) / n)))


def user_counts(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    """Ratings per user: 20 plus a lognormal excess, scaled so the total is exact.

    The scale is found by bisection (a user rates at most MAX_USER_SHARE of the rated movies,
    or all of them when the shape is that dense), the remainder of the rounding goes to the
    largest fractional parts, so the sum is the shape's.
    """
    excess = np.exp(shape.user_spread * normal_quantiles(shape.users, rng))
    total = shape.ratings - MIN_RATINGS_PER_USER * shape.users
    target = float(total)
    cap = float(shape.movies - MIN_RATINGS_PER_USER)
    if target <= 0.5 * shape.users * (MAX_USER_SHARE * shape.movies - MIN_RATINGS_PER_USER):
        cap = math.floor(MAX_USER_SHARE * shape.movies) - MIN_RATINGS_PER_USER
    low, high = 0.0, 1.0
    while np.minimum(excess * high, cap).sum() < target:
        high *= 2
    for _ in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if np.minimum(excess * mid, cap).sum() < target else (low, mid)
    scaled = np.minimum(excess * high, cap)
    whole = np.floor(scaled).astype(np.int64)
    short = total - int(whole.sum())
    room = whole < cap
    fraction = np.where(room, scaled - whole, -1.0)
    if short > 0:
        whole[np.argsort(-fraction, kind="stable")[:short]] += 1
    elif short < 0:
        whole[np.argsort(-whole, kind="stable")[:-short]] -= 1
    return whole + MIN_RATINGS_PER_USER


def movie_popularity(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    """Expected draws of each rated movie: lognormal, the head capped at a share of the users
    (nobody can rate a movie twice), the excess poured into the rest (water filling)."""
    weight = np.exp(shape.movie_spread * normal_quantiles(shape.movies, rng))
    budget = float(shape.ratings - shape.movies)  # each movie already has one rating
    cap = HEAD_SHARE_OF_USERS * shape.users
    capped = np.zeros(weight.size, dtype=bool)
    for _ in range(64):
        free = budget - cap * capped.sum()
        if capped.all() or free <= 0:  # denser than the cap allows: a flat catalogue
            return np.full(weight.size, max(budget, 1.0) / weight.size)
        expected = np.where(capped, cap, weight * free / weight[~capped].sum())
        over = ~capped & (expected > cap)
        if not over.any():
            break
        capped |= over
    return np.asarray(np.maximum(expected, 1e-3))


def _genre_profiles(rng: np.random.Generator) -> np.ndarray:
    """Per taste group, a distribution over genres leaning on three core genres (common
    genres are more often core, so the overall genre shares stay close to the real ones)."""
    base = np.array(list(GENRE_WEIGHTS.values()), dtype=np.float64)
    base /= base.sum()
    keys = np.log(base) + rng.gumbel(size=(GROUPS, base.size))
    cores = np.argsort(np.argsort(-keys, axis=1), axis=1) < 3
    profile = base * np.where(cores, 4.0, 1.0)
    return np.asarray(profile / profile.sum(axis=1, keepdims=True))


def _pick_genres(
    group: np.ndarray, profiles: np.ndarray, rng: np.random.Generator
) -> tuple[list[str], np.ndarray]:
    """1-4 genres per movie from its group's profile (Gumbel top-k: sampling without
    replacement, vectorised), as 'A|B' strings in MovieLens' alphabetical order, and the
    movie x genre membership matrix."""
    names = list(GENRE_WEIGHTS)
    keys = np.log(profiles[group]) + rng.gumbel(size=(group.size, len(names)))
    n = 1 + np.searchsorted(np.cumsum(GENRE_COUNT_SHARES), rng.random(group.size) * 0.999999)
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    member = rank < n[:, None]
    none = rng.random(group.size) < 0.0035
    member[none] = False
    labels = [
        "|".join(names[j] for j in np.flatnonzero(row)) if row.any() else NO_GENRES
        for row in member
    ]
    return labels, member


def _movie_years(shape: Shape, n: int, rng: np.random.Generator) -> np.ndarray:
    """Release years: a lognormal age before the last rating, so most are recent and a
    thin tail reaches back to 1900."""
    age = shape.median_age * np.exp(0.75 * rng.standard_normal(n)) - 1
    year = _year_of(shape.last_rating) - np.floor(np.maximum(age, 0))
    too_old = year < 1900  # spread over the silent era rather than piled up on 1900
    year[too_old] = 1900 + rng.integers(0, 30, size=int(too_old.sum()))
    return np.asarray(year, dtype=np.int64)


def _titles(years: np.ndarray, rng: np.random.Generator) -> list[str]:
    """'Word Word (1997)', 'Name, The (2004)', sequels, a few alternative titles, and about one
    in 750 without a year, as in the real files."""
    n = years.size
    lengths = 1 + np.searchsorted([0.3, 0.65, 0.87], rng.random(n))
    words = rng.integers(0, len(_WORDS), size=(n, 4))
    article_roll = rng.random(n)
    thresholds = np.cumsum([share for _, share in _ARTICLES])
    article = np.searchsorted(thresholds, article_roll, side="right")
    sequel = rng.random(n) < 0.03
    sequel_number = rng.integers(2, 5, size=n)
    alternative = rng.random(n) < 0.01
    no_year = rng.random(n) < 0.0013
    titles = []
    for i in range(n):
        main = " ".join(_WORDS[w] for w in words[i, : lengths[i]])
        if sequel[i]:
            main += f" {sequel_number[i]}"
        if article[i] < len(_ARTICLES):
            main += f", {_ARTICLES[article[i]][0]}"
        if alternative[i]:
            main += f" (a.k.a. {_WORDS[words[i, 3]]} {_WORDS[words[i, 0]]})"
        titles.append(main if no_year[i] else f"{main} ({years[i]})")
    return titles


def _movie_ids(shape: Shape, n: int, rng: np.random.Generator) -> np.ndarray:
    """Increasing ids from 1 with gaps (some steps of 1, the others exponential) whose mean
    step matches the real set's highest id."""
    mean_gap = max(shape.max_movie_id / max(shape.listed, 1), 1.0)
    jump = min(0.5, mean_gap - 1.0)
    size = (mean_gap - 1.0) / jump if jump > 0 else 0.0
    extra = np.where(rng.random(n) < jump, np.ceil(rng.exponential(size or 1.0, n)), 0.0)
    extra[0] = 0
    return np.cumsum(1 + extra).astype(np.int64)


def _unique_sorted(n: int, high: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` distinct sorted integers in [1, high]."""
    return np.sort(rng.choice(high, size=n, replace=False) + 1)


def build_catalogue(shape: Shape, seed: int) -> tuple[Catalogue, np.ndarray, np.ndarray]:
    """The listed movies, their taste groups and genre memberships (used for the factors).

    Ids follow the order movies joined the catalogue: the back catalogue first, then new
    releases by year; IMDb ids grow with the year, as real ones do.
    """
    rng = _rng(seed, 1)
    n = shape.listed
    years = _movie_years(shape, n, rng)
    joined = np.maximum(years, _year_of(shape.first_rating)) + 3 * rng.random(n)
    order = np.argsort(joined, kind="stable")
    years = years[order]
    ids = _movie_ids(shape, n, rng)
    group = np.minimum(
        np.searchsorted(np.cumsum(rng.dirichlet(np.full(GROUPS, 5.0))), rng.random(n)),
        GROUPS - 1,
    )
    genres, member = _pick_genres(group, _genre_profiles(rng), rng)
    titles = _titles(years, rng)
    by_age = np.argsort(years + 8 * rng.standard_normal(n), kind="stable")
    imdb = np.empty(n, dtype=np.int64)
    imdb[by_age] = _unique_sorted(n, 9_999_999, rng)
    tmdb = rng.permutation(_unique_sorted(n, max(1_200_000, 2 * n), rng))
    unrated = n - shape.movies
    ramp = np.arange(1, n + 1, dtype=np.float64)  # newer additions are more often unrated
    skipped = rng.choice(n, size=unrated, replace=False, p=ramp / ramp.sum())
    rated = np.setdiff1d(np.arange(n), skipped)
    catalogue = Catalogue(ids, titles, genres, imdb, tmdb, years, rated)
    return catalogue, group[rated], member[rated]


def build_movies(
    shape: Shape, catalogue: Catalogue, group: np.ndarray, member: np.ndarray, seed: int
) -> tuple[Movies, np.ndarray]:
    """Popularity, factors and biases of the rated movies; also the group centroids.

    A movie's factors are its group's centroid plus its genres' directions plus noise, so
    genres and tastes go together.
    """
    rng = _rng(seed, 2)
    n = shape.movies
    centroids = rng.standard_normal((GROUPS, FACTORS))
    genre_axes = 0.5 * rng.standard_normal((len(GENRE_WEIGHTS), FACTORS))
    per_movie = np.maximum(member.sum(axis=1, keepdims=True), 1)
    factors = centroids[group] + member @ genre_axes / per_movie
    factors += 0.6 * rng.standard_normal((n, FACTORS))
    popularity = movie_popularity(shape, rng)
    # Popular movies are a little better liked (correlation about 0.1 in ml-latest-small).
    log_pop = np.log(popularity)
    bias = rng.standard_normal(n) + 0.3 * (log_pop - log_pop.mean()) / (log_pop.std() or 1.0)
    year = catalogue.year[catalogue.rated]
    new_year = np.asarray(year - 1970, dtype="datetime64[Y]").astype("datetime64[s]")
    released = new_year.astype(np.int64) + rng.random(n) * 364 * 86400
    released = np.minimum(released, _unix(shape.last_rating))
    by_group = np.argsort(group, kind="stable")
    group_start = np.searchsorted(group[by_group], np.arange(GROUPS + 1))
    group_mass = np.bincount(group, weights=popularity, minlength=GROUPS)
    movies = Movies(
        group=group,
        factors=factors,
        bias=(bias - bias.mean()) / bias.std(),
        popularity=popularity,
        released=released,
        by_group=by_group,
        cum_by_group=np.cumsum(popularity[by_group]),
        group_start=group_start,
        group_mass=group_mass,
    )
    return movies, centroids


def build_users(shape: Shape, movies: Movies, centroids: np.ndarray, seed: int) -> Users:
    """Users' activity, sparse taste mixtures (on average as large as each group's share of
    popularity, so group demand meets supply) and factors that follow the mixture."""
    rng = _rng(seed, 3)
    n = shape.users
    count = user_counts(shape, rng)
    supply = movies.group_mass / movies.group_mass.sum()
    mixture = rng.dirichlet(np.maximum(3.0 * supply, 1e-3), size=n)
    factors = mixture @ centroids + 0.5 * rng.standard_normal((n, FACTORS))
    start, end = _unix(shape.first_rating), _unix(shape.last_rating)
    active_from = start + (end - start) * rng.random(n)
    active_for = 86400 * np.exp(np.log(30) + 2.0 * rng.standard_normal(n))
    return Users(
        count=count,
        mixture=mixture,
        factors=factors,
        bias=rng.standard_normal(n),
        active_from=active_from,
        active_for=active_for,
    )


# --- which movies each user rates -------------------------------------------------------------


def draw_movies(
    users: np.ndarray, mixture: np.ndarray, movies: Movies, rng: np.random.Generator
) -> np.ndarray:
    """One movie per entry of ``users`` (rows of ``mixture``), with replacement: a taste group
    from the user's mixture (or, at GLOBAL_SHARE, all movies), then a movie of that group by
    popularity. Both steps are a searchsorted on cumulative sums, so the cost is
    O(draws x log movies), never users x movies."""
    n = users.size
    groups = mixture.shape[1]
    cum = np.cumsum(mixture, axis=1)
    cum /= cum[:, -1:]
    flat = (cum + np.arange(cum.shape[0])[:, None]).ravel()
    picked = np.searchsorted(flat, users + rng.random(n), side="right") - users * groups
    group = np.minimum(picked, groups - 1)
    anywhere = rng.random(n) < GLOBAL_SHARE
    lo = np.where(anywhere, 0, movies.group_start[group])
    hi = np.where(anywhere, movies.count, movies.group_start[group + 1])
    empty = hi == lo  # a group without movies: draw from all of them
    lo, hi = np.where(empty, 0, lo), np.where(empty, movies.count, hi)
    cum_pop = movies.cum_by_group
    base = np.where(lo > 0, cum_pop[np.maximum(lo - 1, 0)], 0.0)
    value = base + rng.random(n) * (cum_pop[hi - 1] - base)
    position = np.clip(np.searchsorted(cum_pop, value, side="right"), lo, hi - 1)
    return np.asarray(movies.by_group[position])


def _first_distinct(
    users: np.ndarray, items: np.ndarray, need: np.ndarray, n_items: int
) -> np.ndarray:
    """Positions of the first ``need[user]`` distinct (user, item) pairs in array order: a
    sequence of draws with replacement turned into sampling without replacement."""
    key = users * n_items + items
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    distinct = np.sort(order[first])
    by_user = distinct[np.argsort(users[distinct], kind="stable")]
    owner = users[by_user]
    starts = np.searchsorted(owner, np.arange(need.size))
    rank = np.arange(by_user.size) - starts[owner]
    return np.asarray(by_user[rank < need[owner]])


def _exact_picks(
    rows: np.ndarray,
    need: np.ndarray,
    mixture: np.ndarray,
    movies: Movies,
    forced: tuple[np.ndarray, np.ndarray],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sampling without replacement over all movies for the few users the draws
    cannot serve (very active ones): Efraimidis-Spirakis keys, the ``forced`` pairs first.

    The weights are the same as :func:`draw_movies`', so these users are no different.
    """
    out_users, out_items = [], []
    per_chunk = max(1, (1 << 22) // movies.count)
    total = movies.popularity.sum()
    within = movies.popularity / movies.group_mass[movies.group]
    rows = rows[np.argsort(need[rows], kind="stable")]  # similar needs share a chunk
    for start in range(0, rows.size, per_chunk):
        chunk = np.sort(rows[start : start + per_chunk])
        weight = (1 - GLOBAL_SHARE) * mixture[chunk][:, movies.group] * within
        weight += GLOBAL_SHARE * movies.popularity / total
        keys = np.log(rng.random(weight.shape)) / np.maximum(weight, 1e-300)
        forced_rows = np.isin(forced[0], chunk)
        local = np.searchsorted(chunk, forced[0][forced_rows])
        keys[local, forced[1][forced_rows]] = np.inf
        top = _largest(keys, int(need[chunk].max()))
        take = np.arange(top.shape[1])[None, :] < need[chunk][:, None]
        out_users.append(np.broadcast_to(chunk[:, None], top.shape)[take])
        out_items.append(top[take])
    if not out_users:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_users), np.concatenate(out_items)


def _largest(keys: np.ndarray, k: int) -> np.ndarray:
    """Column indexes of the ``k`` largest keys of each row, largest first (a partition, then
    a sort of those k only)."""
    if k < keys.shape[1]:
        top = np.argpartition(keys, keys.shape[1] - k, axis=1)[:, keys.shape[1] - k :]
    else:
        top = np.broadcast_to(np.arange(keys.shape[1]), keys.shape)
    order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1, kind="stable")
    return np.asarray(np.take_along_axis(top, order, axis=1))


def pick_movies(
    need: np.ndarray,
    mixture: np.ndarray,
    movies: Movies,
    forced: tuple[np.ndarray, np.ndarray],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Exactly ``need[u]`` distinct movies for each user row u of a block, ``forced`` pairs
    included, as (rows, movies) sorted by row then movie.

    Draws with replacement, as many as the share of distinct movies among a user's previous
    draws says are needed, duplicates dropped, for up to four rounds;
    the few users still short after the rounds (and the very active, who would need too many
    draws) get exact sampling without replacement.
    """
    n_items = movies.count
    heavy = need * 6 > n_items
    have_users, have_items = forced[0], forced[1]
    have = np.bincount(have_users, minlength=need.size)
    distinct_share = np.full(need.size, 0.8)  # of a user's draws; measured after each round
    for _ in range(4):
        short = np.flatnonzero((have < need) & ~heavy)
        if short.size == 0:
            break
        wanted = (need[short] - have[short]) / np.maximum(distinct_share[short], 0.02)
        draws = np.ceil(1.2 * wanted).astype(np.int64) + 4
        users = np.repeat(short, draws)
        items = draw_movies(users, mixture, movies, rng)
        all_users = np.concatenate([have_users, users])
        all_items = np.concatenate([have_items, items])
        kept = _first_distinct(all_users, all_items, need, n_items)
        have_users, have_items = all_users[kept], all_items[kept]
        before, have = have, np.bincount(have_users, minlength=need.size)
        distinct_share[short] = (have[short] - before[short]) / draws
    exact = np.flatnonzero(have < need)
    if exact.size:
        keep = ~np.isin(have_users, exact)
        extra_users, extra_items = _exact_picks(exact, need, mixture, movies, forced, rng)
        have_users = np.concatenate([have_users[keep], extra_users])
        have_items = np.concatenate([have_items[keep], extra_items])
    order = np.argsort(have_users * n_items + have_items)
    return have_users[order], have_items[order]


def first_raters(users: Users, movies: Movies, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One rater for every rated movie, so none is left without a rating: a user drawn by
    activity times liking for the movie's group, never more than a user's count.

    Returns (user index, movie index) sorted by user.
    """
    rng = _rng(seed, 4)
    rater = np.empty(movies.count, dtype=np.int64)
    for g in range(GROUPS):
        members = np.flatnonzero(movies.group == g)
        if members.size == 0:
            continue
        cum = np.cumsum(users.count * users.mixture[:, g])
        rater[members] = np.searchsorted(cum, rng.random(members.size) * cum[-1], side="right")
    rater = np.minimum(rater, users.count.size - 1)
    _respect_counts(rater, users.count, rng)
    order = np.argsort(rater, kind="stable")
    return rater[order], order


def _respect_counts(rater: np.ndarray, count: np.ndarray, rng: np.random.Generator) -> None:
    """Move first ratings from users given more than their count to users with room left."""
    load = np.bincount(rater, minlength=count.size)
    over = np.maximum(load - count, 0)
    if not over.any():
        return
    order = np.argsort(rater, kind="stable")
    starts = np.searchsorted(rater[order], np.arange(count.size))
    rank = np.arange(rater.size) - starts[rater[order]]
    moved = order[rank >= count[rater[order]]]
    room = np.cumsum(np.maximum(count - load, 0))
    slots = np.sort(rng.choice(int(room[-1]), size=moved.size, replace=False))
    rater[rng.permutation(moved)] = np.searchsorted(room, slots, side="right")


# --- how they rate them --------------------------------------------------------------------


@dataclass(frozen=True)
class Scorer:
    """Rating = cut of (user bias + movie bias + taste match + noise) at calibrated thresholds."""

    taste_scale: float
    thresholds: np.ndarray
    values: np.ndarray  # star value of each interval

    def scores(
        self, users: Users, movies: Movies, u: np.ndarray, i: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        taste = np.einsum("ij,ij->i", users.factors[u], movies.factors[i]) / self.taste_scale
        noise = rng.standard_normal(u.size)
        return np.asarray(0.45 * users.bias[u] + 0.4 * movies.bias[i] + 0.75 * taste + 0.6 * noise)

    def stars(self, score: np.ndarray) -> np.ndarray:
        return np.asarray(self.values[np.searchsorted(self.thresholds, score)])


def calibrate(
    shape: Shape,
    users: Users,
    movies: Movies,
    first: tuple[np.ndarray, np.ndarray],
    seed: int,
) -> Scorer:
    """Thresholds that cut the scores of a pilot (random users, their movies picked as the
    ratings will pick them) into the shape's rating histogram."""
    rng = _rng(seed, 5)
    order = rng.permutation(users.count.size)
    enough = int(np.searchsorted(np.cumsum(users.count[order]), PILOT_RATINGS)) + 1
    sample = np.sort(order[:enough])
    inside = np.isin(first[0], sample)
    forced = (np.searchsorted(sample, first[0][inside]), first[1][inside])
    rows, i = pick_movies(users.count[sample], users.mixture[sample], movies, forced, rng)
    u = sample[rows]
    taste = np.einsum("ij,ij->i", users.factors[u], movies.factors[i])
    shares = np.asarray(shape.rating_shares, dtype=np.float64)
    present = shares > 0
    pilot = Scorer(float(taste.std()) or 1.0, np.zeros(0), np.asarray(HALF_STARS)[present])
    score = pilot.scores(users, movies, u, i, rng)
    cumulative = np.cumsum(shares[present]) / shares[present].sum()
    return replace(pilot, thresholds=np.quantile(score, cumulative[:-1]))


# --- files ---------------------------------------------------------------------------------


def _digits(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Decimal ASCII of non-negative integers as a (rows, width) byte matrix and the mask of
    the digits to keep (no leading zeros): text formatting without a Python loop per row."""
    width = max(1, len(str(int(column.max())))) if column.size else 1
    value = column.astype(np.uint64)
    out = np.empty((column.size, width), dtype=np.uint8)
    rest = value.copy()
    for j in range(width - 1, -1, -1):
        quotient = rest // 10
        out[:, j] = (rest - quotient * 10).astype(np.uint8) + ord("0")
        rest = quotient
    keep = np.ones((column.size, width), dtype=bool)
    for j in range(width - 1):
        keep[:, j] = value >= 10 ** (width - 1 - j)
    return out, keep


def rating_lines(
    user_ids: np.ndarray, movie_ids: np.ndarray, stars: np.ndarray, stamps: np.ndarray
) -> bytes:
    """ratings.csv rows 'userId,movieId,4.0,964982703\\n' for arrays of equal length."""
    n = user_ids.size
    star_text = np.frombuffer(b"0.00.51.01.52.02.53.03.54.04.55.0", dtype=np.uint8).reshape(11, 3)
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    comma = (np.full((n, 1), ord(","), np.uint8), np.ones((n, 1), bool))
    pieces += [_digits(user_ids), comma, _digits(movie_ids), comma]
    pieces.append((star_text[np.rint(stars * 2).astype(np.int64)], np.ones((n, 3), bool)))
    pieces += [comma, _digits(stamps), (np.full((n, 1), ord("\n"), np.uint8), comma[1])]
    text = np.concatenate([p[0] for p in pieces], axis=1)
    keep = np.concatenate([p[1] for p in pieces], axis=1)
    return bytes(text[keep].tobytes())


def _write_catalogue(directory: Path, catalogue: Catalogue) -> None:
    movies = io.StringIO()
    writer = csv.writer(movies, lineterminator="\n")
    writer.writerow(("movieId", "title", "genres"))
    ids = catalogue.ids.tolist()
    writer.writerows(zip(ids, catalogue.titles, catalogue.genres, strict=True))
    (directory / "movies.csv").write_text(movies.getvalue(), encoding="utf-8")
    lines = ["movieId,imdbId,tmdbId"]
    lines += [
        f"{m},{i:07d},{t}"
        for m, i, t in zip(ids, catalogue.imdb.tolist(), catalogue.tmdb.tolist(), strict=True)
    ]
    (directory / "links.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _blocks(count: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive user ranges of about BLOCK_RATINGS ratings each."""
    cum = np.cumsum(count)
    cuts = np.searchsorted(cum, np.arange(BLOCK_RATINGS, int(cum[-1]), BLOCK_RATINGS)) + 1
    edges = np.unique(np.concatenate(([0], np.minimum(cuts, count.size), [count.size])))
    return list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))


@dataclass(frozen=True)
class World:
    """Everything drawn before the ratings: the catalogue and the hidden tastes."""

    shape: Shape
    seed: int
    catalogue: Catalogue
    movies: Movies
    users: Users
    first: tuple[np.ndarray, np.ndarray]
    scorer: Scorer


def build_world(shape: Shape, seed: int) -> World:
    """Draw the world of ``shape``; each part has its own random stream of ``seed``."""
    check_shape(shape)
    catalogue, group, member = build_catalogue(shape, seed)
    movies, centroids = build_movies(shape, catalogue, group, member, seed)
    users = build_users(shape, movies, centroids, seed)
    first = first_raters(users, movies, seed)
    scorer = calibrate(shape, users, movies, first, seed)
    return World(shape, seed, catalogue, movies, users, first, scorer)


def _write_ratings(
    handle: BinaryIO, world: World, progress: Callable[[int, int], None] | None
) -> None:
    """ratings.csv, block by block of users: their movies, stars and timestamps. Each block
    has its own random stream, so a block's ratings do not depend on the blocks before it."""
    users, movies = world.users, world.movies
    rated_ids = world.catalogue.ids[world.catalogue.rated]
    first_users, first_items = world.first
    end_of_time = _unix(world.shape.last_rating)
    done = 0
    handle.write(b"userId,movieId,rating,timestamp\n")
    for block, (start, end) in enumerate(_blocks(users.count)):
        rng = _rng(world.seed, 6, block)
        lo, hi = np.searchsorted(first_users, [start, end])
        forced = (first_users[lo:hi] - start, first_items[lo:hi])
        rows, items = pick_movies(
            users.count[start:end], users.mixture[start:end], movies, forced, rng
        )
        u = rows + start
        stars = world.scorer.stars(world.scorer.scores(users, movies, u, items, rng))
        begin = np.maximum(users.active_from[u], movies.released[items])
        stamps = np.minimum(begin + rng.random(u.size) * users.active_for[u], end_of_time)
        handle.write(rating_lines(u + 1, rated_ids[items], stars, stamps.astype(np.int64)))
        done += u.size
        if progress is not None:
            progress(done, world.shape.ratings)


def _readme(world: World) -> str:
    s = world.shape
    return (
        f"Synthetic MovieLens-shaped data set (not real ratings), made by movierec data synth\n"
        f"in the shape of {s.name} with seed {world.seed}: {s.users:,} users, {s.movies:,} rated\n"
        f"movies ({s.listed:,} listed), {s.ratings:,} ratings. Titles are made up.\n"
    )


def check_out(out: Path, force: bool) -> None:
    """Refuse to write over a file or, without ``force``, into a directory holding anything."""
    if out.exists() and not out.is_dir():
        raise MovierecError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise MovierecError(f"{out}: exists and is not empty (pass --force to replace it)")


def synthesize(
    out: Path,
    shape: Shape,
    *,
    seed: int = 0,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write movies.csv, links.csv, ratings.csv (and README.txt) of ``shape`` into ``out``.

    The files go to a hidden staging directory beside ``out`` that is renamed into place at
    the end, so an interrupted run never leaves a set that looks complete. ``progress``
    is called with (ratings written, ratings in all) after each block.
    """
    check_shape(shape)
    out = Path(out)
    check_out(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    world = build_world(shape, seed)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    staging.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would outlive the rename
    try:
        _write_catalogue(staging, world.catalogue)
        with (staging / "ratings.csv").open("wb") as handle:
            _write_ratings(handle, world, progress)
        (staging / "README.txt").write_text(_readme(world), encoding="utf-8")
        check_out(out, force)  # nothing appeared meanwhile
        _swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap_in(staging: Path, out: Path) -> None:
    """Rename ``staging`` to ``out``; an existing ``out`` is moved aside first, then removed."""
    if not out.exists():
        os.replace(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.replace(out, old / out.name)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


__all__ = [
    "SHAPES",
    "Shape",
    "check_out",
    "check_shape",
    "shape_named",
    "synthesize",
]

"""The toy ratings (two taste groups) as a MovieLens directory whose titles are worth searching.

Ratings, ids, genres and IMDb ids come from :func:`tests.toy.write_toy_csv`; only movies.csv
is rewritten, giving some movies real titles in MovieLens' own forms ("Matrix, The (1999)",
accents, alternative titles, two films of one name) for search and the legacy title match.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tests.toy import PER_GROUP, Toy, make_toy, write_toy_csv

#: Column -> raw title; group A (animation) is columns 0-29, group B (horror) 30-59.
TITLES: dict[int, str] = {
    0: "Toy Story (1995)",
    1: "Toy Story 2 (1999)",
    2: "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
    3: "Matrix, The (1999)",
    4: "Matrix Reloaded, The (2003)",
    5: "American President, The (1995)",
    6: "Hamlet (1990)",
    8: "Léon: The Professional (a.k.a. The Professional) (Léon) (1994)",
    30: "Shining, The (1980)",
    31: "Blade Runner (1982)",
    32: "Blade Runner 2049 (2017)",
    33: "2001: A Space Odyssey (1968)",
    34: "Seven (a.k.a. Se7en) (1995)",
    36: "Hamlet (1996)",  # one name, two films, one in each taste group
}


#: Columns whose titles carry no year in the year-filter variant of the toy (as some
#: MovieLens titles have none): one of each taste group.
YEARLESS = (7, 41)


def title_of(col: int) -> str:
    return TITLES.get(col, f"Movie {col} ({1990 + col % 20})")


def write_gateway_toy(root: Path, toy: Toy | None = None, *, yearless: Sequence[int] = ()) -> Path:
    """The toy with the titles above; the columns in ``yearless`` get titles without a year."""
    toy = toy or make_toy()
    write_toy_csv(root, toy)
    movies = pd.read_csv(root / "movies.csv")
    movies["title"] = [
        f"Movie {col}" if col in yearless else title_of(col) for col in range(len(movies))
    ]
    movies.to_csv(root / "movies.csv", index=False)
    return root


def movie_id(col: int) -> int:
    """The toy's movie id of a column (ids are 10, 20, ...)."""
    return (col + 1) * 10


GROUP_A = [movie_id(c) for c in range(PER_GROUP)]
GROUP_B = [movie_id(c) for c in range(PER_GROUP, 2 * PER_GROUP)]
UNRATED = movie_id(2 * PER_GROUP)
#: Six movies of each taste group, loved: input that tells the models which group one is in.
LIKES_A = [{"movieId": m, "rating": 5.0} for m in GROUP_A[:6]]
LIKES_B = [{"movieId": m, "rating": 5.0} for m in GROUP_B[:6]]


def imdb_id(col: int) -> str:
    return f"tt{col + 100000:07d}"

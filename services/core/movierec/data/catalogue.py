"""The movie catalogue: ids, titles, years, genres and IMDb ids, checked and sorted by movieId.

Catalogue problems are structural (a bad or repeated movie id makes every rating of it
ambiguous), so they always raise, naming file and line.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from movierec.data.table import Issues, texts, to_numbers
from movierec.data.titles import parse_title
from movierec.errors import DataError

#: What MovieLens writes for a movie without genres.
NO_GENRES = "(no genres listed)"
#: Older layouts' genre names mapped to the newer ones.
GENRE_ALIASES = {"Children's": "Children"}
#: Genres that carry no information and are dropped.
DROPPED_GENRES = frozenset({"unknown", NO_GENRES})


def parse_ids(text: pd.Series, lines: np.ndarray, *, file: str, column: str) -> np.ndarray:
    """Integer ids from a text column; the first one that is not an integer is fatal."""
    raw_text = texts(text)
    values = to_numbers(raw_text)
    bad = ~np.isfinite(values) | (values != np.round(values))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raw = str(raw_text[row]).strip()
        problem = f"{column} is missing" if raw == "" else f"{column} {raw!r} is not an integer"
        raise DataError(file, problem, int(lines[row]))
    return values.astype(np.int64)


def reject_duplicates(ids: np.ndarray, lines: np.ndarray, *, file: str, column: str) -> None:
    """A repeated id is fatal: name it, its second line and where it first appeared."""
    repeated = pd.Series(ids).duplicated(keep="first").to_numpy()
    if repeated.any():
        row = int(np.flatnonzero(repeated)[0])
        first = int(lines[np.flatnonzero(ids == ids[row])[0]])
        problem = f"duplicate {column} {int(ids[row])} (first on line {first})"
        raise DataError(file, problem, int(lines[row]))


def _genre_tuple(text: str) -> tuple[str, ...]:
    names = (GENRE_ALIASES.get(g.strip(), g.strip()) for g in text.split("|"))
    return tuple(g for g in names if g and g not in DROPPED_GENRES)


def split_genres(text: pd.Series) -> np.ndarray:
    """'Adventure|Children's' -> ('Adventure', 'Children'); parsed once per distinct string."""
    codes, uniques = pd.factorize(text.fillna(""))
    parsed = np.empty(len(uniques), dtype=object)
    parsed[:] = [_genre_tuple(str(u)) for u in uniques]
    return np.asarray(parsed[codes], dtype=object) if len(codes) else np.empty(0, dtype=object)


def genres_from_flags(flags: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Rows of 0/1 genre flags (ml-100k) -> genre tuples, aliases mapped, 'unknown' dropped."""
    joined = np.full(flags.shape[0], "", dtype=object)
    for column, name in enumerate(names):
        joined = joined + np.where(flags[:, column] == 1, name + "|", "")
    return split_genres(pd.Series(joined, dtype=object))


def imdb_ids(text: pd.Series, lines: np.ndarray, *, file: str) -> np.ndarray:
    """links.csv imdbId (an integer without 'tt') -> 'tt0114709'; empty -> None."""
    stripped = texts(text)
    present = stripped != ""
    numbers = parse_ids(pd.Series(stripped[present]), lines[present], file=file, column="imdbId")
    out = np.full(len(stripped), None, dtype=object)
    out[present] = np.char.add("tt", np.char.zfill(numbers.astype(str), 7)).astype(object)
    return out


def attach(
    movie_ids: np.ndarray,
    link_ids: np.ndarray,
    values: np.ndarray,
    lines: np.ndarray,
    issues: Issues,
    *,
    catalogue: str,
) -> np.ndarray:
    """``values`` keyed by ``link_ids`` laid along sorted ``movie_ids``; unknown ids are Issues."""
    positions = np.searchsorted(movie_ids, link_ids)
    clipped = np.minimum(positions, max(movie_ids.size - 1, 0))
    known = (movie_ids[clipped] == link_ids) if movie_ids.size else np.zeros(link_ids.size, bool)
    issues.add_mask(
        f"movie id not in {catalogue}",
        ~known,
        lines,
        lambda row: f"movie id {int(link_ids[row])} not in {catalogue}",
    )
    out = np.full(movie_ids.size, None, dtype=object)
    out[clipped[known]] = values[known]
    return out


def build_movies(ids: np.ndarray, titles: Sequence[str], genres: np.ndarray) -> pd.DataFrame:
    """The Dataset.movies frame sorted by movieId, imdbId None (titles parsed once per movie).

    Loaders with IMDb ids fill that column afterwards with :func:`attach`.
    """
    order = np.argsort(ids, kind="stable")
    raw_titles = [str(titles[i]) for i in order]
    parsed = [parse_title(t) for t in raw_titles]
    return movies_frame(
        ids[order],
        raw_titles,
        [p[0] for p in parsed],
        [p[1] for p in parsed],
        genres[order] if len(order) else np.empty(0, dtype=object),
        [None] * len(ids),
    )


def movies_frame(
    ids: np.ndarray,
    titles: Sequence[str],
    display_titles: Sequence[str],
    years: Sequence[int | None],
    genres: np.ndarray,
    imdb_ids: Sequence[str | None],
) -> pd.DataFrame:
    """The Dataset.movies frame from its columns, with the dtypes every loader gives it."""
    return pd.DataFrame(
        {
            "movieId": np.asarray(ids, dtype=np.int64),
            "title": list(titles),
            "display_title": list(display_titles),
            "year": pd.array(list(years), dtype="Int64"),
            "genres": genres,
            "imdbId": pd.Series(list(imdb_ids), dtype=object),
        }
    )

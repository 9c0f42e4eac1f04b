"""The movie catalogue the gateway answers from: ids, titles, years, genres, IMDb ids, popularity.

Built once from the data set at start; everything a request needs is a column array, so
lookups, filters and the popularity fallback are numpy operations, not loops over movies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from movierec.data.dataset import Dataset, column_index
from movierec.data.titles import title_without_year
from movierec.errors import UnknownGenreError
from movierec.recommender import popularity_scores, top_n
from movierec.years import YearRange, year_column


@dataclass(frozen=True, slots=True)
class Movie:
    """One catalogue entry, as the API shows it."""

    movie_id: int
    title: str  # display form: "The American President"
    raw_title: str  # as in movies.csv: "American President, The (1995)"
    year: int | None
    genres: tuple[str, ...]
    imdb_id: str | None
    rating_count: int
    mean_rating: float | None

    @property
    def legacy_title(self) -> str:
        """The original system's title: the raw one minus its year."""
        return title_without_year(self.raw_title)


def _rating_stats(ratings: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Ratings and mean rating per movie, without a CSC copy of the whole matrix."""
    n = ratings.shape[1]
    counts = np.bincount(ratings.indices, minlength=n).astype(np.int64)
    sums = np.bincount(ratings.indices, weights=ratings.data, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return counts, means


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Column arrays over the movies, in the data set's (movieId-sorted) order."""

    name: str
    movie_ids: np.ndarray
    raw_titles: np.ndarray
    titles: np.ndarray
    years: np.ndarray  # int64, 0 where unknown
    genres: np.ndarray  # object array of tuple[str, ...]
    imdb_ids: np.ndarray  # object array of str | None
    genre_names: tuple[str, ...]
    genre_matrix: np.ndarray  # bool, movies x genre_names
    popularity: np.ndarray
    rating_counts: np.ndarray
    mean_ratings: np.ndarray
    #: Per movie, its MovieOut fields but the poster (camelCase, ready for JSON): built once,
    #: so an answer copies 20 small dicts instead of assembling them from the columns.
    cards: np.ndarray = field(repr=False)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> Catalogue:
        movies = dataset.movies
        genres = np.asarray(movies["genres"].to_numpy(), dtype=object)
        genre_names = tuple(sorted({g for row in genres for g in row}))
        position = {g: i for i, g in enumerate(genre_names)}
        rows = np.repeat(np.arange(len(genres)), [len(g) for g in genres])
        cols = np.fromiter((position[g] for row in genres for g in row), dtype=np.int64)
        matrix = np.zeros((len(genres), len(genre_names)), dtype=bool)
        matrix[rows, cols] = True
        counts, means = _rating_stats(dataset.ratings)
        years = year_column(movies)
        titles = np.asarray(movies["display_title"].to_numpy(), dtype=object)
        imdb_ids = np.asarray(movies["imdbId"].to_numpy(), dtype=object)
        cards = np.empty(len(genres), dtype=object)
        cards[:] = [
            {"movieId": m, "title": t, "year": y or None, "genres": list(g), "imdbId": i}
            for m, t, y, g, i in zip(
                dataset.movie_ids.tolist(),
                titles.tolist(),
                years.tolist(),
                genres.tolist(),
                imdb_ids.tolist(),
                strict=True,
            )
        ]
        return cls(
            name=dataset.name,
            movie_ids=dataset.movie_ids,
            raw_titles=np.asarray(movies["title"].to_numpy(), dtype=object),
            titles=titles,
            years=years,
            genres=genres,
            imdb_ids=imdb_ids,
            genre_names=genre_names,
            genre_matrix=matrix,
            popularity=popularity_scores(dataset.ratings),
            rating_counts=counts,
            mean_ratings=means,
            cards=cards,
        )

    @property
    def size(self) -> int:
        return int(self.movie_ids.size)

    def columns_of(self, movie_ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Column of each id; -1 for ids not in the catalogue."""
        return column_index(self.movie_ids, np.asarray(movie_ids, dtype=np.int64))

    def column(self, movie_id: int) -> int | None:
        col = int(self.columns_of([movie_id])[0])
        return None if col < 0 else col

    def movie(self, col: int) -> Movie:
        return self.movies([col])[0]

    def movies(self, cols: Iterable[int] | np.ndarray) -> list[Movie]:
        """Entries of ``cols``, in order: one slice per column array, not one lookup per cell."""
        idx = np.asarray(cols if isinstance(cols, np.ndarray) else list(cols), dtype=np.int64)
        counts = self.rating_counts[idx].tolist()
        means = np.round(self.mean_ratings[idx], 3).tolist()
        return [
            Movie(
                movie_id=movie_id,
                title=title,
                raw_title=raw,
                year=year or None,
                genres=genres,
                imdb_id=imdb_id,
                rating_count=count,
                mean_rating=mean if count else None,
            )
            for movie_id, title, raw, year, genres, imdb_id, count, mean in zip(
                self.movie_ids[idx].tolist(),
                self.titles[idx].tolist(),
                self.raw_titles[idx].tolist(),
                self.years[idx].tolist(),
                self.genres[idx].tolist(),
                self.imdb_ids[idx].tolist(),
                counts,
                means,
                strict=True,
            )
        ]

    def movies_by_id(self, movie_ids: Iterable[int]) -> list[Movie]:
        """Entries of ``movie_ids`` in order, skipping ids the catalogue lacks."""
        cols = self.columns_of(list(movie_ids))
        return self.movies(cols[cols >= 0])

    def imdb_ids_at(self, cols: np.ndarray) -> list[str]:
        """The IMDb ids of columns ``cols`` that have one."""
        return [i for i in self.imdb_ids[cols].tolist() if i]

    def titles_of(self, movie_ids: np.ndarray) -> list[str | None]:
        """Display title of each movie id (None where unknown, e.g. -1)."""
        cols = self.columns_of(movie_ids)
        titles = self.titles[np.maximum(cols, 0)] if self.size else np.full(cols.size, None)
        return [t if c >= 0 else None for t, c in zip(titles.tolist(), cols.tolist(), strict=True)]

    def canonical_genres(self, names: Iterable[str]) -> list[str]:
        """The catalogue's spelling of each genre, matched case-blind; unknown ones raise."""
        by_key = {g.casefold(): g for g in self.genre_names}
        wanted = [n.strip() for n in names]
        unknown = [n for n in wanted if n.casefold() not in by_key]
        if unknown:
            raise UnknownGenreError(unknown, list(self.genre_names))
        return list(dict.fromkeys(by_key[n.casefold()] for n in wanted))

    def genre_mask(self, genres: Sequence[str] | None) -> np.ndarray | None:
        """Movies having at least one of ``genres`` (canonical names); None = no filter."""
        if not genres:
            return None
        index = [self.genre_names.index(g) for g in genres]
        return np.asarray(self.genre_matrix[:, index].any(axis=1))

    def allowed(self, genres: Sequence[str] | None, years: YearRange) -> np.ndarray | None:
        """Movies having one of ``genres`` and released within ``years``; None = no filter.

        The same rule as the model services' mask, for the gateway's own popularity list.
        """
        masks = [m for m in (self.genre_mask(genres), years.mask(self.years)) if m is not None]
        return np.logical_and.reduce(masks) if masks else None

    def popular(
        self,
        n: int,
        *,
        blocked: np.ndarray | None = None,
        allowed: np.ndarray | None = None,
    ) -> np.ndarray:
        """The ``n`` most popular columns, skipping ``blocked`` columns, within ``allowed``."""
        scores = self.popularity.astype(np.float64, copy=True)
        if blocked is not None and blocked.size:
            scores[blocked] = -np.inf
        if allowed is not None:
            scores[~allowed] = -np.inf
        return top_n(scores, n)

    def similar_by_genre(self, col: int, n: int) -> np.ndarray:
        """Popular movies sharing the most genres with ``col``: the fallback for similar movies."""
        overlap = self.genre_matrix[:, self.genre_matrix[col]].sum(axis=1).astype(np.float64)
        scale = float(self.popularity.max()) + 1.0 if self.size else 1.0
        scores = overlap * scale + self.popularity
        scores[overlap == 0] = -np.inf
        scores[col] = -np.inf
        return top_n(scores, n)

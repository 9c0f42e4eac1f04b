"""Movie ids <-> model columns, and the masks saying which movies a request may get back."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from movierec.data.dataset import column_index
from movierec.errors import UnknownGenreError
from movierec.years import YearRange, year_column


def genre_flags(genres: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Movies x genres boolean matrix and the sorted genre names, from tuples of names."""
    exploded = genres.reset_index(drop=True).explode().dropna()
    names, codes = np.unique(exploded.to_numpy(dtype=str), return_inverse=True)
    flags = np.zeros((len(genres), names.size), dtype=bool)
    flags[exploded.index.to_numpy(dtype=np.int64), codes] = True
    return flags, [str(n) for n in names]


class ServingCatalogue:
    """The catalogue a model was trained on, indexed for request-time lookups.

    Everything per request is a vectorised lookup: ids via binary search over the sorted
    movie ids, genre filters via a precomputed movies x genres boolean matrix, year filters
    via comparisons over the release-year column (0: unknown).
    """

    def __init__(self, movies: pd.DataFrame) -> None:
        self.movie_ids = np.asarray(movies["movieId"].to_numpy(), dtype=np.int64)
        self.years = year_column(movies)
        self._flags, self.genres = genre_flags(movies["genres"])
        self._genre_index = {name.casefold(): i for i, name in enumerate(self.genres)}

    @property
    def size(self) -> int:
        return int(self.movie_ids.size)

    def columns(self, movie_ids: np.ndarray | Sequence[int]) -> np.ndarray:
        """Column of each movie id; -1 for ids not in the catalogue."""
        return column_index(self.movie_ids, np.asarray(movie_ids, dtype=np.int64))

    def ids(self, columns: np.ndarray) -> np.ndarray:
        """Movie id of each column; -1 stays -1 (e.g. "no reason")."""
        columns = np.asarray(columns, dtype=np.int64)
        return np.where(columns >= 0, self.movie_ids[np.maximum(columns, 0)], -1)

    def genre_columns(self, names: Sequence[str]) -> np.ndarray:
        """Indices of the named genres (case-insensitive); unknown names raise, listing all."""
        found = [self._genre_index.get(name.casefold(), -1) for name in names]
        unknown = [name for name, i in zip(names, found, strict=True) if i < 0]
        if unknown:
            raise UnknownGenreError(unknown, list(self.genres))
        return np.asarray(found, dtype=np.int64)

    def allowed(
        self,
        genre_columns: np.ndarray | None,
        exclude: Sequence[int] | None,
        years: YearRange | None = None,
    ) -> np.ndarray | None:
        """Columns a request may get back: any of the genres, released within ``years``, none
        of the excluded ids.

        None when nothing is filtered. Excluded ids not in the catalogue cannot be returned
        anyway and are skipped. The model ranks within the mask, so a filtered answer is as
        long as the limit whenever enough movies pass.
        """
        year_mask = years.mask(self.years) if years is not None else None
        if genre_columns is None and not exclude and year_mask is None:
            return None
        mask = (
            np.ones(self.size, dtype=bool)
            if genre_columns is None
            else np.asarray(self._flags[:, genre_columns].any(axis=1))
        )
        if year_mask is not None:
            mask &= year_mask
        if exclude:
            columns = self.columns(exclude)
            mask[columns[columns >= 0]] = False
        return mask

"""Movies worth rating first: well known, well liked, spread over genres and decades.

A person can only rate what they have seen, so the pool is the most-rated movies with an
IMDb id (posters come from it) whose smoothed mean rating is at least the catalogue's mean.
Each request draws a different set: Gumbel-max sampling weighted by how often a movie was
rated, with a penalty for genres and decades already picked, so twelve picks are not twelve
nineties comedies.
"""

from __future__ import annotations

import numpy as np

from movierec_gateway.catalogue import Catalogue

#: Ratings a movie's mean is shrunk by towards the catalogue mean (a Bayesian average).
_PRIOR_WEIGHT = 10.0
#: Score lost for each earlier pick sharing this pick's decade, and per shared-genre share.
_DECADE_PENALTY = 0.6
_GENRE_PENALTY = 0.8


class OnboardingPool:
    """The candidates, their sampling weights, genres and decades."""

    def __init__(self, catalogue: Catalogue, size: int) -> None:
        counts = catalogue.rating_counts.astype(np.float64)
        sums = np.nan_to_num(catalogue.mean_ratings, nan=0.0) * counts
        total = counts.sum()
        prior = float(sums.sum() / total) if total else 0.0
        smoothed = (sums + _PRIOR_WEIGHT * prior) / (counts + _PRIOR_WEIGHT)
        has_imdb = np.array([i is not None for i in catalogue.imdb_ids], dtype=bool)
        eligible = has_imdb & (counts > 0) & (smoothed >= prior)
        by_count = np.lexsort((catalogue.movie_ids, -counts))
        self.columns = by_count[eligible[by_count]][:size]
        self.log_weight = np.log1p(counts[self.columns])
        genres = catalogue.genre_matrix[self.columns].astype(np.float64)
        # Each movie spreads one unit over its genres, so many-genre movies are not penalised more.
        self.genres = genres / np.maximum(genres.sum(axis=1, keepdims=True), 1.0)
        years = catalogue.years[self.columns]
        self.decades = np.where(years > 0, years // 10, -1)

    def __len__(self) -> int:
        return int(self.columns.size)

    def pick(self, count: int, rng: np.random.Generator) -> np.ndarray:
        """``count`` distinct catalogue columns (fewer if the pool is smaller), in pick order."""
        count = min(count, len(self))
        noise = rng.gumbel(size=len(self))
        genre_used = np.zeros(self.genres.shape[1])
        decades, decade_index = np.unique(self.decades, return_inverse=True)
        decade_used = np.zeros(decades.size)
        available = np.ones(len(self), dtype=bool)
        picked = np.empty(count, dtype=np.int64)
        for i in range(count):  # one step per pick (<= 50), each vectorised over the pool
            penalty = _GENRE_PENALTY * (self.genres @ genre_used)
            penalty += _DECADE_PENALTY * decade_used[decade_index]
            score = np.where(available, self.log_weight + noise - penalty, -np.inf)
            best = int(np.argmax(score))
            picked[i] = best
            available[best] = False
            genre_used += self.genres[best]
            decade_used[decade_index[best]] += 1.0
        return np.asarray(self.columns[picked])

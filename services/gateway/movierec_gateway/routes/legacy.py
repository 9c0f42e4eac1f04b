"""The original system's routes, in the exact shapes its React client reads.

Field names and types are the original's (``movieId`` a string in /getrandom, ``year`` a
string in /getrecomcollab, titles in MovieLens' "Matrix, The" form without the year);
``imageurl`` is ``"N/A"`` where there is no poster, as OMDb said it to the original.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Body, Query

from movierec_gateway.catalogue import Catalogue
from movierec_gateway.loading import CatalogueHolder
from movierec_gateway.picks import picks_with_posters
from movierec_gateway.present import Posters
from movierec_gateway.recommend import RecommendationService
from movierec_gateway.schemas import (
    MAX_RATINGS,
    Algorithm,
    LegacyCollabMovie,
    LegacyIdRating,
    LegacyKMeans,
    LegacyKMeansMovie,
    LegacyRandom,
    LegacyRandomMovie,
    LegacyTitleRating,
    RatingIn,
    RecommendationRequest,
    error_responses,
)

NO_POSTER = "N/A"


def snap(values: np.ndarray) -> np.ndarray:
    """0-5 floats to the MovieLens grid: nearest half star, 0 counting as 0.5."""
    return np.clip(np.floor(values * 2.0 + 0.5) / 2.0, 0.5, 5.0)


def _ratings(ids: list[int], values: list[float]) -> list[RatingIn]:
    snapped = snap(np.asarray(values, dtype=np.float64)).tolist()
    return [RatingIn(movie_id=i, rating=r) for i, r in zip(ids, snapped, strict=True)]


def _legacy_title(catalogue: Catalogue, movie_id: int) -> str:
    col = catalogue.column(movie_id)
    return catalogue.movie(col).legacy_title if col is not None else ""


def legacy_router(
    holder: CatalogueHolder,
    posters: Posters,
    service: RecommendationService,
    count: int,
) -> APIRouter:
    router = APIRouter(tags=["legacy"], responses=error_responses(422, 503))

    async def recommend(ratings: list[RatingIn], algorithm: Algorithm) -> list[dict[str, Any]]:
        """The items of the public answer (RecommendedMovie objects as JSON)."""
        request = RecommendationRequest(ratings=ratings, algorithm=algorithm, limit=count)
        items: list[dict[str, Any]] = (await service.recommend(request))["items"]
        return items

    @router.get("/getrandom")
    async def getrandom(
        count: Annotated[int, Query(ge=1, le=50, description="How many movies.")] = 10,
    ) -> LegacyRandom:
        """Random well-known movies with posters (original: ``{"ids": [...]}``)."""
        movies, urls, _ = await picks_with_posters(holder.get(), posters, count, None)
        return LegacyRandom(
            ids=[
                LegacyRandomMovie(
                    movieId=str(m.movie_id),
                    title=m.legacy_title,
                    actual=m.raw_title,
                    imageurl=(urls.get(m.imdb_id) if m.imdb_id else None) or NO_POSTER,
                )
                for m in movies
            ]
        )

    @router.post("/getrecomcollab", responses=error_responses(400, 413))
    async def getrecomcollab(
        body: Annotated[
            list[LegacyTitleRating],
            Body(
                max_length=MAX_RATINGS,
                examples=[
                    [{"title": "Toy Story", "rating": 4.5}, {"title": "Matrix, The", "rating": 5}]
                ],
            ),
        ],
    ) -> list[LegacyCollabMovie]:
        """Collaborative recommendations for ratings given by title (without the year)."""
        loaded = holder.get()
        matched = [(loaded.titles.exact(r.title), r.rating) for r in body]
        ids = [int(loaded.catalogue.movie_ids[cols[0]]) for cols, _ in matched if cols.size]
        values = [rating for cols, rating in matched if cols.size]
        items = await recommend(_ratings(ids, values), "collab")
        return [
            LegacyCollabMovie(
                movieId=item["movieId"],
                title=_legacy_title(loaded.catalogue, item["movieId"]),
                imageurl=item["poster"] or NO_POSTER,
                year="" if item["year"] is None else str(item["year"]),
            )
            for item in items
        ]

    @router.post("/getrecom", responses=error_responses(400, 413))
    async def getrecom(
        body: Annotated[
            list[LegacyIdRating],
            Body(max_length=MAX_RATINGS, examples=[[{"movieId": 1, "rating": 5}]]),
        ],
    ) -> LegacyKMeans:
        """K-Means recommendations for ratings given by movie id (``{"results": [...]}``)."""
        loaded = holder.get()
        items = await recommend(
            _ratings([r.movieId for r in body], [r.rating for r in body]), "kmeans"
        )
        return LegacyKMeans(
            results=[
                LegacyKMeansMovie(
                    title=_legacy_title(loaded.catalogue, item["movieId"]),
                    imageurl=item["poster"] or NO_POSTER,
                )
                for item in items
            ]
        )

    return router

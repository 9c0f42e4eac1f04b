"""The original system's routes, in the exact shapes its React client reads.

Field names and types are the original's (``movieId`` a string in /getrandom, ``year`` a
string in /getrecomcollab, titles in MovieLens' "Matrix, The" form without the year);
``imageurl`` is ``"N/A"`` where there is no poster, as OMDb said it to the original.

With ``MOVIEREC_GATEWAY_LEGACY_RECENT`` on, the POST routes follow the original system's
recency rule (:data:`RECENCY`): movies from 2000 on, from 1990 on when fewer than the count
qualify, and unfiltered as the last resort, so the old page always gets its full row.

The POST routes are as tolerant as the original backend: its client sends ``{}`` (and ``null``
or half-filled entries) among the ratings, which the original skipped. They are skipped here
too, counted in the ``X-Skipped-Entries`` header and in a log line with the request id; an
entry that has both fields must still be valid (a rating of 7 is a 422).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Body, Query, Request, Response

from movierec.http import get_request_id
from movierec_gateway.catalogue import Catalogue
from movierec_gateway.loading import CatalogueHolder
from movierec_gateway.picks import picks_with_posters
from movierec_gateway.posters_client import Posters
from movierec_gateway.presenter import Presenter
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
#: The original system's recency rule, tried in turn until one fills the count: the earliest
#: release year allowed, None for no year filter (the old page has a fixed number of slots).
RECENCY: tuple[int | None, ...] = (2000, 1990, None)
#: How many entries of a legacy POST body were skipped for lacking a field.
SKIPPED_HEADER = "X-Skipped-Entries"

log = logging.getLogger("movierec.gateway.legacy")


def snap(values: np.ndarray) -> np.ndarray:
    """0-5 floats to the MovieLens grid: nearest half star, 0 counting as 0.5."""
    return np.clip(np.floor(values * 2.0 + 0.5) / 2.0, 0.5, 5.0)


def _ratings(ids: list[int], values: list[float]) -> list[RatingIn]:
    snapped = snap(np.asarray(values, dtype=np.float64)).tolist()
    return [RatingIn(movie_id=i, rating=r) for i, r in zip(ids, snapped, strict=True)]


def _legacy_title(catalogue: Catalogue, movie_id: int) -> str:
    col = catalogue.column(movie_id)
    return catalogue.movie(col).legacy_title if col is not None else ""


def _report_skipped(request: Request, response: Response, total: int, kept: int) -> None:
    """Say how many entries were skipped: a header for the caller, a line for the operator."""
    skipped = total - kept
    response.headers[SKIPPED_HEADER] = str(skipped)
    if skipped:
        log.info(
            "%s: skipped %d of %d entries lacking a field",
            request.url.path,
            skipped,
            total,
            extra={
                "request_id": get_request_id(),
                "path": request.url.path,
                "skipped_entries": skipped,
                "entries": total,
            },
        )


def _title_ratings(body: Sequence[LegacyTitleRating | None]) -> list[tuple[str, float]]:
    """(title, rating) of the entries having both (the client's empty slots left out)."""
    return [
        (e.title, e.rating)
        for e in body
        if e is not None and e.title is not None and e.rating is not None
    ]


def _id_ratings(body: Sequence[LegacyIdRating | None]) -> list[tuple[int, float]]:
    """(movieId, rating) of the entries having both."""
    return [
        (e.movieId, e.rating)
        for e in body
        if e is not None and e.movieId is not None and e.rating is not None
    ]


_SKIPPED_DOC = {
    "headers": {
        SKIPPED_HEADER: {
            "description": "Entries skipped for lacking a field (the original client's `{}`).",
            "schema": {"type": "integer", "minimum": 0},
        }
    }
}


def legacy_router(
    holder: CatalogueHolder,
    posters: Posters,
    service: RecommendationService,
    count: int,
    collab_count: int,
    *,
    recent: bool = False,
) -> APIRouter:
    """``count`` movies from /getrecom, ``collab_count`` from /getrecomcollab (the original
    page shows one row of 4); ``recent``: the original's recency rule (:data:`RECENCY`)."""
    router = APIRouter(tags=["legacy"], responses=error_responses(422, 503))
    steps = RECENCY if recent else (None,)

    async def recommend(
        ratings: list[RatingIn], algorithm: Algorithm, limit: int
    ) -> list[dict[str, Any]]:
        """The items of the public answer (RecommendedMovie objects as JSON), from the first
        recency step that fills ``limit`` (the backends filter before they cut to it)."""
        items: list[dict[str, Any]] = []
        for year_from in steps:
            request = RecommendationRequest(
                ratings=ratings, algorithm=algorithm, limit=limit, year_from=year_from
            )
            rec = await service.recommend(request)
            items = Presenter.of(rec).items(rec.shown)
            if len(items) >= limit:
                break
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

    @router.post(
        "/getrecomcollab",
        responses={200: _SKIPPED_DOC, **error_responses(400, 413)},
    )
    async def getrecomcollab(
        body: Annotated[
            list[LegacyTitleRating | None],
            Body(
                max_length=MAX_RATINGS,
                examples=[
                    [
                        {"title": "Toy Story", "rating": 4.5},
                        {"title": "Matrix, The", "rating": 5},
                        {},
                    ]
                ],
            ),
        ],
        request: Request,
        response: Response,
    ) -> list[LegacyCollabMovie]:
        """Collaborative recommendations for ratings given by title (without the year);
        entries lacking a field are skipped and counted in `X-Skipped-Entries`."""
        loaded = holder.get()
        entries = _title_ratings(body)
        _report_skipped(request, response, len(body), len(entries))
        matched = [(loaded.titles.exact(title), rating) for title, rating in entries]
        ids = [int(loaded.catalogue.movie_ids[cols[0]]) for cols, _ in matched if cols.size]
        values = [rating for cols, rating in matched if cols.size]
        items = await recommend(_ratings(ids, values), "collab", collab_count)
        return [
            LegacyCollabMovie(
                movieId=item["movieId"],
                title=_legacy_title(loaded.catalogue, item["movieId"]),
                imageurl=item["poster"] or NO_POSTER,
                year="" if item["year"] is None else str(item["year"]),
            )
            for item in items
        ]

    @router.post("/getrecom", responses={200: _SKIPPED_DOC, **error_responses(400, 413)})
    async def getrecom(
        body: Annotated[
            list[LegacyIdRating | None],
            Body(max_length=MAX_RATINGS, examples=[[{"movieId": 1, "rating": 5}, {}]]),
        ],
        request: Request,
        response: Response,
    ) -> LegacyKMeans:
        """K-Means recommendations for ratings given by movie id (``{"results": [...]}``);
        entries lacking a field are skipped and counted in `X-Skipped-Entries`."""
        loaded = holder.get()
        entries = _id_ratings(body)
        _report_skipped(request, response, len(body), len(entries))
        ids = [movie_id for movie_id, _ in entries]
        items = await recommend(_ratings(ids, [r for _, r in entries]), "kmeans", count)
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

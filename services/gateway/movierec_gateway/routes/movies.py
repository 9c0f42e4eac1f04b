"""GET /api/v1/movies/...: onboarding picks, title search, one movie with similar ones."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from movierec.http import ApiError, json_response
from movierec.serving.schemas import MAX_MOVIE_ID
from movierec_gateway.catalogue import Catalogue, Movie
from movierec_gateway.clients import BackendError, BackendRejectedError, Backends
from movierec_gateway.loading import CatalogueHolder
from movierec_gateway.picks import picks_with_posters
from movierec_gateway.posters_client import Posters
from movierec_gateway.presenter import movie_fields, movie_out
from movierec_gateway.schemas import (
    MovieDetail,
    OnboardingResponse,
    Problem,
    SearchResponse,
    SimilarMovie,
    error_responses,
)

log = logging.getLogger("movierec.gateway.movies")

#: Seeds stay below 2**53 so a browser's JavaScript number holds them exactly.
MAX_SEED = 2**53 - 1


def movies_router(holder: CatalogueHolder, backends: Backends, posters: Posters) -> APIRouter:
    router = APIRouter(
        prefix="/api/v1/movies", tags=["movies"], responses=error_responses(422, 503)
    )

    @router.get("/onboarding", response_model=OnboardingResponse)
    async def onboarding(
        count: Annotated[int, Query(ge=1, le=50, description="How many movies.")] = 12,
        seed: Annotated[
            int | None,
            Query(ge=0, le=MAX_SEED, description="Same seed, same set; none: a new set."),
        ] = None,
    ) -> Response:
        """Well-known, well-liked movies to rate first, spread over genres and decades."""
        seed = secrets.randbits(32) if seed is None else seed
        chosen, urls, problems = await picks_with_posters(holder.get(), posters, count, seed)
        answer = OnboardingResponse(
            items=[movie_out(m, urls) for m in chosen],
            seed=seed,
            degraded=bool(problems),
            problems=problems,
        )
        return json_response(answer)

    @router.get("/search", response_model=SearchResponse)
    async def search(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=200,
                description="Title words; case, accents and a trailing year do not matter.",
                examples=["matrix", "toy story 1995", "Amélie"],
            ),
        ],
        limit: Annotated[int, Query(ge=1, le=50, description="How many movies.")] = 10,
    ) -> Response:
        """Movies by title, best match first, then the more popular."""
        loaded = holder.get()
        movies = loaded.catalogue.movies(loaded.titles.search(q, limit))
        urls, problems = await posters.urls(movies)
        answer = SearchResponse(
            query=q,
            items=[movie_out(m, urls) for m in movies],
            degraded=bool(problems),
            problems=problems,
        )
        return json_response(answer)

    @router.get("/{movieId}", response_model=MovieDetail, responses=error_responses(404))
    async def movie(
        movieId: Annotated[
            int, Path(ge=-MAX_MOVIE_ID, le=MAX_MOVIE_ID, description="MovieLens id.")
        ],
        similar: Annotated[int, Query(ge=0, le=50, description="How many similar movies.")] = 10,
    ) -> Response:
        """One movie with its poster and the movies most similar to it."""
        catalogue = holder.get().catalogue
        col = catalogue.column(movieId)
        if col is None:
            raise ApiError(404, "movie_not_found", f"No movie with id {movieId}.")
        found = catalogue.movie(col)
        similar_movies, scores, source, problems = await _similar(catalogue, backends, col, similar)
        urls, poster_problems = await posters.urls([found, *similar_movies])
        problems += poster_problems
        detail = MovieDetail(
            **movie_fields(found, urls),
            rating_count=found.rating_count,
            mean_rating=found.mean_rating,
            similar=[
                SimilarMovie(**movie_fields(m, urls), score=s)
                for m, s in zip(similar_movies, scores, strict=True)
            ],
            similar_source=source,
            degraded=bool(problems),
            problems=problems,
        )
        return json_response(detail)

    return router


async def _similar(
    catalogue: Catalogue, backends: Backends, col: int, n: int
) -> tuple[list[Movie], list[float | None], str, list[Problem]]:
    """Similar movies from collab; by shared genres when collab is down or lacks the movie."""
    if n == 0:
        return [], [], "collab", []
    problems: list[Problem] = []
    movie_id = int(catalogue.movie_ids[col])
    try:
        answer = await backends.similar(movie_id, n)
    except BackendError as exc:
        log.warning("collab unavailable for similar movies", extra={"code": exc.code})
        problems.append(Problem.model_validate(exc.problem()))
        answer = None
    except BackendRejectedError as exc:
        problems.append(
            Problem(part="collab", code="rejected", message=f"answered HTTP {exc.status}")
        )
        answer = None
    if answer is not None:
        scores = {i.movieId: i.score for i in answer.items}
        movies = [m for m in catalogue.movies_by_id(scores) if m.movie_id != movie_id][:n]
        return movies, [scores[m.movie_id] for m in movies], "collab", problems
    movies = catalogue.movies(catalogue.similar_by_genre(col, n))
    return movies, [None] * len(movies), "genres", problems

"""Collab's own route: movies similar to one movie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from movierec.http import ApiError, CamelModel, json_response
from movierec.serving.compute import Engine
from movierec.serving.routes import ERRORS
from movierec.serving.schemas import MAX_LIMIT

#: What "similar" means: the movies recommended to someone who loved this one and rated
#: nothing else. It uses the model's own notion of relatedness, dislikes of others included.
SEED_RATING = 5.0


class SimilarItem(CamelModel):
    movie_id: int
    score: float | None


class SimilarResponse(CamelModel):
    movie_id: int
    items: list[SimilarItem]


def similar_router(engine: Engine) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["similar"])

    @router.get(
        "/similar/{movieId}",
        response_model=SimilarResponse,
        responses={404: {"description": "Movie not in the catalogue."}, **ERRORS},
    )
    async def similar(
        movieId: Annotated[int, Path(gt=0, lt=2**63, description="MovieLens movie id.")],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    ) -> Response:
        """Movies like ``movieId``, by the default model (popular ones if it knows no link)."""
        _, catalogue = await engine.store.get()
        if catalogue.columns([movieId])[0] < 0:
            raise ApiError(
                404,
                "unknown_movie",
                f"Movie {movieId} is not in the catalogue.",
                {"movieId": movieId},
            )
        _, result = await engine.run(None, [movieId], [SEED_RATING], limit, with_extra=False)
        items = [{"movieId": i["movieId"], "score": i["score"]} for i in result.items()]
        return json_response(SimilarResponse.model_validate({"movieId": movieId, "items": items}))

    return router

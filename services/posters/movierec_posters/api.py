"""HTTP routes: one poster, or a batch of them in one call."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import Field, StringConstraints

from movierec.http import ApiError, CamelModel, json_response
from movierec_posters.model import IMDB_ID_PATTERN, Source
from movierec_posters.service import Poster, PosterService

ImdbId = Annotated[str, StringConstraints(pattern=IMDB_ID_PATTERN)]


class PosterOut(CamelModel):
    imdb_id: str = Field(examples=["tt0114709"])
    url: str | None = Field(description="Poster image URL; null when there is none to give.")
    source: Source = Field(description="Where the URL came from, or why it is null.")


class BatchIn(CamelModel):
    imdb_ids: list[ImdbId] = Field(
        description="IMDb ids (tt + 7 or 8 digits); duplicates are answered once.",
        json_schema_extra={"maxItems": 200},
    )


class BatchOut(CamelModel):
    posters: list[PosterOut]


def _out(poster: Poster) -> PosterOut:
    return PosterOut(imdb_id=poster.imdb_id, url=poster.url, source=poster.source)


def posters_router(service: PosterService, max_batch: int) -> APIRouter:
    router = APIRouter(prefix="/v1/posters", tags=["posters"])

    # The answer is encoded once from our own values (no model per poster, no second
    # validation); response_model keeps the documented schema.
    @router.post("/batch", response_model=BatchOut, response_model_by_alias=True)
    async def poster_batch(body: BatchIn) -> Response:
        """Posters of many movies in one call: one cache round trip, OMDb only for misses."""
        if len(body.imdb_ids) > max_batch:
            raise ApiError(
                413,
                "too_many_ids",
                f"At most {max_batch} imdbIds per request, got {len(body.imdb_ids)}.",
                {"max": max_batch, "received": len(body.imdb_ids)},
            )
        posters = await service.lookup(body.imdb_ids)
        answer = {
            "posters": [{"imdbId": p.imdb_id, "url": p.url, "source": p.source} for p in posters]
        }
        return json_response(answer)

    @router.get("/{imdbId}", response_model_by_alias=True)
    async def poster(
        imdbId: Annotated[
            str, Path(pattern=IMDB_ID_PATTERN, description="IMDb id, e.g. tt0114709")
        ],
    ) -> PosterOut:
        """The poster of one movie."""
        (found,) = await service.lookup([imdbId])
        return _out(found)

    return router

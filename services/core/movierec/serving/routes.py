"""The routes every model service has: ``POST /v1/recommend`` and ``GET /v1/model``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from movierec.http.json import json_response
from movierec.serving.compute import Engine
from movierec.serving.schemas import DatasetInfo, ModelInfo, RecommendRequest, RecommendResponse
from movierec.serving.store import LoadedModel, ModelStore

#: Documented error answers (all in the shared error shape).
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input: which entry is wrong, unknown model or genre."},
    503: {"description": "Still loading, or the model could not be loaded."},
}


def model_info(loaded: LoadedModel) -> ModelInfo:
    """``GET /v1/model``: the artifact manifest of a loaded model."""
    manifest = loaded.artifact.manifest
    return ModelInfo(
        name=loaded.name,
        version=loaded.version,
        params=manifest.params,
        dataset=DatasetInfo(**asdict(manifest.dataset)),
        metrics=manifest.metrics,
        training=manifest.training,
        created=manifest.created,
    )


def recommend_router(
    engine: Engine, response_model: type[RecommendResponse] = RecommendResponse
) -> APIRouter:
    """``POST /v1/recommend``, answering with ``response_model`` (a service may extend it)."""
    router = APIRouter(prefix="/v1", tags=["recommend"])

    # The answer is built as plain JSON objects of ``response_model``'s shape by our own code
    # and encoded once; validating our own output on every request costs more than the
    # model's maths. The decorator keeps the documented schema.
    @router.post("/recommend", response_model=response_model, responses=ERRORS)
    async def recommend(body: RecommendRequest) -> Response:
        """Recommendations for an anonymous user's ratings (folded in at request time).

        Never returns a rated or excluded movie; with nothing to go on (no ratings, or only
        unknown movies) the answer is popular movies with ``fallback: true``.
        """
        return json_response(await engine.answer(body))

    return router


def model_router(store: ModelStore) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["model"])

    @router.get("/model", responses=ERRORS)
    async def model(
        name: Annotated[str | None, Query(description="Model; default: the service's.")] = None,
    ) -> ModelInfo:
        """Name, version, parameters, training data and offline metrics of a model."""
        loaded, _ = await store.get(name)
        return model_info(loaded)

    return router

"""POST /api/v1/recommendations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from movierec.http import json_response
from movierec_gateway.presenter import recommendation_json
from movierec_gateway.recommend import RecommendationService
from movierec_gateway.schemas import (
    RecommendationRequest,
    RecommendationResponse,
    error_responses,
)

_EXAMPLES: dict[str, Any] = {
    "collab": {
        "summary": "Collaborative filtering (default model)",
        "value": {
            "ratings": [
                {"movieId": 1, "rating": 5.0},
                {"movieId": 2571, "rating": 4.5},
                {"movieId": 356, "rating": 2.0},
            ],
            "limit": 10,
        },
    },
    "both": {
        "summary": "Both families, merged, comedies only",
        "value": {
            "ratings": [{"movieId": 1, "rating": 5.0}, {"movieId": 260, "rating": 4.0}],
            "algorithm": "both",
            "genres": ["Comedy"],
            "limit": 10,
        },
    },
    "model": {
        "summary": "A chosen collaborative model, excluding a seen movie",
        "value": {
            "ratings": [{"movieId": 296, "rating": 4.5}],
            "algorithm": "collab",
            "model": "itemknn",
            "exclude": [593],
        },
    },
    "empty": {
        "summary": "No ratings yet: popular movies (fallback)",
        "value": {"ratings": [], "algorithm": "kmeans"},
    },
}


def recommendations_router(service: RecommendationService) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["recommendations"])

    @router.post(
        "/recommendations",
        response_model=RecommendationResponse,
        responses=error_responses(400, 413, 422, 503),
    )
    async def recommendations(
        body: Annotated[RecommendationRequest, Body(openapi_examples=_EXAMPLES)],
    ) -> Response:
        """Personal recommendations for the ratings given, from collab, kmeans or both.

        Never fails for a backend outage: the answer is then `degraded` (and `fallback`
        when it is popular movies from the gateway's own catalogue).
        """
        return json_response(recommendation_json(await service.recommend(body)))

    return router

"""``POST /v1/recommend`` answers are encoded without a model on the hot path: they must still
be exactly what the documented response model would write."""

from __future__ import annotations

import httpx

from movierec.serving.schemas import RecommendResponse
from movierec_kmeans.api import KMeansRecommendResponse

BODY = {
    "ratings": [{"movieId": 10, "rating": 5.0}, {"movieId": 310, "rating": 1.0}],
    "exclude": [20],
    "limit": 4,
}


def test_collab_answer_is_exactly_the_documented_model(collab: str) -> None:
    answer = httpx.post(f"{collab}/v1/recommend", json={**BODY, "model": "ease"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    model = RecommendResponse.model_validate(body)
    assert model.model_dump(mode="json", by_alias=True) == body
    assert len(body["items"]) == 4


def test_kmeans_answer_is_exactly_the_documented_model(kmeans: str) -> None:
    answer = httpx.post(f"{kmeans}/v1/recommend", json={**BODY, "ratings": []})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    model = KMeansRecommendResponse.model_validate(body)
    assert model.model_dump(mode="json", by_alias=True) == body
    assert body["fallback"] is True

"""The recommendations answer is built as plain JSON on the hot path: it must still be exactly
what the documented model would write (same keys, no extra ones, same types)."""

from __future__ import annotations

from typing import Any

import pytest

from movierec_gateway.schemas import RecommendationResponse
from tests.gateway.conftest import Gateway
from tests.gateway.data import GROUP_A, GROUP_B

BODY: dict[str, Any] = {
    "ratings": [
        *({"movieId": m, "rating": 5.0} for m in GROUP_A[:4]),
        {"movieId": GROUP_B[0], "rating": 1.5},
        {"movieId": 999_999, "rating": 4.0},
    ],
    "limit": 5,
}


@pytest.mark.parametrize("algorithm", ["collab", "kmeans", "both"])
def test_answer_is_exactly_the_documented_model(gateway: Gateway, algorithm: str) -> None:
    response = gateway.post("/api/v1/recommendations", json={**BODY, "algorithm": algorithm})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    model = RecommendationResponse.model_validate(answer)
    assert model.model_dump(mode="json", by_alias=True) == answer
    assert answer["ignored"] == [{"movieId": 999_999, "reason": "unknown movie"}]
    assert len(answer["items"]) == 5
    shown = {k: v for k, v in answer["results"].items() if v is not None}
    assert set(shown) == ({"collab", "kmeans"} if algorithm == "both" else {algorithm})

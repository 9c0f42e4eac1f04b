"""Bad input gets 422 (413 when the body is too big) in the shared error shape, never a 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

GOOD = {"movieId": 10, "rating": 4.5}


def post_raw(url: str, content: bytes) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/recommend", content=content, headers={"Content-Type": "application/json"}
    )


def error_of(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    error: dict[str, Any] = body["error"]
    return error


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"ratings": [GOOD, {"movieId": 20, "rating": 7}]}, "body.ratings.1.rating", "0.5 to 5.0"),
        ({"ratings": [{"movieId": 20, "rating": 4.3}]}, "body.ratings.0.rating", "got 4.3"),
        ({"ratings": [{"movieId": 20, "rating": 0}]}, "body.ratings.0.rating", "0.5 to 5.0"),
        ({"ratings": [{"movieId": 20, "rating": "4.5"}]}, "body.ratings.0.rating", "number"),
        ({"ratings": [{"movieId": 20, "rating": True}]}, "body.ratings.0.rating", "number"),
        ({"ratings": [{"movieId": "20", "rating": 4.5}]}, "body.ratings.0.movieId", "integer"),
        ({"ratings": [{"movieId": 0, "rating": 4.5}]}, "body.ratings.0.movieId", "greater"),
        ({"ratings": [{"movieId": 2**70, "rating": 4.5}]}, "body.ratings.0.movieId", "less"),
        ({"ratings": [{"movieId": 20}]}, "body.ratings.0.rating", "required"),
        ({"ratings": [GOOD, {"rating": 4.5}]}, "body.ratings.1.movieId", "required"),
        ({"limit": 5}, "body.ratings", "required"),
        ({"ratings": {"10": 4.5}}, "body.ratings", "list"),
        ({"ratings": [GOOD], "limit": 0}, "body.limit", "greater"),
        ({"ratings": [GOOD], "limit": 101}, "body.limit", "less"),
        ({"ratings": [GOOD], "limit": "5"}, "body.limit", "integer"),
        ({"ratings": [GOOD], "genres": "Horror"}, "body.genres", "list"),
        ({"ratings": [GOOD], "exclude": ["x"]}, "body.exclude.0", "integer"),
        ({"ratings": [GOOD], "ratingz": []}, "body.ratingz", "not permitted"),
        (
            {"ratings": [GOOD], "yearFrom": 2000, "yearTo": 1990},
            "body.yearTo",
            "yearFrom (2000) is after yearTo (1990)",
        ),
        ({"ratings": [GOOD], "yearFrom": "1990"}, "body.yearFrom", "integer"),
        ({"ratings": [GOOD], "yearFrom": 1990.5}, "body.yearFrom", "integer"),
        ({"ratings": [GOOD], "yearTo": False}, "body.yearTo", "integer"),
        ({"ratings": [GOOD], "yearFrom": 1799}, "body.yearFrom", "greater"),
        ({"ratings": [GOOD], "yearTo": 2201}, "body.yearTo", "less"),
    ],
)
def test_invalid_bodies_name_the_wrong_entry(
    service: str, body: dict[str, Any], field: str, says: str
) -> None:
    error = error_of(httpx.post(f"{service}/v1/recommend", json=body), 422)
    assert error["code"] == "validation_error"
    assert field in error["message"]
    entry = next(d for d in error["details"] if d["field"] == field)
    assert says in entry["message"]


def test_malformed_json_is_422(service: str) -> None:
    error = error_of(post_raw(service, b'{"ratings": [{"movieId": 10, "rating": 4.5}'), 422)
    assert error["code"] == "validation_error"
    assert error["details"][0]["type"] == "json_invalid"


def test_not_json_at_all_is_422(service: str) -> None:
    answer = httpx.post(f"{service}/v1/recommend", content=b"ratings=1", headers={})
    assert error_of(answer, 422)["code"] == "validation_error"


def test_too_many_ratings_is_one_clear_422(service: str) -> None:
    many = [{"movieId": i + 1, "rating": 9.0} for i in range(10_000)]
    error = error_of(httpx.post(f"{service}/v1/recommend", json={"ratings": many}), 422)
    # One error about the count, not ten thousand about the (also bad) values.
    assert len(error["details"]) == 1
    assert "at most 5000 ratings per request, got 10000" in error["details"][0]["message"]


def test_the_most_ratings_allowed_are_served(service: str) -> None:
    most = [{"movieId": 10 * (i % 61 + 1), "rating": 4.0} for i in range(5000)]
    answer = httpx.post(f"{service}/v1/recommend", json={"ratings": most, "limit": 5})
    assert answer.status_code == 200
    assert answer.json()["fallback"] is False


def test_too_many_excluded_ids_is_422(service: str) -> None:
    body = {"ratings": [GOOD], "exclude": list(range(1, 10_002))}
    error = error_of(httpx.post(f"{service}/v1/recommend", json=body), 422)
    assert "at most 10000 excluded movie ids" in error["details"][0]["message"]


def test_body_over_the_limit_is_413(service: str) -> None:
    huge = json.dumps({"ratings": [GOOD] * 40_000}).encode()
    assert len(huge) > 1 << 20
    assert error_of(post_raw(service, huge), 413)["code"] == "payload_too_large"

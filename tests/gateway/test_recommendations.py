"""POST /api/v1/recommendations on the healthy stack: collab, kmeans, both, filters, reasons."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from tests.fakes.fake_omdb import poster_url
from tests.fakes.logs import JsonLogCapture
from tests.gateway.conftest import Gateway, StartGateway, recommend
from tests.gateway.data import GROUP_A, GROUP_B, LIKES_A, TITLES, movie_id

ITEM_KEYS = {
    "movieId",
    "title",
    "year",
    "genres",
    "imdbId",
    "poster",
    "score",
    "because",
    "reasons",
    "algorithms",
}


def ids(items: list[dict[str, Any]]) -> list[int]:
    return [item["movieId"] for item in items]


def backend_calls(gateway: Gateway) -> dict[str, float]:
    """movierec_gateway_backend_calls_total by backend (ok outcomes), from /metrics."""
    text = gateway.get("/metrics").text
    found = re.findall(
        r'movierec_gateway_backend_calls_total\{backend="(\w+)",outcome="ok"\} ([\d.]+)', text
    )
    return {backend: float(value) for backend, value in found}


def test_collab_recommends_the_users_taste_with_reasons(gateway: Gateway) -> None:
    response = gateway.post(
        "/api/v1/recommendations",
        json={"ratings": LIKES_A, "limit": 8},
        headers={"X-Request-ID": "gw-collab-1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["requestId"] == "gw-collab-1" == response.headers["x-request-id"]
    assert body["algorithm"] == "collab"
    assert (body["fallback"], body["degraded"], body["problems"], body["ignored"]) == (
        False,
        False,
        [],
        [],
    )
    items = body["items"]
    assert len(items) == 8
    rated = {r["movieId"] for r in LIKES_A}
    for item in items:
        assert set(item) == ITEM_KEYS
        assert item["movieId"] in GROUP_A
        assert item["movieId"] not in rated
        assert item["poster"] == poster_url(item["imdbId"])
        assert item["algorithms"] == ["collab"]
        assert item["because"] in rated
        because_title = TITLES.get(item["because"] // 10 - 1)
        if because_title:
            assert because_title.split(" (")[0].split(",")[0] in item["reasons"][0]
        assert item["reasons"][0].startswith("Because you rated ")
        assert item["reasons"][0].endswith(" highly")
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    collab = body["results"]["collab"]
    assert collab["model"]["name"] == "ease"
    assert re.fullmatch(r"[0-9a-f]{12}", collab["model"]["version"])
    assert collab["items"] == items
    assert body["results"]["kmeans"] is None


def test_kmeans_answers_with_the_users_cluster(gateway: Gateway) -> None:
    body = recommend(gateway, ratings=LIKES_A, algorithm="kmeans", limit=6)
    assert body["fallback"] is False
    assert body["degraded"] is False
    assert len(body["items"]) == 6
    assert set(ids(body["items"])) <= set(GROUP_A) - {r["movieId"] for r in LIKES_A}
    kmeans = body["results"]["kmeans"]
    assert kmeans["model"]["name"] == "kmeans"
    weights = [c["weight"] for c in kmeans["clusters"]]
    assert sum(weights) == pytest.approx(1.0, abs=1e-3)
    cluster = kmeans["cluster"]
    assert cluster["id"] == kmeans["clusters"][weights.index(max(weights))]["id"]
    assert cluster["size"] >= 1
    assert {g["genre"] for g in cluster["topGenres"]} >= {"Animation"}
    assert cluster["signature"]
    assert all(set(s) == {"movieId", "title", "lift"} for s in cluster["signature"])
    for s in cluster["signature"]:  # titles as everywhere else in the API, not the raw form
        movie = gateway.get(f"/api/v1/movies/{s['movieId']}", params={"similar": 0}).json()
        assert s["title"] == movie["title"]
    for item in body["items"]:
        assert item["algorithms"] == ["kmeans"]
        assert any(r.startswith("Liked by viewers with tastes like yours") for r in item["reasons"])
    assert body["results"]["collab"] is None


def test_both_merges_the_two_lists_by_rank(
    start_gateway: StartGateway, stack_urls: dict[str, str]
) -> None:
    gateway = start_gateway(**stack_urls)  # its own: no poster URL cached yet
    before = backend_calls(gateway)
    body = recommend(gateway, ratings=LIKES_A, algorithm="both", limit=10)
    after = backend_calls(gateway)
    # One call to each backend, and ONE batch call for every poster of the answer (kmeans:
    # plus the cluster profiles, which a gateway asks for once per model version).
    calls = {b: after[b] - before.get(b, 0.0) for b in ("collab", "kmeans", "posters")}
    assert calls == {"collab": 1.0, "kmeans": 2.0, "posters": 1.0}
    collab = ids(body["results"]["collab"]["items"])
    kmeans = ids(body["results"]["kmeans"]["items"])
    merged = ids(body["items"])
    assert len(merged) == 10
    assert len(set(merged)) == 10
    assert set(merged) <= set(collab) | set(kmeans)

    def fused(movie: int) -> float:
        return sum(1.0 / (61.0 + lst.index(movie)) for lst in (collab, kmeans) if movie in lst)

    assert [fused(m) for m in merged] == sorted((fused(m) for m in merged), reverse=True)
    for item in body["items"]:
        expected = [
            a for a, lst in (("collab", collab), ("kmeans", kmeans)) if item["movieId"] in lst
        ]
        assert item["algorithms"] == expected
        assert item["poster"] == poster_url(item["imdbId"])
    assert any(len(item["algorithms"]) == 2 for item in body["items"])


def test_request_id_reaches_every_backend(
    start_gateway: StartGateway, stack_urls: dict[str, str], json_logs: JsonLogCapture
) -> None:
    gateway = start_gateway(**stack_urls)  # its own: the posters are not cached, so asked for
    request_id = "gw-trace-4711"
    gateway.post(
        "/api/v1/recommendations",
        json={"ratings": LIKES_A[:2], "algorithm": "both", "limit": 3},
        headers={"X-Request-ID": request_id},
    )
    paths = {"/v1/recommend", "/v1/posters/batch", "/api/v1/recommendations"}
    # The gateway logs its own line once its response is out, so wait for that one.
    await_line = json_logs.wait_for(
        lambda r: r.get("request_id") == request_id and r.get("path") == "/api/v1/recommendations"
    )
    assert asyncio.run(await_line)
    seen = {
        (r["path"], r["status"])
        for r in json_logs.records()
        if r.get("request_id") == request_id and r.get("path") in paths
    }
    # Collab's and kmeans' /v1/recommend share a path: both must be there (two lines).
    recommend_lines = [
        r
        for r in json_logs.records()
        if r.get("request_id") == request_id and r.get("path") == "/v1/recommend"
    ]
    assert seen == {(p, 200) for p in paths}
    assert len(recommend_lines) == 2


def test_unknown_and_duplicate_ratings(gateway: Gateway) -> None:
    unknown = [{"movieId": 15, "rating": 5.0}, {"movieId": 99_999, "rating": 3.0}]
    body = recommend(gateway, ratings=[*unknown, *LIKES_A], limit=5)
    assert body["ignored"] == [
        {"movieId": 15, "reason": "unknown movie"},
        {"movieId": 99_999, "reason": "unknown movie"},
    ]
    assert body["fallback"] is False
    assert ids(body["items"]) == ids(recommend(gateway, ratings=LIKES_A, limit=5)["items"])

    # Rated twice: the last rating counts.
    first, second = {"movieId": movie_id(0), "rating": 5.0}, {"movieId": movie_id(0), "rating": 0.5}
    others = LIKES_A[2:5]
    last_low = recommend(gateway, ratings=[first, *others, second], limit=20)
    only_low = recommend(gateway, ratings=[*others, second], limit=20)
    last_high = recommend(gateway, ratings=[second, *others, first], limit=20)
    assert last_low["items"] == only_low["items"]
    assert [i["score"] for i in last_high["items"]] != [i["score"] for i in last_low["items"]]


def test_only_unknown_movies_or_none_give_popular_movies(gateway: Gateway) -> None:
    for ratings in ([], [{"movieId": 99_999, "rating": 4.0}]):
        for algorithm in ("collab", "kmeans", "both"):
            body = recommend(gateway, ratings=ratings, algorithm=algorithm, limit=7)
            assert body["fallback"] is True
            assert body["degraded"] is False
            assert len(body["items"]) == 7
            assert all("Popular with many viewers" in i["reasons"] for i in body["items"])
            assert all(i["algorithms"] == ["popularity"] for i in body["items"])


def test_exclude_and_genre_filter(gateway: Gateway) -> None:
    top = recommend(gateway, ratings=LIKES_A, limit=3)["items"]
    excluded = ids(top)
    body = recommend(gateway, ratings=LIKES_A, limit=3, exclude=excluded)
    assert not set(ids(body["items"])) & set(excluded)

    for algorithm in ("collab", "kmeans", "both"):
        body = recommend(gateway, ratings=LIKES_A, algorithm=algorithm, genres=["horror"], limit=10)
        assert len(body["items"]) == 10
        assert all("Horror" in item["genres"] for item in body["items"])
        assert set(ids(body["items"])) <= set(GROUP_B)


def test_unknown_genre_is_422_listing_the_known_ones(gateway: Gateway) -> None:
    response = gateway.post(
        "/api/v1/recommendations", json={"ratings": LIKES_A, "genres": ["Horror", "Polka"]}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_genre"
    assert "Polka" in error["message"]
    assert error["details"][0]["unknown"] == ["Polka"]
    assert {"Animation", "Horror", "Thriller", "Children"} <= set(error["details"][0]["known"])


@pytest.mark.parametrize("model", ["ease", "als", "itemknn", "userpearson"])
def test_every_collab_model_can_be_chosen(gateway: Gateway, model: str) -> None:
    body = recommend(gateway, ratings=LIKES_A, model=model, limit=5)
    assert body["results"]["collab"]["model"]["name"] == model
    assert len(body["items"]) == 5
    assert not set(ids(body["items"])) & {r["movieId"] for r in LIKES_A}


def test_limit_bounds(gateway: Gateway) -> None:
    assert len(recommend(gateway, ratings=LIKES_A, limit=1)["items"]) == 1
    # The toy has 61 movies; 6 are rated: at most 55 are left.
    assert len(recommend(gateway, ratings=LIKES_A, limit=100)["items"]) == 55
    assert len(recommend(gateway, ratings=LIKES_A)["items"]) == 20

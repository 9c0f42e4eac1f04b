"""GET /api/v1/clusters: every taste cluster of kmeans, with posters, on the real stack."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fakes.fake_omdb import poster_url
from tests.gateway.conftest import Gateway, StartGateway
from tests.gateway.data import LIKES_B

MOVIE_KEYS = {"movieId", "title", "year", "genres", "imdbId", "poster", "lift"}


def clusters(gateway: Gateway, **params: Any) -> dict[str, Any]:
    response = gateway.get("/api/v1/clusters", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_every_cluster_with_its_genres_and_signature_movies(
    gateway: Gateway, kmeans_url: str
) -> None:
    body = clusters(gateway)
    assert (body["degraded"], body["problems"]) == (False, [])
    model = httpx.get(f"{kmeans_url}/v1/model").json()
    assert body["model"] == {"name": model["name"], "version": model["version"]}
    items = body["items"]
    # Every user the model was trained on is in exactly one cluster.
    assert sum(c["size"] for c in items) == model["dataset"]["users"]
    assert len({c["clusterId"] for c in items}) == len(items)
    assert [c["size"] for c in items] == sorted((c["size"] for c in items), reverse=True)
    for cluster in items:
        assert set(cluster) == {"clusterId", "size", "topGenres", "signatureMovies"}
        assert cluster["size"] > 0
        assert cluster["topGenres"]
        assert all(0 <= g["share"] <= 1 and g["genre"] for g in cluster["topGenres"])
        signature = cluster["signatureMovies"]
        assert 0 < len(signature) <= 5  # the default per cluster
        for movie in signature:
            assert set(movie) == MOVIE_KEYS
            assert movie["poster"] == poster_url(movie["imdbId"])
            assert movie["lift"] > 1
        # A cluster is about a taste: its signature movies are of its top genres.
        top = {g["genre"] for g in cluster["topGenres"]}
        assert all(top & set(m["genres"]) for m in signature)


def test_same_clusters_as_the_recommendations_describe(gateway: Gateway) -> None:
    """One way a cluster is shaped: the recommendation's cluster panel agrees with the list."""
    response = gateway.post(
        "/api/v1/recommendations", json={"ratings": LIKES_B, "algorithm": "kmeans"}
    )
    panel = response.json()["results"]["kmeans"]["cluster"]
    listed = {c["clusterId"]: c for c in clusters(gateway, signature=10)["items"]}
    same = listed[panel["id"]]
    assert same["size"] == panel["size"]
    assert same["topGenres"] == panel["topGenres"]
    assert [m["movieId"] for m in same["signatureMovies"]] == [
        s["movieId"] for s in panel["signature"]
    ]


def test_signature_count_is_a_parameter(gateway: Gateway) -> None:
    assert all(c["signatureMovies"] == [] for c in clusters(gateway, signature=0)["items"])
    most = clusters(gateway, signature=10)["items"]
    assert max(len(c["signatureMovies"]) for c in most) > 5
    for bad in ("11", "-1", "many"):
        response = gateway.get("/api/v1/clusters", params={"signature": bad})
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"


def test_posters_down_gives_null_posters_and_degraded(
    start_gateway: StartGateway, kmeans_url: str
) -> None:
    gateway = start_gateway(kmeans_url=kmeans_url)  # posters (and collab) down
    body = clusters(gateway)
    assert body["degraded"] is True
    assert [p["part"] for p in body["problems"]] == ["posters"]
    movies = [m for c in body["items"] for m in c["signatureMovies"]]
    assert movies
    assert all(m["poster"] is None for m in movies)


def test_kmeans_down_is_503_saying_why(start_gateway: StartGateway, posters_url: str) -> None:
    gateway = start_gateway(posters_url=posters_url)  # kmeans (and collab) down
    response = gateway.get("/api/v1/clusters")
    assert response.status_code == 503
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["code"] == "clusters_unavailable"
    assert "kmeans" in error["message"]
    assert error["details"] == [
        {"part": "kmeans", "code": "unavailable", "message": error["details"][0]["message"]}
    ]
    assert "unreachable" in error["details"][0]["message"]


def test_the_route_is_documented(gateway: Gateway) -> None:
    paths = gateway.get("/openapi.json").json()["paths"]
    route = paths["/api/v1/clusters"]["get"]
    assert route["tags"] == ["clusters"]
    assert {"200", "422", "503"} <= set(route["responses"])

"""The services' other routes: /v1/model, collab's /v1/similar, kmeans' /v1/clusters."""

from __future__ import annotations

import httpx
import pytest

from tests.services.conftest import ToyIds


def test_model_describes_the_loaded_artifact(service: str) -> None:
    info = httpx.get(f"{service}/v1/model").json()
    assert set(info) == {
        "name", "version", "params", "dataset", "metrics", "training", "created"
    }  # fmt: skip
    assert info["name"] in {"ease", "kmeans"}
    assert len(info["version"]) == 12
    assert info["params"]
    assert info["created"]
    dataset = info["dataset"]
    assert dataset["name"] == "data"
    assert set(dataset["checksums"]) == {"movies.csv", "ratings.csv", "links.csv"}
    assert (dataset["users"], dataset["movies"], dataset["ratings"]) == (60, 61, 1380)


def test_model_by_name_and_unknown_name(collab: str) -> None:
    als = httpx.get(f"{collab}/v1/model", params={"name": "als"}).json()
    assert als["name"] == "als"
    assert "factors" in als["params"]
    unknown = httpx.get(f"{collab}/v1/model", params={"name": "nope"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_model"


def test_similar_movies_are_from_the_same_taste_group(collab: str, toy_ids: ToyIds) -> None:
    answer = httpx.get(f"{collab}/v1/similar/10", params={"limit": 7}).json()
    assert answer["movieId"] == 10
    similar = [item["movieId"] for item in answer["items"]]
    assert len(similar) == 7
    assert set(similar) <= toy_ids.group_a - {10}
    assert all(isinstance(item["score"], float) for item in answer["items"])
    default = httpx.get(f"{collab}/v1/similar/10").json()
    assert len(default["items"]) == 10


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/v1/similar/99999", 404, "unknown_movie"),
        ("/v1/similar/abc", 422, "validation_error"),
        ("/v1/similar/10?limit=0", 422, "validation_error"),
    ],
)
def test_similar_bad_requests(collab: str, path: str, status: int, code: str) -> None:
    answer = httpx.get(f"{collab}{path}")
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["code"] == code
    assert error["message"]
    if status == 404:
        assert error["message"] == "Movie 99999 is not in the catalogue."


def test_clusters_profile_each_taste_group(kmeans: str, toy_ids: ToyIds) -> None:
    answer = httpx.get(f"{kmeans}/v1/clusters").json()
    model = httpx.get(f"{kmeans}/v1/model").json()
    # The model the clusters are of: the gateway keys its copy by the version.
    assert answer["model"] == {"name": model["name"], "version": model["version"]}
    clusters = answer["clusters"]
    assert clusters
    assert sum(c["size"] for c in clusters) == 60  # every toy user is in one cluster
    assert [c["id"] for c in clusters] == list(range(len(clusters)))
    for cluster in clusters:
        genres = {g["genre"] for g in cluster["topGenres"]}
        signature = {s["movieId"] for s in cluster["signature"]}
        # The toy's groups do not mix: a cluster is all about one group.
        if genres == {"Animation", "Children"}:
            assert signature <= toy_ids.group_a
        else:
            assert genres == {"Horror", "Thriller"}
            assert signature <= toy_ids.group_b
        assert all(0 < g["share"] <= 1 for g in cluster["topGenres"])
        assert all(s["lift"] > 1 and s["title"] for s in cluster["signature"])


def test_openapi_documents_each_services_routes(collab: str, kmeans: str) -> None:
    collab_api = httpx.get(f"{collab}/openapi.json").json()
    kmeans_api = httpx.get(f"{kmeans}/openapi.json").json()
    assert {"/v1/recommend", "/v1/model", "/v1/similar/{movieId}"} <= set(collab_api["paths"])
    assert {"/v1/recommend", "/v1/model", "/v1/clusters"} <= set(kmeans_api["paths"])
    kmeans_answer = kmeans_api["components"]["schemas"]["KMeansRecommendResponse"]
    assert "clusters" in kmeans_answer["properties"]
    assert "clusters" not in collab_api["components"]["schemas"]["RecommendResponse"]["properties"]

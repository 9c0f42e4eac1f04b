"""The HTTP contract: validation in the error shape, batch limits, request ids, probes, metrics."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes.fake_omdb import FakeOmdb
from tests.posters.conftest import StartPosters


@pytest.mark.parametrize(
    "bad_id", ["tt123", "tt123456789", "nm0000001", "0114709", "tt01147O9", "TT0114709"]
)
async def test_bad_id_is_422_in_the_error_shape(
    start_posters: StartPosters, fake_omdb: FakeOmdb, bad_id: str
) -> None:
    url = start_posters()
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.get(f"/v1/posters/{bad_id}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [d["field"] for d in error["details"]] == ["path.imdbId"]
    assert fake_omdb.total_requests == 0


async def test_batch_validation_names_the_bad_entry(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    url = start_posters()
    async with httpx.AsyncClient(base_url=url) as client:
        bad_entry = await client.post(
            "/v1/posters/batch", json={"imdbIds": ["tt0114709", "tt0113497", "tt12"]}
        )
        not_a_list = await client.post("/v1/posters/batch", json={"imdbIds": "tt0114709"})
        missing = await client.post("/v1/posters/batch", json={"ids": ["tt0114709"]})
    assert bad_entry.status_code == 422
    assert [d["field"] for d in bad_entry.json()["error"]["details"]] == ["body.imdbIds.2"]
    assert not_a_list.status_code == 422
    assert missing.status_code == 422
    fields = {d["field"] for d in missing.json()["error"]["details"]}
    assert fields == {"body.imdbIds", "body.ids"}  # missing, and not allowed
    assert fake_omdb.total_requests == 0


async def test_batch_size_is_limited(start_posters: StartPosters, fake_omdb: FakeOmdb) -> None:
    url = start_posters(max_batch=5)
    ids = [f"tt{n:07d}" for n in range(6)]
    async with httpx.AsyncClient(base_url=url) as client:
        too_many = await client.post("/v1/posters/batch", json={"imdbIds": ids})
        at_limit = await client.post("/v1/posters/batch", json={"imdbIds": ids[:5]})
    assert too_many.status_code == 413
    assert too_many.json()["error"] == {
        "code": "too_many_ids",
        "message": "At most 5 imdbIds per request, got 6.",
        "details": {"max": 5, "received": 6},
    }
    assert at_limit.status_code == 200
    assert len(at_limit.json()["posters"]) == 5
    assert fake_omdb.total_requests == 5


async def test_default_batch_limit_is_200(start_posters: StartPosters) -> None:
    url = start_posters(omdb_api_key=None)
    ids = [f"tt{n:07d}" for n in range(201)]
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.post("/v1/posters/batch", json={"imdbIds": ids})
        ok = await client.post("/v1/posters/batch", json={"imdbIds": ids[:200]})
    assert response.status_code == 413
    assert ok.status_code == 200


async def test_request_id_is_echoed(start_posters: StartPosters) -> None:
    url = start_posters()
    async with httpx.AsyncClient(base_url=url) as client:
        given = await client.get("/v1/posters/tt0114709", headers={"X-Request-ID": "gw-1"})
        made = await client.post("/v1/posters/batch", json={"imdbIds": []})
        invalid = await client.get("/v1/posters/bad")
    assert given.headers["x-request-id"] == "gw-1"
    assert len(made.headers["x-request-id"]) == 32
    assert invalid.headers["x-request-id"]


async def test_probes(start_posters: StartPosters) -> None:
    url = start_posters()
    async with httpx.AsyncClient(base_url=url) as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
    assert health.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "checks": {
            "redis": {"ok": True, "critical": False, "detail": "ok"},
            "omdb": {"ok": True, "critical": False, "detail": "key configured"},
        },
    }


async def test_metrics_count_cache_and_upstream(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    fake_omdb.configure(not_found={"tt0000001"})
    url = start_posters()
    async with httpx.AsyncClient(base_url=url) as client:
        await client.get("/v1/posters/tt0114709")
        await client.get("/v1/posters/tt0114709")
        await client.get("/v1/posters/tt0000001")
        text = (await client.get("/metrics")).text
    lines = set(text.splitlines())
    assert 'movierec_posters_upstream_calls_total{outcome="poster"} 1.0' in lines
    assert 'movierec_posters_upstream_calls_total{outcome="not-found"} 1.0' in lines
    assert 'movierec_posters_cache_lookups_total{layer="memory",result="hit"} 1.0' in lines
    assert 'movierec_posters_cache_lookups_total{layer="redis",result="miss"} 2.0' in lines
    assert 'movierec_posters_answers_total{source="cache"} 1.0' in lines
    assert 'movierec_posters_answers_total{source="omdb"} 1.0' in lines
    assert "movierec_posters_redis_up 1.0" in lines
    assert (
        'movierec_http_requests_total{method="GET",route="/v1/posters/{imdbId}",status="200"} 3.0'
        in lines
    )


async def test_openapi_documents_the_routes(start_posters: StartPosters) -> None:
    url = start_posters()
    async with httpx.AsyncClient(base_url=url) as client:
        spec = (await client.get("/openapi.json")).json()
    assert {"/v1/posters/{imdbId}", "/v1/posters/batch", "/healthz", "/readyz"} <= set(
        spec["paths"]
    )

"""OMDb slow, failing, rate limiting or unconfigured, Redis gone: every request still answers."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import redis

from movierec_posters.cache import redis_key
from tests.fakes.fake_omdb import FakeOmdb, poster_url
from tests.fakes.redis_server import RedisServer
from tests.posters.conftest import StartPosters

MOVIE = "tt0113497"


async def _get(client: httpx.AsyncClient, imdb_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/posters/{imdb_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_concurrent_misses_make_one_upstream_call(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    fake_omdb.configure(latency_s=0.3)  # long enough for all 20 to overlap
    url = start_posters()
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        singles, batch = await asyncio.gather(
            asyncio.gather(*(_get(client, MOVIE) for _ in range(19))),
            client.post("/v1/posters/batch", json={"imdbIds": [MOVIE]}),
        )
    assert all(a["url"] == poster_url(MOVIE) for a in singles)
    assert {a["source"] for a in singles} <= {"omdb", "cache"}
    assert batch.json()["posters"][0]["url"] == poster_url(MOVIE)
    assert fake_omdb.requests_for(MOVIE) == 1


async def test_no_key_answers_without_calling_omdb(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    url = start_posters(omdb_api_key=None)
    async with httpx.AsyncClient(base_url=url) as client:
        single = await _get(client, MOVIE)
        batch = (await client.post("/v1/posters/batch", json={"imdbIds": [MOVIE]})).json()
        ready = await client.get("/readyz")
    assert single == {"imdbId": MOVIE, "url": None, "source": "no-key"}
    assert batch["posters"] == [single]
    assert fake_omdb.total_requests == 0
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["omdb"]["ok"] is False


async def test_no_key_still_serves_what_redis_knows(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    with_key, without_key = start_posters(), start_posters(omdb_api_key=None)
    async with httpx.AsyncClient(base_url=with_key) as first:
        await _get(first, MOVIE)
    async with httpx.AsyncClient(base_url=without_key) as second:
        answer = await _get(second, MOVIE)
    assert answer == {"imdbId": MOVIE, "url": poster_url(MOVIE), "source": "cache"}


async def test_slow_omdb_times_out_within_the_budget(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    fake_omdb.configure(latency_s=30)
    url = start_posters(omdb_attempt_timeout_s=0.2, omdb_timeout_s=1.5, omdb_retries=1)
    # The client waits 5 s at most: an answer at all proves the 30 s OMDb was not awaited.
    async with httpx.AsyncClient(base_url=url, timeout=5) as client:
        answer = await _get(client, MOVIE)
        batch = (await client.post("/v1/posters/batch", json={"imdbIds": ["tt0000010"]})).json()
        fake_omdb.configure(latency_s=0)
        later = await _get(client, MOVIE)
    assert answer == {"imdbId": MOVIE, "url": None, "source": "timeout"}
    assert batch["posters"][0]["source"] == "timeout"
    assert fake_omdb.requests_for(MOVIE) == 3  # first try, one retry, then the healthy call
    assert later["source"] == "omdb"  # a timeout is not cached


async def test_server_errors_are_retried(start_posters: StartPosters, fake_omdb: FakeOmdb) -> None:
    url = start_posters(omdb_retries=2)
    async with httpx.AsyncClient(base_url=url) as client:
        fake_omdb.configure(fail_status=500, fail_count=1)
        recovered = await _get(client, MOVIE)
        fake_omdb.configure(fail_status=503, fail_count=None)
        failed = await _get(client, "tt0000020")
    assert recovered == {"imdbId": MOVIE, "url": poster_url(MOVIE), "source": "omdb"}
    assert fake_omdb.requests_for(MOVIE) == 2
    assert failed == {"imdbId": "tt0000020", "url": None, "source": "upstream-error"}
    assert fake_omdb.requests_for("tt0000020") == 3  # 1 + 2 retries, then give up


async def test_invalid_key_is_not_retried_and_pauses_calls(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    url = start_posters(omdb_api_key="wrong-key-123")
    async with httpx.AsyncClient(base_url=url) as client:
        first = await _get(client, MOVIE)
        second = await _get(client, "tt0000030")
        ready = (await client.get("/readyz")).json()
    assert first == {"imdbId": MOVIE, "url": None, "source": "invalid-key"}
    assert second["source"] == "invalid-key"
    assert fake_omdb.total_requests == 1  # no retry, and no call during the pause
    assert ready["status"] == "degraded"
    assert ready["checks"]["omdb"]["detail"] == "calls paused: invalid-key"


async def test_rate_limit_is_not_retried_and_pauses_calls(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    fake_omdb.configure(rate_limited=True)
    url = start_posters(omdb_cooldown_s=1.0)
    async with httpx.AsyncClient(base_url=url) as client:
        first = await _get(client, MOVIE)
        paused = await _get(client, "tt0000040")
        calls_while_paused = fake_omdb.total_requests
        fake_omdb.configure(rate_limited=False)
        await asyncio.sleep(1.1)  # the pause is over
        resumed = await _get(client, MOVIE)
    assert first == {"imdbId": MOVIE, "url": None, "source": "rate-limited"}
    assert paused == {"imdbId": "tt0000040", "url": None, "source": "rate-limited"}
    assert calls_while_paused == 1
    assert resumed["source"] == "omdb"


async def test_redis_outage_falls_back_and_recovers(
    start_posters: StartPosters, fake_omdb: FakeOmdb, own_redis: RedisServer
) -> None:
    url = start_posters(redis_url=own_redis.url, redis_retry_s=0.2)
    async with httpx.AsyncClient(base_url=url) as client:
        before = await _get(client, MOVIE)
        own_redis.stop()
        cached = await _get(client, MOVIE)
        fresh = await _get(client, "tt0000050")
        batch = await client.post("/v1/posters/batch", json={"imdbIds": [MOVIE, "tt0000051"]})
        down = await client.get("/readyz")
        metrics = (await client.get("/metrics")).text
        own_redis.start()
        await asyncio.sleep(0.3)  # past redis_retry_s: the next call tries Redis again
        after = await _get(client, "tt0000052")
        up = await client.get("/readyz")
    assert before["source"] == "omdb"
    assert cached == {"imdbId": MOVIE, "url": poster_url(MOVIE), "source": "cache"}
    assert fresh == {"imdbId": "tt0000050", "url": poster_url("tt0000050"), "source": "omdb"}
    assert batch.status_code == 200
    assert [p["source"] for p in batch.json()["posters"]] == ["cache", "omdb"]
    assert down.status_code == 200  # degraded, still ready
    assert down.json()["status"] == "degraded"
    assert down.json()["checks"]["redis"]["ok"] is False
    assert "movierec_posters_redis_up 0.0" in metrics
    assert after["source"] == "omdb"
    assert up.json()["checks"]["redis"]["ok"] is True
    with redis.Redis.from_url(own_redis.url, decode_responses=True) as check:
        assert check.get(redis_key("tt0000052")) == poster_url("tt0000052")


async def test_redis_unreachable_from_the_start(
    start_posters: StartPosters, fake_omdb: FakeOmdb, own_redis: RedisServer
) -> None:
    own_redis.stop()
    url = start_posters(redis_url=own_redis.url)
    async with httpx.AsyncClient(base_url=url) as client:
        first = await _get(client, MOVIE)
        second = await _get(client, MOVIE)
        ready = await client.get("/readyz")
    assert (first["source"], second["source"]) == ("omdb", "cache")
    assert fake_omdb.requests_for(MOVIE) == 1
    assert ready.status_code == 200
    assert ready.json()["checks"]["redis"]["ok"] is False


async def test_without_redis_configured(start_posters: StartPosters, fake_omdb: FakeOmdb) -> None:
    url = start_posters(redis_url="")
    async with httpx.AsyncClient(base_url=url) as client:
        answers = [await _get(client, MOVIE), await _get(client, MOVIE)]
        ready = (await client.get("/readyz")).json()
    assert [a["source"] for a in answers] == ["omdb", "cache"]
    assert ready["checks"]["redis"]["detail"].startswith("not configured")

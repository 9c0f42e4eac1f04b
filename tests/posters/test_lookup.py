"""Posters come from OMDb once, then from the cache (in process and in Redis, with TTLs)."""

from __future__ import annotations

from typing import Any

import httpx
import redis

from movierec_posters.cache import redis_key
from tests.fakes.fake_omdb import FakeOmdb, poster_url
from tests.posters.conftest import StartPosters

TOY_STORY = "tt0114709"


async def _get(url: str, imdb_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.get(f"/v1/posters/{imdb_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_hit_then_cached(start_posters: StartPosters, fake_omdb: FakeOmdb) -> None:
    url = start_posters()
    first = await _get(url, TOY_STORY)
    second = await _get(url, TOY_STORY)
    assert first == {"imdbId": TOY_STORY, "url": poster_url(TOY_STORY), "source": "omdb"}
    assert second == {"imdbId": TOY_STORY, "url": poster_url(TOY_STORY), "source": "cache"}
    assert fake_omdb.requests_for(TOY_STORY) == 1


async def test_eight_digit_ids_work(start_posters: StartPosters, fake_omdb: FakeOmdb) -> None:
    url = start_posters()
    answer = await _get(url, "tt10872600")
    assert answer["url"] == poster_url("tt10872600")


async def test_misses_are_not_found_and_cached(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    fake_omdb.configure(no_poster={"tt0000002"}, not_found={"tt0000001"})
    url = start_posters()
    no_poster = await _get(url, "tt0000002")
    unknown = await _get(url, "tt0000001")
    again = [await _get(url, "tt0000002"), await _get(url, "tt0000001")]
    assert no_poster == {"imdbId": "tt0000002", "url": None, "source": "not-found"}
    assert unknown == {"imdbId": "tt0000001", "url": None, "source": "not-found"}
    assert [a["source"] for a in again] == ["not-found", "not-found"]
    assert fake_omdb.requests_for("tt0000002") == 1
    assert fake_omdb.requests_for("tt0000001") == 1


async def test_redis_entries_carry_hit_and_miss_ttls(
    start_posters: StartPosters, fake_omdb: FakeOmdb, redis_client: redis.Redis
) -> None:
    fake_omdb.configure(no_poster={"tt0000002"})
    url = start_posters(hit_ttl_s=5000, miss_ttl_s=300)
    await _get(url, TOY_STORY)
    await _get(url, "tt0000002")
    assert redis_client.get(redis_key(TOY_STORY)) == poster_url(TOY_STORY)
    assert redis_client.get(redis_key("tt0000002")) == ""
    hit_ttl = redis_client.ttl(redis_key(TOY_STORY))
    miss_ttl = redis_client.ttl(redis_key("tt0000002"))
    assert 4990 <= hit_ttl <= 5000
    assert 290 <= miss_ttl <= 300


async def test_default_ttls_are_a_month_and_a_day(
    start_posters: StartPosters, fake_omdb: FakeOmdb, redis_client: redis.Redis
) -> None:
    fake_omdb.configure(not_found={"tt0000001"})
    url = start_posters()
    await _get(url, TOY_STORY)
    await _get(url, "tt0000001")
    day = 24 * 3600
    assert 30 * day - 60 <= redis_client.ttl(redis_key(TOY_STORY)) <= 30 * day
    assert day - 60 <= redis_client.ttl(redis_key("tt0000001")) <= day


async def test_redis_is_shared_between_instances(
    start_posters: StartPosters, fake_omdb: FakeOmdb
) -> None:
    fake_omdb.configure(no_poster={"tt0000002"})
    first, second = start_posters(), start_posters()
    await _get(first, TOY_STORY)
    await _get(first, "tt0000002")
    from_redis = [await _get(second, TOY_STORY), await _get(second, "tt0000002")]
    assert from_redis[0] == {"imdbId": TOY_STORY, "url": poster_url(TOY_STORY), "source": "cache"}
    assert from_redis[1]["source"] == "not-found"
    assert fake_omdb.total_requests == 2


async def test_batch_answers_all_in_one_go(
    start_posters: StartPosters, fake_omdb: FakeOmdb, redis_client: redis.Redis
) -> None:
    fake_omdb.configure(no_poster={"tt0000002"})
    url = start_posters()
    await _get(url, TOY_STORY)  # one id cached beforehand
    redis_client.config_resetstat()
    ids = [TOY_STORY, "tt0113497", "tt0000002", "tt0113497", "tt0133093"]
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.post("/v1/posters/batch", json={"imdbIds": ids})
    assert response.status_code == 200
    posters = response.json()["posters"]
    assert [p["imdbId"] for p in posters] == [TOY_STORY, "tt0113497", "tt0000002", "tt0133093"]
    assert [p["source"] for p in posters] == ["cache", "omdb", "not-found", "omdb"]
    assert posters[1]["url"] == poster_url("tt0113497")
    assert posters[2]["url"] is None
    assert fake_omdb.requests_for("tt0113497") == 1  # asked twice, fetched once
    assert fake_omdb.requests_for(TOY_STORY) == 1
    stats = redis_client.info("commandstats")
    assert stats["cmdstat_mget"]["calls"] == 1  # the misses were read in one round trip
    assert "cmdstat_get" not in stats
    assert stats["cmdstat_set"]["calls"] == 3  # the three fresh answers, in one pipeline
    assert redis_client.exists(*(redis_key(i) for i in set(ids))) == 4


async def test_empty_batch(start_posters: StartPosters) -> None:
    url = start_posters()
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.post("/v1/posters/batch", json={"imdbIds": []})
    assert response.status_code == 200
    assert response.json() == {"posters": []}

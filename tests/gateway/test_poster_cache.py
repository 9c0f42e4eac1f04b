"""The gateway's own cache of poster URLs: fewer posters calls, posters shown while it is down."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from movierec_gateway.poster_cache import PosterNearCache
from movierec_posters.app import create_app as create_posters
from tests.fakes.clock import ManualClock
from tests.fakes.fake_omdb import FakeOmdb, poster_url
from tests.fakes.redis_server import RedisServer
from tests.fakes.uvicorn_server import UvicornThread
from tests.gateway.conftest import Gateway, StartGateway, posters_settings
from tests.gateway.conftest import recommend as post_recommendation
from tests.gateway.data import LIKES_A, LIKES_B
from tests.gateway.test_recommendations import backend_calls


def test_answers_are_kept_until_their_ttl() -> None:
    clock = ManualClock(1000.0)
    cache = PosterNearCache(ttl_s=60, max_entries=10, clock=clock)
    cache.put({"tt1": "http://p/1", "tt2": None})  # tt2: known to have no poster
    assert cache.split(["tt1", "tt2", "tt1", "tt3"]) == (
        {"tt1": "http://p/1", "tt2": None},
        ["tt3"],
    )
    clock.now += 59
    assert cache.split(["tt1"]) == ({"tt1": "http://p/1"}, [])
    clock.now += 2
    assert cache.split(["tt1", "tt2"]) == ({}, ["tt1", "tt2"])
    cache.put({"tt1": "http://p/1b"})  # asked again: kept again, with the new URL
    assert cache.split(["tt1"]) == ({"tt1": "http://p/1b"}, [])


def test_the_oldest_entries_go_first_when_full() -> None:
    clock = ManualClock(1000.0)
    cache = PosterNearCache(ttl_s=60, max_entries=3, clock=clock)
    cache.put({"tt1": "u1", "tt2": "u2", "tt3": "u3"})
    cache.put({"tt1": "u1"})  # refreshed: now the youngest
    cache.put({"tt4": "u4", "tt5": "u5"})
    assert len(cache) == 3
    assert cache.split(["tt1", "tt2", "tt3", "tt4", "tt5"]) == (
        {"tt1": "u1", "tt4": "u4", "tt5": "u5"},
        ["tt2", "tt3"],
    )


@pytest.mark.parametrize(("ttl_s", "size"), [(0, 10), (60, 0)])
def test_switched_off_it_keeps_nothing(ttl_s: float, size: int) -> None:
    cache = PosterNearCache(ttl_s=ttl_s, max_entries=size)
    cache.put({"tt1": "u1"})
    assert len(cache) == 0
    assert cache.split(["tt1", "tt1"]) == ({}, ["tt1"])


@pytest.fixture
def own_posters(redis_server: RedisServer, fake_omdb_server: FakeOmdb) -> Iterator[UvicornThread]:
    """A posters service of this test's own, which the test may stop."""
    server = UvicornThread(create_posters(posters_settings(fake_omdb_server, redis_server.url)))
    server.start()
    yield server
    server.stop()


def recommend(gateway: Gateway, ratings: list[dict[str, Any]]) -> dict[str, Any]:
    return post_recommendation(gateway, ratings=ratings, limit=5)


def posters_of(answer: dict[str, Any]) -> dict[str, str | None]:
    return {item["imdbId"]: item["poster"] for item in answer["items"]}


def test_a_repeated_answer_needs_no_posters_call_and_survives_posters_down(
    start_gateway: StartGateway,
    own_posters: UvicornThread,
    collab_url: str,
    kmeans_url: str,
    fake_omdb_server: FakeOmdb,
) -> None:
    fake_omdb_server.reset()
    gateway = start_gateway(
        collab_url=collab_url, kmeans_url=kmeans_url, posters_url=own_posters.url
    )
    first = recommend(gateway, LIKES_A)
    calls = backend_calls(gateway)["posters"]
    assert calls == 1.0
    assert all(url == poster_url(imdb) for imdb, url in posters_of(first).items())

    again = recommend(gateway, LIKES_A)
    assert backend_calls(gateway)["posters"] == calls  # every URL came from the gateway
    assert posters_of(again) == posters_of(first)
    assert again["degraded"] is False
    metrics = gateway.get("/metrics").text
    assert 'movierec_gateway_poster_cache_lookups_total{result="hit"} 5.0' in metrics

    own_posters.stop()
    while_down = recommend(gateway, LIKES_A)
    assert posters_of(while_down) == posters_of(first)
    assert while_down["degraded"] is False

    # Movies never shown before: their posters are asked for, and missing while posters is down.
    other = recommend(gateway, LIKES_B)
    assert other["degraded"] is True
    assert [p["part"] for p in other["problems"]] == ["posters"]
    assert set(posters_of(other).values()) == {None}


def test_with_ttl_zero_every_answer_asks_posters(
    start_gateway: StartGateway, stack_urls: dict[str, str]
) -> None:
    gateway = start_gateway(**stack_urls, posters_cache_ttl_s=0)
    recommend(gateway, LIKES_A)
    recommend(gateway, LIKES_A)
    assert backend_calls(gateway)["posters"] == 2.0


def imdb_of_column(column: int) -> str:
    """The toy's IMDb id of catalogue column ``column`` (tests/toy.py)."""
    return f"tt{column + 100000:07d}"


@pytest.fixture
def quiet_posters(redis_server: RedisServer, omdb: FakeOmdb) -> Iterator[UvicornThread]:
    """A posters service on a Redis database of its own: what this test makes OMDb say is
    cached there, not where other tests' posters services look."""
    own_db = redis_server.url.removesuffix("/0") + "/7"
    server = UvicornThread(create_posters(posters_settings(omdb, own_db))).start()
    yield server
    server.stop()


def test_no_poster_is_remembered_but_a_failure_is_not(
    start_gateway: StartGateway,
    quiet_posters: UvicornThread,
    omdb: FakeOmdb,
    collab_url: str,
    kmeans_url: str,
) -> None:
    omdb.configure(no_poster={imdb_of_column(c) for c in range(30, 60)})  # group B: none
    gateway = start_gateway(
        collab_url=collab_url, kmeans_url=kmeans_url, posters_url=quiet_posters.url
    )
    first = recommend(gateway, LIKES_B)
    assert set(posters_of(first).values()) == {None}
    assert first["degraded"] is False
    recommend(gateway, LIKES_B)
    assert backend_calls(gateway)["posters"] == 1.0  # "no poster" is a fact: not asked again

    omdb.configure(no_poster=set(), fail_status=500)  # OMDb down: group A's posters fail
    failed = recommend(gateway, LIKES_A)
    assert set(posters_of(failed).values()) == {None}
    omdb.configure(fail_status=None)
    healed = recommend(gateway, LIKES_A)  # a failure is not remembered: asked again, found
    assert backend_calls(gateway)["posters"] == 3.0
    assert all(url == poster_url(imdb) for imdb, url in posters_of(healed).items())

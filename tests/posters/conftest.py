"""The posters service on loopback, wired to the session's Redis and fake OMDb."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis

from movierec_posters.app import create_app
from movierec_posters.settings import PostersSettings
from tests.fakes.fake_omdb import FakeOmdb
from tests.fakes.uvicorn_server import UvicornThread

StartPosters = Callable[..., str]


@pytest.fixture
def start_posters(redis_url: str, fake_omdb: FakeOmdb) -> Iterator[StartPosters]:
    """``start_posters(**settings) -> base URL``; defaults point at the fixtures' servers."""
    servers: list[UvicornThread] = []

    def start(**overrides: Any) -> str:
        values: dict[str, Any] = {
            "omdb_api_key": fake_omdb.config.api_key,
            "omdb_base_url": fake_omdb.url,
            "redis_url": redis_url,
            "omdb_backoff_s": 0.01,
            "log_level": "DEBUG",
            **overrides,
        }
        server = UvicornThread(create_app(PostersSettings(**values))).start()
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    """A plain client on the test's Redis, to look at what the service stored."""
    with redis.Redis.from_url(redis_url, decode_responses=True) as client:
        yield client

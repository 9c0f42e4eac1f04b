"""Shared fixtures: a real redis-server and a fake OMDb, both on loopback, both started here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.fakes.fake_omdb import FakeOmdb
from tests.fakes.logs import JsonLogCapture
from tests.fakes.redis_server import RedisServer

_REPO = Path(__file__).resolve().parents[1]

# Apps started inside this process would gc.freeze() pytest's own heap once loaded; services
# started as processes of their own get the default back where a test checks the freeze.
os.environ["MOVIEREC_GC_FREEZE"] = "false"


@pytest.fixture(scope="session", autouse=True)
def _cache_dir_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Downloads and parsed data sets of every test (and of the services the tests start) go
    to a directory of this session, never to the user's ~/.cache/movierec."""
    root = tmp_path_factory.mktemp("movierec-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOVIEREC_CACHE_DIR", str(root))
        yield root


@pytest.fixture(scope="session")
def ml_latest_small() -> Path:
    """The shared read-only copy of ml-latest-small ($MOVIEREC_DATA_DIR, else ../shared)."""
    candidates = [
        os.environ.get("MOVIEREC_DATA_DIR"),
        str(_REPO.parent / "shared" / "datasets" / "ml-latest-small"),
        "/work/shared/datasets/ml-latest-small",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "ratings.csv").is_file():
            return Path(candidate)
    raise AssertionError(f"ml-latest-small not found in any of {candidates}")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One redis-server for the session (fails, never skips, if the binary is missing)."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's Redis, emptied for this test."""
    if not redis_server.running:  # a test stopped it to simulate an outage
        redis_server.start()
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushall()
    return redis_server.url


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, free to be stopped and restarted mid-test."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fake_omdb_server() -> Iterator[FakeOmdb]:
    with FakeOmdb(api_key="test-key-9f2c41d7") as fake:
        yield fake


@pytest.fixture
def fake_omdb(fake_omdb_server: FakeOmdb) -> FakeOmdb:
    """The fake OMDb, healthy and with zeroed counters."""
    fake_omdb_server.reset()
    return fake_omdb_server


@pytest.fixture
def json_logs() -> Iterator[JsonLogCapture]:
    """Every log line written during the test, as the services format them."""
    with JsonLogCapture() as capture:
        yield capture

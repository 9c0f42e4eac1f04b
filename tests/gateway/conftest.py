"""The whole stack on loopback: gateway, collab, kmeans, posters (fake OMDb + real Redis).

Backends are the real services trained on the toy data set and shared by the session; each
test gets its own gateway, pointed at them or, for outage tests, at ports nobody listens on
or at backends of its own that it stops.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from movierec_collab.app import create_app as create_collab
from movierec_collab.settings import CollabSettings
from movierec_gateway.app import create_app as create_gateway
from movierec_gateway.settings import GatewaySettings
from movierec_kmeans.app import create_app as create_kmeans
from movierec_kmeans.settings import KMeansSettings
from movierec_posters.app import create_app as create_posters
from movierec_posters.settings import PostersSettings
from tests.fakes.fake_omdb import FakeOmdb
from tests.fakes.ports import free_port
from tests.fakes.redis_server import RedisServer
from tests.fakes.uvicorn_server import UvicornThread
from tests.gateway.data import YEARLESS, write_gateway_toy


def wait_ready(url: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """The service's /readyz once it says ready (or degraded); fails after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            try:
                response = client.get(f"{url}/readyz")
                last = response.json()
                if response.status_code == 200:
                    return dict(last)
            except httpx.TransportError as exc:
                last = repr(exc)
            time.sleep(0.02)
    raise AssertionError(f"{url} not ready after {timeout_s}s: {last}")


def dead_url() -> str:
    """A loopback URL nothing listens on: a backend that is down."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def toy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gateway_toy(tmp_path_factory.mktemp("data") / "toy")


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("artifacts")


StartBackend = Callable[[str], UvicornThread]


def backend_server(kind: str, data_dir: Path, model_dir: Path) -> UvicornThread:
    """A ready collab or kmeans service on ``data_dir`` (training into ``model_dir``)."""
    common: dict[str, Any] = {"data_dir": str(data_dir), "model_dir": model_dir}
    app = (
        create_collab(CollabSettings(**common))
        if kind == "collab"
        else create_kmeans(KMeansSettings(**common))
    )
    server = UvicornThread(app).start()
    try:
        wait_ready(server.url)
    except AssertionError:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def start_backend(toy_dir: Path, model_dir: Path) -> Iterator[StartBackend]:
    """``start_backend("collab" | "kmeans")``: a ready backend on the toy data."""
    servers: list[UvicornThread] = []

    def start(kind: str) -> UvicornThread:
        server = backend_server(kind, toy_dir, model_dir)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def yearless_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The toy with a few titles lacking a year (``data.YEARLESS``), for the year filter."""
    return write_gateway_toy(tmp_path_factory.mktemp("data") / "yearless", yearless=YEARLESS)


@pytest.fixture(scope="session")
def yearless_backends(
    yearless_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """collab and kmeans on :func:`yearless_dir`: their ``collab_url`` and ``kmeans_url``."""
    models = tmp_path_factory.mktemp("yearless-artifacts")
    servers = [backend_server(kind, yearless_dir, models) for kind in ("collab", "kmeans")]
    yield {"collab_url": servers[0].url, "kmeans_url": servers[1].url}
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def collab_url(start_backend: StartBackend) -> str:
    return start_backend("collab").url


@pytest.fixture(scope="session")
def kmeans_url(start_backend: StartBackend) -> str:
    return start_backend("kmeans").url


def posters_settings(fake: FakeOmdb, redis_url: str, **overrides: Any) -> PostersSettings:
    values: dict[str, Any] = {
        "omdb_api_key": fake.config.api_key,
        "omdb_base_url": fake.url,
        "redis_url": redis_url,
        "omdb_backoff_s": 0.01,
        **overrides,
    }
    return PostersSettings(**values)


@pytest.fixture(scope="session")
def posters_url(redis_server: RedisServer, fake_omdb_server: FakeOmdb) -> Iterator[str]:
    """The session's posters service (its answers are cached, so tests that change what
    OMDb says start posters of their own)."""
    with UvicornThread(create_posters(posters_settings(fake_omdb_server, redis_server.url))) as s:
        yield s.url


@dataclass
class Gateway:
    url: str
    settings: GatewaySettings
    server: UvicornThread
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10.0))

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(f"{self.url}{path}", **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(f"{self.url}{path}", **kwargs)

    def stop(self) -> None:
        self.http.close()
        self.server.stop()


StartGateway = Callable[..., Gateway]


def recommend(gateway: Gateway, **body: Any) -> dict[str, Any]:
    """``POST /api/v1/recommendations`` with ``body``, which must answer 200; its JSON."""
    response = gateway.post("/api/v1/recommendations", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _start(toy_dir: Path, *, wait: bool = True, **overrides: Any) -> Gateway:
    values: dict[str, Any] = {
        "data_dir": str(toy_dir),
        "collab_url": dead_url(),
        "kmeans_url": dead_url(),
        "posters_url": dead_url(),
        "web_dir": None,
        "log_level": "DEBUG",
        # Generous: a cold poster lookup goes to the fake OMDb, and CI machines are slow.
        "backend_timeout_s": 10.0,
        "posters_timeout_s": 10.0,
        **overrides,
    }
    settings = GatewaySettings(**values)
    server = UvicornThread(create_gateway(settings)).start()
    gateway = Gateway(server.url, settings, server)
    if wait:
        try:
            wait_ready(server.url)
        except AssertionError:
            gateway.stop()
            raise
    return gateway


@pytest.fixture
def start_gateway(toy_dir: Path) -> Iterator[StartGateway]:
    """``start_gateway(**settings)``: a ready gateway of this test; backends default to dead
    URLs (nobody listening), the data to the toy (``data_dir=`` for another)."""
    gateways: list[Gateway] = []

    def start(**overrides: Any) -> Gateway:
        gateway = _start(toy_dir, **overrides)
        gateways.append(gateway)
        return gateway

    yield start
    for gateway in gateways:
        gateway.stop()


@pytest.fixture
def omdb(fake_omdb: FakeOmdb) -> Iterator[FakeOmdb]:
    """The fake OMDb for a test that changes it; healthy again afterwards, so services
    shared with later tests never cache what this test made it say."""
    yield fake_omdb
    fake_omdb.reset()


@pytest.fixture
def stack_urls(
    collab_url: str, kmeans_url: str, posters_url: str, fake_omdb: FakeOmdb
) -> dict[str, str]:
    """The healthy stack's URLs (the fake OMDb reset: a poster for every movie)."""
    return {"collab_url": collab_url, "kmeans_url": kmeans_url, "posters_url": posters_url}


@pytest.fixture(scope="module")
def gateway(
    toy_dir: Path,
    collab_url: str,
    kmeans_url: str,
    posters_url: str,
    fake_omdb_server: FakeOmdb,
) -> Iterator[Gateway]:
    """A gateway in front of the whole, healthy stack, shared by a module's tests (which
    only read through it)."""
    fake_omdb_server.reset()
    gateway = _start(toy_dir, collab_url=collab_url, kmeans_url=kmeans_url, posters_url=posters_url)
    yield gateway
    gateway.stop()


@pytest.fixture(scope="module")
def yearless_gateway(
    yearless_dir: Path,
    yearless_backends: dict[str, str],
    posters_url: str,
    fake_omdb_server: FakeOmdb,
) -> Iterator[Gateway]:
    """A gateway in front of the healthy stack on :func:`yearless_dir`, shared by a module."""
    fake_omdb_server.reset()
    gateway = _start(
        yearless_dir,
        collab_url=yearless_backends["collab_url"],
        kmeans_url=yearless_backends["kmeans_url"],
        posters_url=posters_url,
    )
    yield gateway
    gateway.stop()

"""Backends failing under the gateway: stopped mid-test, hanging, posters gone, all gone."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from movierec_collab.app import create_app as create_collab
from movierec_collab.settings import CollabSettings
from tests.fakes.fake_omdb import poster_url
from tests.fakes.uvicorn_server import UvicornThread
from tests.gateway.conftest import StartGateway, recommend, wait_ready
from tests.gateway.data import GROUP_A, GROUP_B, LIKES_A
from tests.services.processes import start_module


@pytest.fixture
def own_collab(toy_dir: Path, model_dir: Path) -> Iterator[UvicornThread]:
    """A collab service of this test's own, which the test may stop."""
    settings = CollabSettings(data_dir=str(toy_dir), model_dir=model_dir, warm_up=False)
    server = UvicornThread(create_collab(settings)).start()
    wait_ready(server.url)
    yield server
    server.stop()  # again, if the test stopped it already: a no-op


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """A backend that accepts connections and never answers (a stuck process)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_collab_stopped_mid_test_gives_kmeans_movies_degraded(
    start_gateway: StartGateway,
    own_collab: UvicornThread,
    kmeans_url: str,
    posters_url: str,
    stack_urls: dict[str, str],
) -> None:
    gateway = start_gateway(
        collab_url=own_collab.url, kmeans_url=kmeans_url, posters_url=posters_url
    )
    healthy = recommend(gateway, ratings=LIKES_A, limit=5)
    assert healthy["degraded"] is False
    assert healthy["fallback"] is False

    own_collab.stop()
    body = recommend(gateway, ratings=LIKES_A, limit=5, genres=["Animation"])
    assert body["degraded"] is True
    assert body["fallback"] is False  # the other family stood in: still personal
    assert body["problems"] == [
        {"part": "collab", "code": "unavailable", "message": "unreachable (ClientConnectorError)"}
    ]
    assert body["results"]["collab"] is None
    items = body["items"]
    assert items == body["results"]["kmeans"]["items"]
    assert len(items) == 5
    assert {i["movieId"] for i in items} <= set(GROUP_A) - {r["movieId"] for r in LIKES_A}
    assert all("Animation" in i["genres"] for i in items)
    assert all(i["algorithms"] == ["kmeans"] for i in items)
    assert all(i["poster"] == poster_url(i["imdbId"]) for i in items)

    # "both" still has kmeans: its answer, personal, not a fallback.
    both = recommend(gateway, ratings=LIKES_A, algorithm="both", limit=5)
    assert both["degraded"] is True
    assert both["fallback"] is False
    assert [p["part"] for p in both["problems"]] == ["collab"]
    assert all(i["algorithms"] == ["kmeans"] for i in both["items"])
    assert both["items"] == both["results"]["kmeans"]["items"]
    assert {i["movieId"] for i in both["items"]} <= set(GROUP_A)

    # The movie page goes on too, with genre neighbours instead of collab's.
    page = gateway.get(f"/api/v1/movies/{GROUP_A[0]}").json()
    assert page["similarSource"] == "genres"
    assert page["degraded"] is True
    ready = gateway.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["collab"]["ok"] is False


def test_a_frozen_collab_process_gives_kmeans_items_degraded(
    start_gateway: StartGateway,
    toy_dir: Path,
    model_dir: Path,
    kmeans_url: str,
    posters_url: str,
    tmp_path: Path,
) -> None:
    """collab SIGSTOPped (its socket still accepts, nothing answers): `collab` requests are
    answered by kmeans, flagged degraded with the timeout, not by popularity."""
    collab = start_module("collab", toy_dir, model_dir, tmp_path / "collab.log", warm_up="false")
    try:
        collab.wait_ready()
        gateway = start_gateway(
            collab_url=collab.url,
            kmeans_url=kmeans_url,
            posters_url=posters_url,
            backend_timeout_s=0.5,
        )
        assert recommend(gateway, ratings=LIKES_A, limit=5)["degraded"] is False
        os.kill(collab.proc.pid, signal.SIGSTOP)
        try:
            body = recommend(gateway, ratings=LIKES_A, algorithm="collab", limit=5)
        finally:
            os.kill(collab.proc.pid, signal.SIGCONT)
    finally:
        collab.stop()
    assert body["degraded"] is True
    assert body["fallback"] is False
    assert [(p["part"], p["code"]) for p in body["problems"]] == [("collab", "timeout")]
    assert all(i["algorithms"] == ["kmeans"] for i in body["items"])
    assert {i["movieId"] for i in body["items"]} <= set(GROUP_A)


def test_a_hanging_backend_times_out_into_the_fallback(
    start_gateway: StartGateway, hanging_url: str, posters_url: str
) -> None:
    gateway = start_gateway(
        collab_url=hanging_url,
        kmeans_url=hanging_url,
        posters_url=posters_url,
        backend_timeout_s=0.3,
    )
    body = recommend(gateway, ratings=LIKES_A, algorithm="both", limit=4)
    assert body["fallback"] is True
    assert body["degraded"] is True
    assert sorted((p["part"], p["code"]) for p in body["problems"]) == [
        ("collab", "timeout"),
        ("kmeans", "timeout"),
    ]
    assert len(body["items"]) == 4
    ready = gateway.get("/readyz").json()
    assert ready["status"] == "degraded"
    assert ready["checks"]["collab"]["ok"] is False


def test_posters_down_gives_null_posters_degraded(
    start_gateway: StartGateway, collab_url: str, kmeans_url: str
) -> None:
    gateway = start_gateway(collab_url=collab_url, kmeans_url=kmeans_url)  # posters: dead
    body = recommend(gateway, ratings=LIKES_A, algorithm="both", limit=5)
    assert body["fallback"] is False
    assert body["degraded"] is True
    assert [p["part"] for p in body["problems"]] == ["posters"]
    assert all(i["poster"] is None for i in body["items"])
    assert all(i["imdbId"] for i in body["items"])
    search = gateway.get("/api/v1/movies/search", params={"q": "toy"}).json()
    assert search["degraded"] is True
    assert search["items"][0]["poster"] is None


def test_everything_down_still_answers_with_filters(start_gateway: StartGateway) -> None:
    gateway = start_gateway()  # no backend at all
    body = recommend(
        gateway,
        ratings=LIKES_A,
        algorithm="kmeans",
        genres=["Thriller"],
        exclude=GROUP_B[:5],
        limit=10,
    )
    assert body["fallback"] is True
    assert body["degraded"] is True
    # kmeans first, then collab standing in, then popularity.
    assert [p["part"] for p in body["problems"]] == ["kmeans", "collab", "posters"]
    items = body["items"]
    assert len(items) == 10
    assert all("Thriller" in i["genres"] for i in items)
    assert not {i["movieId"] for i in items} & set(GROUP_B[:5])
    ready = gateway.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["catalogue"]["ok"] is True

"""The benchmark's control app, served by uvicorn on loopback as the benchmark runs it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.serving import control_app
from movierec.stack import Stack, free_port

BODY = {"ratings": [{"movieId": m, "rating": r} for m, r in [(1, 5.0), (260, 4.0), (2571, 0.5)]]}


@pytest.fixture(params=[0, 3], ids=["no-work", "three-passes"])
def control(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int]]:
    units: int = request.param
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = Stack([control_app.part(units, port, tmp_path / "control.log")])
    app.start(timeout_s=60.0)
    try:
        yield url, units
    finally:
        app.stop()


def test_control_answers_collabs_body_with_the_work_it_was_set_to(
    control: tuple[str, int],
) -> None:
    url, units = control
    with httpx.Client(base_url=url, timeout=10) as client:
        assert client.get("/healthz").json() == {"units": units}
        answer = client.post("/v1/recommend", json={**BODY, "limit": 20, "model": "ease"})
        assert answer.status_code == 200
        items = answer.json()["items"]
        if units == 0:
            assert items == []
        else:
            assert len(items) == 20
            scores = [i["score"] for i in items]
            assert scores == sorted(scores, reverse=True)
            assert len({i["movieId"] for i in items}) == 20
        assert client.post("/v1/recommend", json={"ratings": "nope"}).status_code == 422

"""The benchmark's control app, served by uvicorn on loopback as the benchmark runs it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from movierec.stack import Part, Stack, free_port

REPO = Path(__file__).resolve().parents[2]
BODY = {"ratings": [{"movieId": m, "rating": r} for m, r in [(1, 5.0), (260, 4.0), (2571, 0.5)]]}


@pytest.fixture(params=[0, 3], ids=["no-work", "three-passes"])
def control(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int]]:
    units: int = request.param
    port = free_port()
    argv = [
        sys.executable, "-m", "uvicorn", "--factory", "bench.serving.control_app:from_env",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    env = {**os.environ, "MOVIEREC_CONTROL_UNITS": str(units), "PYTHONPATH": str(REPO)}
    url = f"http://127.0.0.1:{port}"
    app = Stack([Part("control", argv, env, f"{url}/healthz", tmp_path / "control.log")])
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

"""Starting, restarting and watching the services: probes, metrics, request ids, artifacts."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.fakes.ports import free_port
from tests.services.conftest import Backends
from tests.services.processes import ServiceProcess, artifact_dirs, start_module, start_process

A_FAN = {"ratings": [{"movieId": 10, "rating": 5.0}, {"movieId": 20, "rating": 4.5}]}


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text (0 if absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" (\S+)"
    found = re.search(r"^" + pattern + r"$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_probes_report_data_and_every_model(service: str) -> None:
    assert httpx.get(f"{service}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{service}/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready"
    assert body["checks"]["data"]["detail"] == "data: 60 users, 61 movies, 1380 ratings"
    models = {k: v for k, v in body["checks"].items() if k.startswith("model:")}
    assert models
    assert all(check["detail"].endswith(" loaded") for check in models.values())


def test_metrics_count_recommendations_fallbacks_and_compute_time(collab: str) -> None:
    before = httpx.get(f"{collab}/metrics").text
    httpx.post(f"{collab}/v1/recommend", json=A_FAN)
    httpx.post(f"{collab}/v1/recommend", json={"ratings": [{"movieId": 99999, "rating": 4.0}]})
    after = httpx.get(f"{collab}/metrics").text
    for name, delta in [
        ("movierec_recommendations_total", 2),
        ("movierec_fallbacks_total", 1),
        ("movierec_model_compute_seconds_count", 2),
    ]:
        assert metric(after, name, model="ease") - metric(before, name, model="ease") == delta
    assert metric(after, "movierec_ignored_movies_total") > metric(
        before, "movierec_ignored_movies_total"
    )
    assert metric(after, "movierec_model_load_seconds", model="ease", source="trained") > 0


def test_request_id_is_echoed_on_answers_and_errors(service: str) -> None:
    ok = httpx.post(f"{service}/v1/recommend", json=A_FAN, headers={"X-Request-ID": "rq-ok-1"})
    assert ok.headers["X-Request-ID"] == "rq-ok-1"
    bad = httpx.post(f"{service}/v1/recommend", json={}, headers={"X-Request-ID": "rq-bad-2"})
    assert bad.status_code == 422
    assert bad.headers["X-Request-ID"] == "rq-bad-2"
    made = httpx.post(f"{service}/v1/recommend", json=A_FAN)
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])


@dataclass(frozen=True)
class Restarts:
    """Second starts of both services on the first ones' dirs, and one with a broken artifact.

    Started together (each start is mostly imports) so the suite waits for one start, not three.
    """

    collab: ServiceProcess
    kmeans: ServiceProcess
    broken_als: ServiceProcess
    dirs_before: set[str]


@pytest.fixture(scope="module")
def restarts(backends: Backends, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Restarts]:
    root = tmp_path_factory.mktemp("restarts")
    dirs = artifact_dirs(backends.model_dir)
    shared = {
        "MOVIEREC_DATA_DIR": str(backends.data_dir),
        "MOVIEREC_MODEL_DIR": str(backends.model_dir),
    }
    collab_port, kmeans_port = free_port(), free_port()
    collab = start_process(
        ["-m", "movierec.cli.main", "serve", "collab", "--port", str(collab_port)],
        {**shared, "MOVIEREC_COLLAB_WARM_UP": "false", "MOVIEREC_COLLAB_MODELS": "ease,als"},
        root / "collab.log",
        collab_port,
    )
    kmeans = start_process(
        ["-m", "uvicorn", "movierec_kmeans.app:app", "--port", str(kmeans_port)],
        shared,
        root / "kmeans.log",
        kmeans_port,
    )
    # A copy of the artifacts whose ALS arrays no longer match their manifest's checksum.
    damaged = shutil.copytree(backends.model_dir, root / "damaged")
    (als,) = damaged.glob("als-*")
    with (als / "arrays" / "state__item_factors.npy").open("ab") as arrays:
        arrays.write(b"bit rot")
    broken_als = start_module(
        "collab", backends.data_dir, damaged, root / "broken.log", models="ease,als"
    )
    try:
        collab.wait_ready()
        kmeans.wait_ready()
        broken_als.wait_ready()
        yield Restarts(collab, kmeans, broken_als, dirs)
    finally:
        for process in (collab, kmeans, broken_als):
            process.stop()


def test_collab_restart_loads_the_artifacts_of_the_first_start(
    backends: Backends, restarts: Restarts
) -> None:
    """Second start via ``movierec serve``, loading lazily: same versions, nothing retrained."""
    first, second = backends.collab.url, restarts.collab.url
    ready = httpx.get(f"{second}/readyz").json()
    assert ready["checks"]["model:als"] == {
        "ok": True, "critical": False, "detail": "loads on first request"
    }  # fmt: skip
    assert httpx.get(f"{second}/v1/model").json() == httpx.get(f"{first}/v1/model").json()
    als_version = httpx.get(f"{first}/v1/model", params={"name": "als"}).json()["version"]
    lazy = httpx.post(f"{second}/v1/recommend", json={**A_FAN, "model": "als"}).json()
    assert lazy["model"] == {"name": "als", "version": als_version}
    offered = httpx.post(f"{second}/v1/recommend", json={**A_FAN, "model": "itemknn"})
    assert offered.json()["error"]["details"]["valid"] == ["ease", "als"]
    assert artifact_dirs(backends.model_dir) == restarts.dirs_before
    loads = [r for r in restarts.collab.log_records() if r.get("source")]
    assert {(r["model"], r["source"]) for r in loads} == {("ease", "artifact"), ("als", "artifact")}


def test_kmeans_restart_under_plain_uvicorn(backends: Backends, restarts: Restarts) -> None:
    first = httpx.get(f"{backends.kmeans.url}/v1/model").json()
    assert httpx.get(f"{restarts.kmeans.url}/v1/model").json() == first
    assert artifact_dirs(backends.model_dir) == restarts.dirs_before


def test_a_broken_artifact_fails_its_model_only_with_a_clear_503(restarts: Restarts) -> None:
    url = restarts.broken_als.url
    deadline = time.monotonic() + 30
    while (ready := httpx.get(f"{url}/readyz").json())["checks"]["model:als"]["detail"] in (
        "queued",
        "loading",
    ):
        assert time.monotonic() < deadline, ready
        time.sleep(0.05)
    assert ready["status"] == "degraded"  # ready: the default model serves
    als = ready["checks"]["model:als"]
    assert not als["ok"]
    assert "does not match the checksum" in als["detail"]
    answer = httpx.post(f"{url}/v1/recommend", json={**A_FAN, "model": "als"})
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error["code"] == "model_unavailable"
    assert "does not match the checksum" in error["message"]
    assert httpx.post(f"{url}/v1/recommend", json=A_FAN).status_code == 200

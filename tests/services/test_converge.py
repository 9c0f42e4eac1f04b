"""Converging without restarts, as a first Helm install needs: services started on an empty
data directory stay alive and say why they are not ready, become ready once the data and
artifacts arrive, and later swap in a newer artifact without failing a request."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

from movierec.data.sources import load_dataset
from movierec.training import train_and_save
from tests.fakes.ports import free_port
from tests.services.conftest import Backends
from tests.services.processes import ServiceProcess, start_module

FAST = {"retry_max_s": "0.5", "reload_interval_s": "0.3"}
A_FAN = {"ratings": [{"movieId": 10, "rating": 5.0}, {"movieId": 20, "rating": 4.5}]}


def _until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _readyz(process: ServiceProcess) -> httpx.Response | None:
    try:
        return httpx.get(f"{process.url}/readyz", timeout=2)
    except httpx.TransportError:
        return None


def _not_ready_saying(process: ServiceProcess, words: str) -> bool:
    answer = _readyz(process)
    return answer is not None and answer.status_code == 503 and words in answer.text


def test_services_on_an_empty_data_dir_become_ready_when_data_and_artifacts_arrive(
    backends: Backends, tmp_path: Path
) -> None:
    data, models = tmp_path / "data", tmp_path / "models"
    data.mkdir()
    models.mkdir()
    collab = start_module("collab", data, models, tmp_path / "collab.log", **FAST)
    kmeans = start_module("kmeans", data, models, tmp_path / "kmeans.log", **FAST)
    gateway = start_module(
        "gateway", data, models, tmp_path / "gateway.log", **FAST,
        collab_url=collab.url, kmeans_url=kmeans.url, posters_url=f"http://127.0.0.1:{free_port()}",
    )  # fmt: skip
    services = (collab, kmeans, gateway)
    try:
        for service in services:  # alive, not ready, saying why, and trying again
            _until(partial(_not_ready_saying, service, "trying again in"), 60, "a reason")
            assert httpx.get(f"{service.url}/healthz").status_code == 200
        pids = [s.proc.pid for s in services]

        # What the prepare Job does: artifacts, then the data set, each file renamed in place.
        for artifact in backends.model_dir.iterdir():
            shutil.copytree(artifact, models / f".{artifact.name}")
            (models / f".{artifact.name}").rename(models / artifact.name)
        for file in backends.data_dir.iterdir():
            shutil.copyfile(file, data / f".{file.name}")
            (data / f".{file.name}").rename(data / file.name)

        for service in services:
            service.wait_ready(timeout_s=60)
            assert service.proc.poll() is None
        assert [s.proc.pid for s in services] == pids  # no restart
        for service in (collab, kmeans):  # served the arriving artifacts, trained nothing
            sources = {r["source"] for r in service.log_records() if r.get("source")}
            assert sources == {"artifact"}, service.log_text
        answer = httpx.post(f"{collab.url}/v1/recommend", json=A_FAN)
        assert answer.status_code == 200
        found = httpx.get(f"{gateway.url}/api/v1/movies/search", params={"q": "movie 1"})
        assert found.status_code == 200
        assert found.json()["items"]
    finally:
        for service in services:
            service.stop()


def test_a_newer_artifact_is_swapped_in_without_a_failed_request(
    backends: Backends, tmp_path: Path
) -> None:
    models = shutil.copytree(backends.model_dir, tmp_path / "models")
    collab = start_module(
        "collab", backends.data_dir, models, tmp_path / "collab.log", models="ease", **FAST
    )
    statuses: list[int] = []
    stop = threading.Event()

    def traffic() -> None:
        with httpx.Client(timeout=10) as client:
            while not stop.is_set():
                statuses.append(client.post(f"{collab.url}/v1/recommend", json=A_FAN).status_code)

    sender = threading.Thread(target=traffic, daemon=True)
    try:
        collab.wait_ready()
        before: str = httpx.get(f"{collab.url}/v1/model").json()["version"]
        sender.start()
        dataset = load_dataset(backends.data_dir)
        newer = train_and_save(dataset, "ease", models, params={"l2": 7.0}, with_metrics=False)

        def swapped() -> bool:
            version: str = httpx.get(f"{collab.url}/v1/model").json()["version"]
            return version != before

        _until(swapped, 60, "the newer artifact")
        _until(lambda: len(statuses) > 20, 30, "requests after the swap")
        answer = httpx.post(f"{collab.url}/v1/recommend", json=A_FAN).json()
        assert answer["model"]["version"] != before
        assert any(
            r.get("message") == f"model ease: swapped in {newer.name}" for r in collab.log_records()
        ), collab.log_text
    finally:
        stop.set()
        sender.join(timeout=30)
        collab.stop()
    assert statuses
    assert set(statuses) == {200}

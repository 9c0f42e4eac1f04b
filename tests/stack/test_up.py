"""``movierec up``, the README's run command: the whole stack from one process, stopped cleanly."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

import httpx
import pytest

from movierec.stack import free_port_block
from tests.toy import write_toy_csv


def _children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _start_up(
    tmp_path: Path, port: int, *, data_flag: bool = True, **env: str
) -> tuple[subprocess.Popen[bytes], TextIO]:
    """`movierec up` on toy data with the fake OMDb, as a user starts it; output in the log.

    The data is named by ``--data``, or with ``data_flag`` off by ``MOVIEREC_DATA_DIR`` (what
    `make run` sets)."""
    data = write_toy_csv(tmp_path / "toy-small")
    log = (tmp_path / "up.log").open("w+")
    where = ["--data", str(data)] if data_flag else []
    env = {**env, "MOVIEREC_DATA_DIR": "" if data_flag else str(data)}
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "movierec.cli.main", "up", *where,
            "--port", str(port), "--fake-omdb",
            "--model-dir", str(tmp_path / "models"), "--run-dir", str(tmp_path / "run"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200", **env},
        cwd=tmp_path,
    )  # fmt: skip
    return proc, log


def _wait_for(predicate, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_up_serves_the_stack_and_stops_everything_on_sigterm(tmp_path: Path) -> None:
    port = free_port_block()
    proc, log = _start_up(tmp_path, port, MOVIEREC_GC_FREEZE="true")
    try:
        _wait_for(
            lambda: "movierec is up" in Path(log.name).read_text() or proc.poll() is not None,
            240,
            "the stack",
        )
        text = Path(log.name).read_text()
        assert "movierec is up" in text, text
        assert f"http://127.0.0.1:{port}" in text
        children = _children_of(proc.pid)
        assert len(children) >= 5  # fake OMDb, posters, collab, kmeans, gateway (+ redis)

        body = {
            "ratings": [{"movieId": 10, "rating": 5}, {"movieId": 20, "rating": 4.5}],
            "algorithm": "both",
            "limit": 5,
        }
        answer = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/recommendations", json=body, timeout=30
        )
        assert answer.status_code == 200, answer.text
        payload = answer.json()
        assert payload["degraded"] is False, json.dumps(payload)
        assert len(payload["items"]) == 5
        assert all(item["poster"] for item in payload["items"])  # via the fake OMDb

        # Loaded data and models are hidden from the cycle collector (no long GC pauses).
        for service_port in (port, port + 1, port + 2):
            metrics = httpx.get(f"http://127.0.0.1:{service_port}/metrics", timeout=10).text
            frozen = re.search(r"^movierec_gc_frozen_objects (\S+)$", metrics, re.MULTILINE)
            assert frozen is not None, service_port
            assert float(frozen.group(1)) > 10_000, service_port
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0
    assert "stopped" in Path(log.name).read_text()
    for child in children:
        _wait_for(lambda c=child: not Path(f"/proc/{c}").exists(), 20, f"child {child} to exit")


def _processes_of(run: Path) -> list[int]:
    """Processes whose environment names ``run``: everything a `movierec up` started with its
    --model-dir there, however far it got (the parent's list of children can miss a part
    spawned a moment later)."""
    marker = str(run).encode()
    found = []
    for proc_dir in Path("/proc").iterdir():
        if proc_dir.name.isdigit():
            try:
                if marker in (proc_dir / "environ").read_bytes():
                    found.append(int(proc_dir.name))
            except OSError:  # gone meanwhile, or not ours
                continue
    return found


@pytest.mark.parametrize("moment", ["spawning", "waiting"])
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_stop_while_starting_leaves_no_child_running(
    stop_signal: signal.Signals, moment: str, tmp_path: Path
) -> None:
    """`docker stop`, systemd or an impatient Ctrl-C can come before the stack is up: while
    the parts are being spawned, or while they load. The supervisor must still stop all it
    started, not die and orphan them."""
    proc, log = _start_up(tmp_path, free_port_block(), data_flag=False)
    try:
        # "spawning": the first part is out, others may be mid-spawn. "waiting": all parts
        # are out and loading; none is ready (imports alone take a second, and the models
        # still have to be trained).
        launched = 1 if moment == "spawning" else 5
        _wait_for(lambda: len(_children_of(proc.pid)) >= launched, 60, "the parts to start")
        assert _processes_of(tmp_path / "models")  # the check below sees what `up` started
        proc.send_signal(stop_signal)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = Path(log.name).read_text()
    assert "movierec is up" not in text  # the stop came while starting
    assert proc.returncode == 0, text
    assert "stopped" in text
    _wait_for(lambda: not _processes_of(tmp_path / "models"), 20, "every part to exit")


def _part_pids(up_pid: int) -> dict[str, int]:
    """The children of `movierec up` by part name, read from their command lines."""
    names = {
        "movierec_gateway": "gateway", "movierec_collab": "collab",
        "movierec_kmeans": "kmeans", "movierec_posters.fake_omdb": "fake-omdb",
        "movierec_posters": "posters", "redis-server": "redis",
    }  # fmt: skip
    found: dict[str, int] = {}
    for pid in _children_of(up_pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [a.decode() for a in argv]
        for marker, name in names.items():
            if any(marker in w for w in words) and name not in found:
                found[name] = pid
                break
    return found


def test_a_killed_part_comes_back_while_the_stack_keeps_answering(tmp_path: Path) -> None:
    """kill -9 of each part with requests flowing: the gateway answers through every backend
    loss (degraded, never an error), each part is restarted, and full answers resume."""
    port = free_port_block()
    proc, log = _start_up(tmp_path, port)
    url = f"http://127.0.0.1:{port}/api/v1/recommendations"
    body = {"ratings": [{"movieId": 10, "rating": 5}, {"movieId": 20, "rating": 4.5}],
            "algorithm": "both", "limit": 5}  # fmt: skip
    answers: list[tuple[str, int]] = []  # (part killed last, status; 0 = no connection)
    killed = ["none"]
    stop = threading.Event()

    def traffic() -> None:
        with httpx.Client(timeout=10) as client:
            while not stop.is_set():
                try:
                    answers.append((killed[0], client.post(url, json=body).status_code))
                except httpx.HTTPError:
                    answers.append((killed[0], 0))

    def full_answer() -> bool:
        try:
            payload = httpx.post(url, json=body, timeout=10).json()
        except (httpx.HTTPError, ValueError):
            return False
        return payload.get("degraded") is False and all(i["poster"] for i in payload["items"])

    sender = threading.Thread(target=traffic, daemon=True)
    try:
        _wait_for(lambda: "movierec is up" in Path(log.name).read_text(), 240, "the stack")
        sender.start()
        for name in ("redis", "fake-omdb", "posters", "collab", "kmeans", "gateway"):
            pids = _part_pids(proc.pid)
            assert name in pids, pids
            killed[0] = name
            os.kill(pids[name], signal.SIGKILL)
            _wait_for(lambda n=name: f"ready {n} again" in Path(log.name).read_text(), 120,
                      f"{name} to come back")  # fmt: skip
            _wait_for(full_answer, 60, f"full answers after {name} came back")
            assert proc.poll() is None
    finally:
        stop.set()
        sender.join(timeout=30)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    text = Path(log.name).read_text()
    assert "died (killed by SIGKILL); restarting in" in text
    assert proc.returncode == 0, text
    backend_losses = [status for part, status in answers if part not in ("none", "gateway")]
    assert backend_losses, "requests flowed while backends were down"
    assert set(backend_losses) == {200}, sorted(set(backend_losses))

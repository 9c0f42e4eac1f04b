"""Model services as real processes on loopback: start, wait until ready, read their logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.fakes.ports import free_port


@dataclass
class ServiceProcess:
    """One running service; its stdout and stderr (JSON log lines) go to ``log_path``."""

    url: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def log_records(self) -> list[dict[str, Any]]:
        records = []
        for line in self.log_path.read_text().splitlines():
            if line.startswith("{"):
                records.append(json.loads(line))
        return records

    def wait_ready(self, *, all_models: bool = False, timeout_s: float = 60.0) -> dict[str, Any]:
        """The /readyz answer once ready (every model loaded too, with ``all_models``)."""
        deadline = time.monotonic() + timeout_s
        with httpx.Client(base_url=self.url, timeout=2) as client:
            while True:
                assert self.proc.poll() is None, f"service exited:\n{self.log_path.read_text()}"
                try:
                    answer = client.get("/readyz")
                    body: dict[str, Any] = answer.json()
                    if answer.status_code == 200 and (not all_models or body["status"] == "ready"):
                        return body
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"not ready in {timeout_s}s: {self.log_text}"
                time.sleep(0.05)

    @property
    def log_text(self) -> str:
        return self.log_path.read_text()

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        return self.proc.wait(timeout=20)


def clean_env(overrides: dict[str, str]) -> dict[str, str]:
    """This environment without any MOVIEREC_* setting (make exports some), plus ``overrides``.

    MOVIEREC_CACHE_DIR stays: the session's cache directory, kept out of ~/.cache.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MOVIEREC_") or k == "MOVIEREC_CACHE_DIR"
    }
    return {**env, **overrides}


def start_process(
    args: Sequence[str], env: dict[str, str], log_path: Path, port: int | None = None
) -> ServiceProcess:
    """``python ARGS`` with ``env``; returns at once (call ``wait_ready``)."""
    port = port if port is not None else free_port()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, *args],
            env=clean_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return ServiceProcess(f"http://127.0.0.1:{port}", proc, log_path)


def start_module(
    service: str, data_dir: Path, model_dir: Path, log_path: Path, **settings: str
) -> ServiceProcess:
    """``python -m movierec_<service>`` configured through its environment variables."""
    port = free_port()
    prefix = f"MOVIEREC_{service.upper()}_"
    env = {
        "MOVIEREC_DATA_DIR": str(data_dir),
        "MOVIEREC_MODEL_DIR": str(model_dir),
        f"{prefix}PORT": str(port),
        **{f"{prefix}{key.upper()}": value for key, value in settings.items()},
    }
    return start_process(["-m", f"movierec_{service}"], env, log_path, port)


def artifact_dirs(model_dir: Path) -> set[str]:
    return {p.name for p in model_dir.iterdir()}

"""Each way of starting the service on its own: ``uvicorn ...app:app``, ``python -m``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import httpx

from tests.fakes.fake_omdb import FakeOmdb, poster_url
from tests.fakes.ports import free_port


@contextmanager
def _process(args: Sequence[str], env: dict[str, str], port: int) -> Iterator[list[str]]:
    """Run the service; yields a list that holds its stderr lines once it has stopped."""
    proc = subprocess.Popen(
        [sys.executable, *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(timeout=1) as client:
            while True:
                assert proc.poll() is None, proc.communicate()[1]
                try:
                    if client.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the service did not start"
                    time.sleep(0.05)
        yield lines
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
        lines.extend(line for line in err.splitlines() if line.strip())


def test_uvicorn_app_with_env_config_and_json_logs(fake_omdb: FakeOmdb, redis_url: str) -> None:
    port = free_port()
    key = fake_omdb.config.api_key
    env = {
        "OMDB_API_KEY": key,
        "OMDB_BASE_URL": fake_omdb.url,
        "REDIS_URL": redis_url,
        "MOVIEREC_POSTERS_LOG_LEVEL": "debug",
    }
    args = ["-m", "uvicorn", "movierec_posters.app:app", "--host", "127.0.0.1", "--port", str(port)]
    with _process(args, env, port) as stderr:
        base = f"http://127.0.0.1:{port}"
        hit = httpx.get(f"{base}/v1/posters/tt0114709", headers={"X-Request-ID": "sub-1"})
        fake_omdb.configure(rate_limited=True)
        limited = httpx.get(f"{base}/v1/posters/tt0000070")
    assert hit.json() == {"imdbId": "tt0114709", "url": poster_url("tt0114709"), "source": "omdb"}
    assert limited.json()["source"] == "rate-limited"
    records = [json.loads(line) for line in stderr]  # every line is one JSON object
    assert {r["service"] for r in records} == {"posters"}
    access = [r for r in records if r.get("route") == "/v1/posters/{imdbId}"]
    assert next((r["request_id"], r["status"]) for r in access) == ("sub-1", 200)
    assert key not in "\n".join(stderr)


def test_python_dash_m_uses_the_configured_port(fake_omdb: FakeOmdb) -> None:
    port = free_port()
    env = {"MOVIEREC_POSTERS_PORT": str(port), "OMDB_API_KEY": "", "REDIS_URL": ""}
    with _process(["-m", "movierec_posters"], env, port):
        answer = httpx.get(f"http://127.0.0.1:{port}/v1/posters/tt0114709").json()
    assert answer == {"imdbId": "tt0114709", "url": None, "source": "no-key"}
    assert fake_omdb.total_requests == 0

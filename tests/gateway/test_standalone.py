"""The gateway started as its image starts it: ``python -m movierec_gateway``, env config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.fakes.ports import free_port


def test_python_dash_m_reads_the_environment_and_logs_json(
    toy_dir: Path, collab_url: str, posters_url: str
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "MOVIEREC_DATA_DIR": str(toy_dir),
        "MOVIEREC_GATEWAY_PORT": str(port),
        "MOVIEREC_GATEWAY_COLLAB_URL": collab_url,
        "MOVIEREC_GATEWAY_KMEANS_URL": f"http://127.0.0.1:{free_port()}",
        "MOVIEREC_GATEWAY_POSTERS_URL": posters_url,
        "MOVIEREC_GATEWAY_LOG_LEVEL": "info",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "movierec_gateway"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(timeout=2) as client:
            while True:
                assert proc.poll() is None, proc.communicate()[1]
                try:
                    ready = client.get(f"{base}/readyz")
                    if ready.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the gateway did not become ready"
                time.sleep(0.05)
            checks = ready.json()["checks"]
            answer = client.post(
                f"{base}/api/v1/recommendations",
                json={"ratings": [{"movieId": 10, "rating": 5.0}], "algorithm": "both"},
                headers={"X-Request-ID": "standalone-1"},
            ).json()
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=15)
    assert checks["catalogue"]["detail"] == "61 movies from toy"
    assert checks["collab"]["ok"] is True
    assert checks["kmeans"]["ok"] is False
    assert answer["degraded"] is True
    assert [p["part"] for p in answer["problems"]] == ["kmeans"]
    assert answer["results"]["collab"]["items"]
    records = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    assert {r["service"] for r in records} == {"gateway"}
    access = [r for r in records if r.get("route") == "/api/v1/recommendations"]
    assert [(r["request_id"], r["status"]) for r in access] == [("standalone-1", 200)]
    assert any(r["message"] == "catalogue loaded" for r in records)

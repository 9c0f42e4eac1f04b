"""The gateway started as its image starts it: ``python -m movierec_gateway``, env config."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.fakes.ports import free_port
from tests.fakes.service_process import service_process


def test_python_dash_m_reads_the_environment_and_logs_json(
    toy_dir: Path, collab_url: str, posters_url: str
) -> None:
    port = free_port()
    env = {
        "MOVIEREC_DATA_DIR": str(toy_dir),
        "MOVIEREC_GATEWAY_PORT": str(port),
        "MOVIEREC_GATEWAY_COLLAB_URL": collab_url,
        "MOVIEREC_GATEWAY_KMEANS_URL": f"http://127.0.0.1:{free_port()}",
        "MOVIEREC_GATEWAY_POSTERS_URL": posters_url,
        "MOVIEREC_GATEWAY_LOG_LEVEL": "info",
    }
    base = f"http://127.0.0.1:{port}"
    with (
        service_process(["-m", "movierec_gateway"], env, f"{base}/readyz") as stderr,
        httpx.Client(timeout=2) as client,
    ):
        checks = client.get(f"{base}/readyz").json()["checks"]
        answer = client.post(
            f"{base}/api/v1/recommendations",
            json={"ratings": [{"movieId": 10, "rating": 5.0}], "algorithm": "both"},
            headers={"X-Request-ID": "standalone-1"},
        ).json()
    assert checks["catalogue"]["detail"] == "61 movies from toy"
    assert checks["collab"]["ok"] is True
    assert checks["kmeans"]["ok"] is False
    assert answer["degraded"] is True
    assert [p["part"] for p in answer["problems"]] == ["kmeans"]
    assert answer["results"]["collab"]["items"]
    records = [json.loads(line) for line in stderr]
    assert {r["service"] for r in records} == {"gateway"}
    access = [r for r in records if r.get("route") == "/api/v1/recommendations"]
    assert [(r["request_id"], r["status"]) for r in access] == [("standalone-1", 200)]
    assert any(r["message"] == "catalogue loaded" for r in records)

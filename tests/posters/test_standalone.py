"""Each way of starting the service on its own: ``uvicorn ...app:app``, ``python -m``."""

from __future__ import annotations

import json

import httpx

from tests.fakes.fake_omdb import FakeOmdb, poster_url
from tests.fakes.ports import free_port
from tests.fakes.service_process import service_process


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
    with service_process(args, env, f"http://127.0.0.1:{port}/healthz") as stderr:
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
    with service_process(["-m", "movierec_posters"], env, f"http://127.0.0.1:{port}/healthz"):
        answer = httpx.get(f"http://127.0.0.1:{port}/v1/posters/tt0114709").json()
    assert answer == {"imdbId": "tt0114709", "url": None, "source": "no-key"}
    assert fake_omdb.total_requests == 0

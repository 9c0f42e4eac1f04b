"""The OMDb key never shows up in a response, a log line, a metric or an error."""

from __future__ import annotations

import httpx

from tests.fakes.fake_omdb import FakeOmdb
from tests.fakes.logs import JsonLogCapture
from tests.fakes.ports import free_port
from tests.posters.conftest import StartPosters

WRONG_KEY = "wrong-key-5521aa"


async def test_key_never_leaks(
    start_posters: StartPosters, fake_omdb: FakeOmdb, json_logs: JsonLogCapture
) -> None:
    key = fake_omdb.config.api_key
    good = start_posters(omdb_attempt_timeout_s=0.2, omdb_timeout_s=1.0, omdb_cooldown_s=0)
    wrong = start_posters(omdb_api_key=WRONG_KEY)
    unreachable = start_posters(omdb_base_url=f"http://127.0.0.1:{free_port()}")
    texts: list[str] = []
    async with httpx.AsyncClient(timeout=5) as client:

        async def get(base: str, path: str) -> None:
            response = await client.get(base + path)
            texts.append(response.text + str(response.headers))

        await get(good, "/v1/posters/tt0114709")  # healthy
        fake_omdb.configure(fail_status=500)
        await get(good, "/v1/posters/tt0000061")  # 5xx, retried
        fake_omdb.configure(fail_status=None, latency_s=2)
        await get(good, "/v1/posters/tt0000062")  # timeout
        fake_omdb.configure(latency_s=0, rate_limited=True)
        await get(good, "/v1/posters/tt0000063")  # rate limited
        fake_omdb.configure(rate_limited=False)
        await get(wrong, "/v1/posters/tt0000064")  # rejected key
        await get(unreachable, "/v1/posters/tt0000065")  # connection refused
        for base in (good, wrong, unreachable):
            for path in ("/readyz", "/metrics", "/openapi.json", "/v1/posters/bad"):
                await get(base, path)
    sources = [t for t in texts if '"source"' in t]
    for expected in ("omdb", "upstream-error", "timeout", "rate-limited", "invalid-key"):
        assert any(f'"source":"{expected}"' in t for t in sources), expected
    await json_logs.wait_for(lambda r: r.get("path") == "/v1/posters/bad")
    logs = json_logs.text
    assert "omdb lookup failed" in logs
    assert "omdb unreachable" in logs
    assert any(r["level"] == "debug" for r in json_logs.records())  # at the chattiest level
    for secret in (key, WRONG_KEY):
        assert all(secret not in text for text in texts)
        assert secret not in logs
    assert "apikey" not in logs  # no OMDb URL was logged at all, not even a masked one

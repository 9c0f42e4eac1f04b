"""Bodies over the limit get 413, whether announced by Content-Length or streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from tests.http.conftest import RunningService


async def _chunks(total: int, size: int = 100) -> AsyncIterator[bytes]:
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


async def test_body_within_limit_is_read(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.post("/raw", content=b"x" * 1000)
    assert response.status_code == 200
    assert response.json() == {"bytes": 1000}


async def test_declared_length_over_limit_is_refused(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.post("/raw", content=b"x" * 1001)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "payload_too_large"
    assert error["details"] == {"max_bytes": 1000}
    assert response.headers["x-request-id"]


async def test_streamed_body_over_limit_is_refused(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        small = await client.post("/raw", content=_chunks(900))
        large = await client.post("/raw", content=_chunks(5000))
        json_large = await client.post(
            "/orders", content=_chunks(5000), headers={"content-type": "application/json"}
        )
    assert small.status_code == 200
    assert small.json() == {"bytes": 900}
    assert large.status_code == 413
    assert large.json()["error"]["code"] == "payload_too_large"
    assert json_large.status_code == 413
    assert json_large.json()["error"]["code"] == "payload_too_large"


async def test_limit_is_configurable(service_factory) -> None:
    service = service_factory(max_body_bytes=10)
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.post("/orders", json={"name": "long enough", "count": 1})
    assert response.status_code == 413

"""Bodies over the limit get 413, whether announced by Content-Length or streamed; bodies
that stall get 408."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from pydantic_settings import SettingsConfigDict

from movierec.http import ServiceSettings
from tests.fakes.raw_http import RawResponse, connect, read_response
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


def _stall(url: str, path: str, content_type: str) -> RawResponse:
    """Declare 100 bytes, send 10, then wait (on the socket, up to its own 10 s deadline)
    for the server to answer and close."""
    with connect(url, timeout_s=10.0) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
            "Content-Length: 100\r\n\r\n"
        )
        sock.sendall(head.encode() + b'{"name": "')
        return read_response(sock)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/raw", "application/octet-stream"), ("/orders", "application/json")],
)
def test_a_stalled_body_gets_408_and_a_closed_connection(
    service_factory: Callable[..., RunningService], path: str, content_type: str
) -> None:
    """Without a bound, a client that declares a body and sends part of it holds the
    connection (and the route reading it) forever."""
    service = service_factory(body_timeout_s=0.3)
    answer = _stall(service.url, path, content_type)  # returns only once the server closed
    assert answer.status == 408
    assert answer.headers["connection"] == "close"
    assert answer.headers["x-request-id"]
    error = json.loads(answer.body)["error"]
    assert error["code"] == "request_timeout"
    assert error["details"] == {"timeout_s": 0.3}
    # The service itself is fine.
    assert httpx.post(f"{service.url}/orders", json={"name": "a", "count": 1}).status_code == 200


def test_body_timeout_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOVIEREC_TESTSVC_BODY_TIMEOUT_S", "2.5")

    class TestSettings(ServiceSettings):
        model_config = SettingsConfigDict(env_prefix="MOVIEREC_TESTSVC_")

    assert TestSettings().body_timeout_s == 2.5
    assert ServiceSettings().body_timeout_s == 10.0

"""Request ids: taken or made, echoed, forwarded, and present in every JSON log line."""

from __future__ import annotations

import io
import json
import logging
import re

import httpx

from movierec.http import configure_logging
from tests.http.conftest import RunningService


async def test_request_id_is_echoed(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.get("/whoami", headers={"X-Request-ID": "abc-123.x:y"})
    assert response.headers["x-request-id"] == "abc-123.x:y"
    assert response.json()["request_id"] == "abc-123.x:y"


async def test_request_id_is_made_when_absent_or_malformed(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        first = await client.get("/whoami")
        second = await client.get("/whoami")
        forged = await client.get("/whoami", headers={"X-Request-ID": 'x" level=error'})
        too_long = await client.get("/whoami", headers={"X-Request-ID": "a" * 200})
    ids = [r.headers["x-request-id"] for r in (first, second, forged, too_long)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len(set(ids)) == 4
    assert first.json()["request_id"] == ids[0]


async def test_request_id_travels_to_outbound_calls(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.get("/relay", headers={"X-Request-ID": "relay-42"})
    body = response.json()
    assert body["outer"] == "relay-42"
    assert body["inner"] == {"request_id": "relay-42", "header": "relay-42"}


async def test_every_log_line_is_json_with_the_request_id(
    service: RunningService, json_logs
) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        await client.get("/whoami", headers={"X-Request-ID": "log-7"})
    await json_logs.wait_for(lambda r: r["message"] == "GET /whoami 200")
    mine = [r for r in json_logs.records() if r["request_id"] == "log-7"]
    messages = {r["message"] for r in mine}
    assert "who am i" in messages  # the handler's own line
    assert "GET /whoami 200" in messages  # the access line
    custom = next(r for r in mine if r["message"] == "who am i")
    assert custom["customer"] == "ada"  # extra fields are kept
    assert custom["service"] == "testsvc"
    assert custom["level"] == "info"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", custom["time"])
    access = next(r for r in mine if r["message"] == "GET /whoami 200")
    assert access["route"] == "/whoami"
    assert access["status"] == 200
    assert access["duration_ms"] >= 0


def test_configure_logging_writes_json_lines_and_masks_credentials() -> None:
    stream = io.StringIO()
    configure_logging("unit", "DEBUG", stream=stream)
    try:
        logging.getLogger("movierec.test").debug(
            "calling %s", "https://api.example/?i=1&apikey=hunter22", extra={"attempt": 2}
        )
        logging.getLogger("uvicorn.error").info("uvicorn says hi")
    finally:
        configure_logging("unit", "INFO")  # back to stderr for whatever runs next
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "calling https://api.example/?i=1&apikey=***"
    assert first["attempt"] == 2
    assert first["level"] == "debug"
    assert first["request_id"] is None
    assert "hunter22" not in stream.getvalue()
    assert second["logger"] == "uvicorn.error"
    assert second["service"] == "unit"

"""Every error, expected or not, answers in the one shape and leaks nothing."""

from __future__ import annotations

from typing import Any

import httpx

from tests.http.conftest import SECRET_IN_EXCEPTION, RunningService


def _error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    error: dict[str, Any] = body["error"]
    return error


async def test_http_exception_uses_the_error_shape(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.get("/items/0")
    assert response.status_code == 404
    assert _error(response) == {"code": "not_found", "message": "No item 0.", "details": None}


async def test_api_error_keeps_its_code_and_details(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.get("/items/1")
    assert response.status_code == 409
    assert _error(response) == {
        "code": "item_locked",
        "message": "Item 1 is locked.",
        "details": {"item": 1},
    }


async def test_unknown_route_and_wrong_method(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        missing = await client.get("/nowhere")
        wrong_method = await client.delete("/items/3")
    assert missing.status_code == 404
    assert _error(missing)["code"] == "not_found"
    assert wrong_method.status_code == 405
    assert _error(wrong_method)["code"] == "method_not_allowed"


async def test_validation_error_names_the_field(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        bad_path = await client.get("/items/abc")
        bad_body = await client.post("/orders", json={"name": "x", "count": "many"})
        missing = await client.post("/orders", json={"count": 2})
        not_json = await client.post(
            "/orders", content=b"{nope", headers={"content-type": "application/json"}
        )
    assert bad_path.status_code == 422
    error = _error(bad_path)
    assert error["code"] == "validation_error"
    assert [d["field"] for d in error["details"]] == ["path.item_id"]
    assert "path.item_id" in str(error["message"])
    assert [d["field"] for d in _error(bad_body)["details"]] == ["body.count"]
    assert _error(missing)["details"][0]["type"] == "missing"
    assert not_json.status_code == 422
    assert _error(not_json)["code"] == "validation_error"
    assert "many" not in bad_body.text  # the offending input is not echoed


async def test_unhandled_exception_is_a_generic_500(service: RunningService, json_logs) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.get("/boom", headers={"X-Request-ID": "boom-1"})
    assert response.status_code == 500
    error = _error(response)
    assert error["code"] == "internal_error"
    assert error["details"] == {"request_id": "boom-1"}
    assert response.headers["x-request-id"] == "boom-1"
    assert SECRET_IN_EXCEPTION not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    logged = [r for r in json_logs.records() if r["message"] == "unhandled error"]
    assert len(logged) == 1
    assert logged[0]["request_id"] == "boom-1"
    assert logged[0]["exc_type"] == "RuntimeError"
    assert "Traceback" in logged[0]["traceback"]
    # The access log still records the request, as a 500.
    access = await json_logs.wait_for(lambda r: r.get("route") == "/boom")
    assert [r["status"] for r in access] == [500]

"""/healthz, /readyz (ready, degraded, not ready) and /metrics, plus CORS."""

from __future__ import annotations

import httpx

from movierec.http import Check
from tests.http.conftest import RunningService


async def test_healthz(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_follows_the_service_check(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        ready = await client.get("/readyz")
        service.probe.checks = {
            "model": Check(True, "loaded"),
            "cache": Check(False, "redis down", critical=False),
        }
        degraded = await client.get("/readyz")
        service.probe.checks = {"model": Check(False, "not loaded yet")}
        not_ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {}}
    assert degraded.status_code == 200
    assert degraded.json()["status"] == "degraded"
    assert degraded.json()["checks"]["cache"] == {
        "ok": False,
        "critical": False,
        "detail": "redis down",
    }
    assert not_ready.status_code == 503
    assert not_ready.json() == {
        "status": "not-ready",
        "checks": {"model": {"ok": False, "critical": True, "detail": "not loaded yet"}},
    }


async def test_readyz_when_the_check_breaks_or_hangs(service_factory) -> None:
    service: RunningService = service_factory(readiness_timeout_s=0.2)
    async with httpx.AsyncClient(base_url=service.url, timeout=5) as client:
        service.probe.error = ConnectionError("db at 10.0.0.1 refused")
        broken = await client.get("/readyz")
        service.probe.error = None
        service.probe.delay_s = 3.0
        hanging = await client.get("/readyz")
    assert broken.status_code == 503
    assert broken.json()["checks"]["readiness"]["detail"] == "check failed: ConnectionError"
    assert "10.0.0.1" not in broken.text
    assert hanging.status_code == 503
    assert "0.2s" in hanging.json()["checks"]["readiness"]["detail"]


def _sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one Prometheus sample in text exposition format, or None."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        series, value = line.rsplit(" ", 1)
        metric, _, rest = series.partition("{")
        got = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if metric == name and got == wanted:
            return float(value)
    return None


async def test_metrics_count_requests_by_route_template(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.url) as client:
        for item in (5, 6, 7):
            await client.get(f"/items/{item}")
        await client.get("/items/0")
        await client.get("/no/such/path")
        await client.post("/orders", json={"name": "a", "count": 1})
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    route = {"method": "GET", "route": "/items/{item_id}"}
    assert _sample(text, "movierec_http_requests_total", **route, status="200") == 3
    assert _sample(text, "movierec_http_requests_total", **route, status="404") == 1
    assert (
        _sample(text, "movierec_http_requests_total", method="GET", route="unmatched", status="404")
        == 1
    )
    assert _sample(text, "movierec_http_request_duration_seconds_count", **route, status="200") == 3
    assert "/items/5" not in text  # concrete paths never become labels
    assert _sample(text, "movierec_test_orders_total") == 1  # the service's own metric
    assert _sample(text, "process_resident_memory_bytes") is not None


async def test_cors_only_for_configured_origins(service_factory) -> None:
    service: RunningService = service_factory(cors_origins="http://app.example, http://b.example")
    async with httpx.AsyncClient(base_url=service.url) as client:
        allowed = await client.get("/healthz", headers={"Origin": "http://b.example"})
        other = await client.get("/healthz", headers={"Origin": "http://evil.example"})
        preflight = await client.options(
            "/orders",
            headers={
                "Origin": "http://app.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
    assert allowed.headers["access-control-allow-origin"] == "http://b.example"
    assert "x-request-id" in allowed.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://app.example"

"""Probes, metrics, the OpenAPI document, CORS and request ids of the gateway."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.gateway.conftest import Gateway, StartGateway


def test_healthz_and_readyz_on_the_healthy_stack(gateway: Gateway) -> None:
    assert gateway.get("/healthz").json() == {"status": "ok"}
    ready = gateway.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"catalogue", "collab", "kmeans", "posters"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["catalogue"]["detail"] == "61 movies from toy"
    assert body["checks"]["catalogue"]["critical"] is True
    assert body["checks"]["collab"]["critical"] is False


def _readyz_once_it_says(gateway: Gateway, words: str) -> httpx.Response:
    """``/readyz`` once it mentions ``words`` (a first load attempt has failed), or as it is
    after 200 asks."""
    for _ in range(200):
        response = gateway.get("/readyz")
        if words in response.text:
            break
    return response


def test_bad_data_is_not_ready_and_says_why(start_gateway: StartGateway, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-data"
    gateway = start_gateway(data_dir=str(missing), wait=False)
    response = _readyz_once_it_says(gateway, "no such directory")
    deadline_body = response.json()
    assert response.status_code == 503
    assert deadline_body["status"] == "not-ready"
    assert gateway.get("/healthz").status_code == 200  # alive all the same
    answer = gateway.get("/api/v1/movies/search", params={"q": "toy"})
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error["code"] == "catalogue_unavailable"
    assert str(missing) in error["message"]
    posted = gateway.post("/api/v1/recommendations", json={"ratings": []})
    assert posted.status_code == 503


def test_no_data_set_is_not_ready_and_names_the_variable(start_gateway: StartGateway) -> None:
    gateway = start_gateway(data_dir=None, wait=False)
    response = _readyz_once_it_says(gateway, "MOVIEREC_DATA_DIR")
    assert response.status_code == 503
    assert response.json()["status"] == "not-ready"
    assert "no data: set MOVIEREC_DATA_DIR" in response.text
    answer = gateway.get("/api/v1/movies/search", params={"q": "toy"})
    assert answer.status_code == 503
    assert "MOVIEREC_DATA_DIR" in answer.json()["error"]["message"]


def test_metrics_count_requests_and_backend_calls(gateway: Gateway) -> None:
    gateway.post("/api/v1/recommendations", json={"ratings": [], "algorithm": "both"})
    text = gateway.get("/metrics").text
    assert 'movierec_http_requests_total{method="POST",route="/api/v1/recommendations"' in text
    assert 'movierec_gateway_backend_calls_total{backend="kmeans",outcome="ok"}' in text
    assert "movierec_gateway_backend_call_duration_seconds_bucket" in text


def test_openapi_documents_every_route_with_examples(gateway: Gateway) -> None:
    spec = gateway.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/movies/onboarding",
        "/api/v1/movies/search",
        "/api/v1/movies/{movieId}",
        "/api/v1/recommendations",
        "/getrandom",
        "/getrecomcollab",
        "/getrecom",
        "/healthz",
        "/readyz",
        "/metrics",
    ):
        assert path in paths, path
    body = paths["/api/v1/recommendations"]["post"]["requestBody"]["content"]["application/json"]
    assert {"collab", "both", "model", "empty"} <= set(body["examples"])
    schemas = spec["components"]["schemas"]
    assert schemas["RecommendationRequest"]["properties"]["ratings"]["maxItems"] == 5000
    assert "examples" in schemas["RecommendationRequest"]
    docs = gateway.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


def test_cors_allows_listed_origins_with_credentials(start_gateway: StartGateway) -> None:
    gateway = start_gateway(cors_origins="http://app.example,http://localhost:5173")
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = httpx.options(
        f"{gateway.url}/api/v1/recommendations",
        headers={"Origin": "http://app.example", **preflight},
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://app.example"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    simple = gateway.get("/api/v1/movies/search?q=toy", headers={"Origin": "http://localhost:5173"})
    assert simple.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()
    assert "x-skipped-entries" in simple.headers["access-control-expose-headers"].lower()
    denied = httpx.options(
        f"{gateway.url}/api/v1/recommendations",
        headers={"Origin": "http://evil.example", **preflight},
    )
    assert "access-control-allow-origin" not in denied.headers


def test_cors_wildcard_never_allows_credentials(start_gateway: StartGateway) -> None:
    gateway = start_gateway(cors_origins="*")
    answer = gateway.get("/healthz", headers={"Origin": "http://anyone.example"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers


def test_request_ids_are_echoed_or_made(gateway: Gateway) -> None:
    given = gateway.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = gateway.get("/healthz").headers["x-request-id"]
    assert len(made) == 32
    forged = gateway.get("/healthz", headers={"X-Request-ID": "no spaces { allowed }"})
    assert len(forged.headers["x-request-id"]) == 32

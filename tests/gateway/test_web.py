"""The built web app at /, with SPA fallback that never shadows the API, docs, probes, legacy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gateway.conftest import Gateway, StartGateway

INDEX = "<!doctype html><html><body><div id=root></div>movierec app</body></html>"
SCRIPT = "console.log('movierec');"


@pytest.fixture
def web_gateway(start_gateway: StartGateway, tmp_path: Path) -> Gateway:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-3f2a9c.js").write_text(SCRIPT)
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("outside the web dir")
    return start_gateway(web_dir=dist)


def test_index_and_client_side_routes_get_the_app(web_gateway: Gateway) -> None:
    for path in ("/", "/rate", "/movies/10", "/results/both/"):
        answer = web_gateway.get(path)
        assert answer.status_code == 200, path
        assert answer.text == INDEX
        assert answer.headers["content-type"].startswith("text/html")
        assert answer.headers["cache-control"] == "no-cache"


def test_files_are_served_as_files(web_gateway: Gateway) -> None:
    script = web_gateway.get("/assets/index-3f2a9c.js")
    assert script.text == SCRIPT
    assert "javascript" in script.headers["content-type"]
    assert "immutable" in script.headers["cache-control"]
    assert web_gateway.get("/favicon.svg").text == "<svg/>"


def test_missing_files_and_escapes_are_404_not_the_app(web_gateway: Gateway) -> None:
    for path in (
        "/assets/gone.js",
        "/robots.txt",
        "/..%2fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
    ):
        answer = web_gateway.get(path)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "not_found"
        assert "outside the web dir" not in answer.text


def test_api_docs_probes_and_legacy_are_never_shadowed(web_gateway: Gateway) -> None:
    assert web_gateway.get("/api/v1/nothing").json()["error"]["code"] == "not_found"
    assert web_gateway.get("/api/v1/movies/search", params={"q": "toy"}).json()["items"]
    assert web_gateway.get("/api").status_code == 404
    assert "swagger" in web_gateway.get("/docs").text.lower()
    assert web_gateway.get("/openapi.json").json()["openapi"].startswith("3.")
    assert web_gateway.get("/healthz").json() == {"status": "ok"}
    assert web_gateway.get("/readyz").json()["status"] == "degraded"
    assert "movierec_http_requests_total" in web_gateway.get("/metrics").text
    assert list(web_gateway.get("/getrandom", params={"count": 2}).json()) == ["ids"]
    wrong_method = web_gateway.get("/getrecom")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert "/{path}" not in web_gateway.get("/openapi.json").json()["paths"]

"""The built web app at /, with SPA fallback that never shadows the API, docs, probes, legacy."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.fakes.raw_http import raw_get
from tests.gateway.conftest import Gateway, StartGateway

INDEX = "<!doctype html><html><body><div id=root></div>movierec app</body></html>"
SCRIPT = "console.log('movierec');"


@pytest.fixture
def web_gateway(start_gateway: StartGateway, tmp_path: Path) -> Gateway:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-3f2a9c.js").write_text(SCRIPT)
    (dist / "assets" / "index-3f2a9c.js.map").write_text('{"sources": ["../src/App.tsx"]}')
    (dist / "favicon.svg").write_text("<svg/>")
    (dist / ".env").write_text("SECRET=1")
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


ODD_PATHS = [
    "/index.html%00.png",
    "/%00",
    "/" + "a" * 256,
    "/assets/" + "b" * 300 + ".js",
    "/" + "e" * 5000,
    "/assets/../../secret.txt",
    "/%ff%fe",
    "/..%00/secret.txt",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/assets/index-3f2a9c.js%00",
    "/assets/%0a.js",
    "/%E2%80%AE.js",
]


@pytest.mark.parametrize("target", ODD_PATHS)
def test_odd_paths_are_4xx_never_a_server_error(
    web_gateway: Gateway, caplog: pytest.LogCaptureFixture, target: str
) -> None:
    """Paths the file system cannot name (NUL, names over 255 bytes, not UTF-8) are simply
    not files of the web app: a 404, with no traceback in the log."""
    with caplog.at_level(logging.WARNING):
        answer = raw_get(web_gateway.url, target)
    assert 400 <= answer.status < 500, (target, answer.status, answer.body[:200])
    assert b"outside the web dir" not in answer.body
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], target


def test_source_maps_and_hidden_files_are_not_served(web_gateway: Gateway) -> None:
    """A map would hand out the page's source; a dotfile is never part of a build."""
    for path in ("/assets/index-3f2a9c.js.map", "/.env"):
        answer = web_gateway.get(path)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "not_found"


def test_the_app_is_served_under_a_strict_policy(
    start_gateway: StartGateway, tmp_path: Path
) -> None:
    """Scripts and styles from the gateway only, no framing; posters from the configured
    image sources (a local fake OMDb's origin here, besides OMDb's https hosts)."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text(INDEX)
    gateway = start_gateway(web_dir=dist, image_sources="https:, http://127.0.0.1:8099")
    answer = gateway.get("/")
    assert answer.status_code == 200
    directives = answer.headers["content-security-policy"].split(";")
    policy = {name: sources for name, *sources in (d.split() for d in directives)}
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:", "https:", "http://127.0.0.1:8099"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"

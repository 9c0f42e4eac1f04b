"""Security headers on every answer, and API docs served from the service's own files."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from movierec.http.security import DOCS_CSP
from tests.commands import assert_check_passes
from tests.http.conftest import RunningService

REPO = Path(__file__).resolve().parents[2]


def _policy(header: str) -> dict[str, list[str]]:
    directives = (d.split() for d in header.split(";") if d.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/items/5", 200),
        ("GET", "/items/0", 404),
        ("GET", "/items/x", 422),
        ("GET", "/nowhere", 404),
        ("POST", "/raw", 413),
        ("GET", "/boom", 500),
        ("GET", "/healthz", 200),
        ("GET", "/metrics", 200),
    ],
)
def test_every_answer_carries_the_security_headers(
    service: RunningService, method: str, path: str, status: int
) -> None:
    body = b"x" * 2000 if method == "POST" else None  # over the test service's 1000 bytes
    answer = httpx.request(method, f"{service.url}{path}", content=body)
    assert answer.status_code == status
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["x-frame-options"] == "DENY"
    policy = _policy(answer.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:", "https:"]


def _references(html: str) -> list[str]:
    return re.findall(r'(?:src|href|spec-url|data-openapi-url)="([^"]*)"', html)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_another_host(service: RunningService, page: str) -> None:
    """The docs work offline: every script, stylesheet and icon comes from the service, and
    answers 200 with its type; the page runs under the docs policy (no inline script)."""
    answer = httpx.get(f"{service.url}{page}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-security-policy"] == DOCS_CSP
    assert "'unsafe-inline'" not in _policy(DOCS_CSP)["script-src"]
    assert "<script>" not in answer.text  # only <script src=...>: the CSP forbids inline ones
    references = _references(answer.text)
    assert len(references) >= 3, answer.text
    for reference in references:
        assert not urlsplit(reference).netloc, reference
        assert reference.startswith("/"), reference
        asset = httpx.get(f"{service.url}{reference}")
        assert asset.status_code == 200, reference
        if reference.endswith(".js"):
            assert asset.headers["content-type"].startswith("text/javascript")
        if reference.endswith(".css"):
            assert asset.headers["content-type"].startswith("text/css")
    assert "/openapi.json" in references


def test_docs_static_serves_only_its_files(service: RunningService) -> None:
    for path in (
        "/docs/static/PINNED.json",
        "/docs/static/swagger-ui-bundle.js.map",
        "/docs/static/..%2f..%2fapp.py",
        "/docs/oauth2-redirect",
    ):
        answer = httpx.get(f"{service.url}{path}")
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "not_found"


def test_the_vendored_docs_files_are_the_pinned_ones() -> None:
    """Versions and SHA-256 of the Swagger UI and ReDoc files are recorded in PINNED.json by
    scripts/docs_assets.py; a file changed by hand fails here."""
    assert_check_passes("docs_assets.py")

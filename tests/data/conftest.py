"""Fixtures of the data-layer tests: the real ml-latest-small, a file server, moto S3."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.data.servers import FileServer, MotoS3

_REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def ml_latest_small() -> Path:
    """The shared read-only copy of ml-latest-small ($MOVIEREC_DATA_DIR, else ../shared)."""
    candidates = [
        os.environ.get("MOVIEREC_DATA_DIR"),
        str(_REPO.parent / "shared" / "datasets" / "ml-latest-small"),
        "/work/shared/datasets/ml-latest-small",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "ratings.csv").is_file():
            return Path(candidate)
    raise AssertionError(f"ml-latest-small not found in any of {candidates}")


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[FileServer]:
    with FileServer(tmp_path / "www") as server:
        yield server


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoS3]:
    with MotoS3() as server:
        yield server


@pytest.fixture
def s3_env(moto_server: MotoS3, monkeypatch: pytest.MonkeyPatch) -> str:
    """Dummy credentials and the endpoint in the standard AWS variables; returns the endpoint."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.url)
    return moto_server.url

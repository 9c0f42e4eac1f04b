"""Fixtures of the data-layer tests: the real ml-latest-small, a file server, moto S3."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.data.servers import FileServer, MotoS3


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

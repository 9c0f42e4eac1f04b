"""Fixtures of the deploy checks: helm (installed like `make tools` does) and test values."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.helm import Helm, install_helm

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def helm() -> Helm:
    return Helm(install_helm())


@pytest.fixture(scope="session")
def secret_values() -> Path:
    """Values carrying sentinel secrets that must never leave a Secret."""
    return HERE / "values-secrets.yaml"

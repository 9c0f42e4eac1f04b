"""Fixtures: the shared two-group toy ratings, and ml-latest-small for the one slow test."""

from __future__ import annotations

from pathlib import Path

import pytest
import scipy.sparse as sp

from movierec.data.sources import load_dataset
from tests.toy import Toy, make_toy


@pytest.fixture(scope="module")
def toy() -> Toy:
    return make_toy()


@pytest.fixture(scope="session")
def ml_small_ratings(ml_latest_small: Path) -> sp.csr_matrix:
    """The users x movies matrix of ml-latest-small."""
    return load_dataset(ml_latest_small).ratings

"""Both model services as real processes on the toy data set, started once per session.

The toy (tests/toy.py) has two taste groups: movies 10..300 (Animation|Children) and
310..600 (Horror|Thriller); 610 has no genres and no ratings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.services.processes import ServiceProcess, start_module
from tests.toy import make_toy, write_toy_csv


@dataclass(frozen=True)
class ToyIds:
    """Movie ids of the toy's taste groups, as the services see them."""

    group_a: set[int]
    group_b: set[int]
    unrated: int


@pytest.fixture(scope="session")
def toy_ids() -> ToyIds:
    toy = make_toy()
    ids = toy.movies["movieId"].to_numpy(dtype=np.int64)
    return ToyIds(
        set(ids[toy.group_a].tolist()), set(ids[toy.group_b].tolist()), int(ids[toy.unrated])
    )


@dataclass(frozen=True)
class Backends:
    collab: ServiceProcess
    kmeans: ServiceProcess
    data_dir: Path
    model_dir: Path


@pytest.fixture(scope="session")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backends]:
    """collab and kmeans started side by side, sharing one data set and one model dir."""
    root = tmp_path_factory.mktemp("backends")
    data_dir = write_toy_csv(root / "data")
    model_dir = root / "models"
    collab = start_module("collab", data_dir, model_dir, root / "collab.log")
    kmeans = start_module("kmeans", data_dir, model_dir, root / "kmeans.log")
    try:
        # Every model loaded: tests may ask for any, and restarts must find all artifacts.
        collab.wait_ready(all_models=True)
        kmeans.wait_ready(all_models=True)
        yield Backends(collab, kmeans, data_dir, model_dir)
    finally:
        collab.stop()
        kmeans.stop()


@pytest.fixture(scope="session")
def collab(backends: Backends) -> str:
    return backends.collab.url


@pytest.fixture(scope="session")
def kmeans(backends: Backends) -> str:
    return backends.kmeans.url


@pytest.fixture(params=["collab", "kmeans"])
def service(request: pytest.FixtureRequest, backends: Backends) -> str:
    """Each model service in turn, for behaviour both share."""
    process: ServiceProcess = getattr(backends, request.param)
    return process.url

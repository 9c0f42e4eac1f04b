"""Settings of the model services, read from the environment as a deployment sets them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from movierec_collab.settings import CollabSettings
from movierec_kmeans.settings import KMeansSettings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MOVIEREC_* from the caller's shell (make exports the data and model dirs)."""
    for name in [n for n in os.environ if n.startswith("MOVIEREC_")]:
        monkeypatch.delenv(name)


def test_defaults_per_service() -> None:
    collab, kmeans = CollabSettings(), KMeansSettings()
    assert (collab.port, collab.default_model) == (8001, "ease")
    assert collab.models == ["ease", "als", "itemknn", "userpearson"]
    assert (kmeans.port, kmeans.default_model, kmeans.models) == (8002, "kmeans", ["kmeans"])
    assert collab.threads == kmeans.threads == 1
    assert collab.data_dir is None
    assert collab.model_dir == Path("artifacts")


def test_shared_dirs_and_prefixed_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOVIEREC_DATA_DIR", "s3://bucket/ml")
    monkeypatch.setenv("MOVIEREC_MODEL_DIR", "/models")
    monkeypatch.setenv("MOVIEREC_COLLAB_MODELS", "als, userpearson")
    monkeypatch.setenv("MOVIEREC_COLLAB_DEFAULT_MODEL", "als")
    monkeypatch.setenv("MOVIEREC_COLLAB_WARM_UP", "false")
    monkeypatch.setenv("MOVIEREC_KMEANS_THREADS", "4")
    monkeypatch.setenv("DATA_DIR", "/not/ours")
    collab, kmeans = CollabSettings(), KMeansSettings()
    assert collab.data_dir == kmeans.data_dir == "s3://bucket/ml"
    assert collab.model_dir == kmeans.model_dir == Path("/models")
    assert (collab.models, collab.default_model, collab.warm_up) == (
        ["als", "userpearson"], "als", False
    )  # fmt: skip
    assert (kmeans.threads, collab.threads) == (4, 1)


def test_empty_model_dir_means_train_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOVIEREC_MODEL_DIR", "")
    assert CollabSettings().model_dir is None


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"MOVIEREC_COLLAB_MODELS": "ease,svd"}, "unknown model(s) svd"),
        ({"MOVIEREC_COLLAB_DEFAULT_MODEL": "als", "MOVIEREC_COLLAB_MODELS": "ease"}, "not one of"),
        ({"MOVIEREC_COLLAB_MODELS": " , "}, "name at least one model"),
        ({"MOVIEREC_COLLAB_THREADS": "0"}, "threads"),
    ],
)
def test_bad_settings_say_what_is_wrong(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], says: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=re.escape(says)):
        CollabSettings()

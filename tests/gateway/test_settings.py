"""The gateway reads its settings in the scheme the model services use: its own prefix for its
own settings, the project-wide names for what every part shares."""

from __future__ import annotations

import os

import pytest

from movierec_collab.settings import CollabSettings
from movierec_gateway.settings import GatewaySettings
from movierec_kmeans.settings import KMeansSettings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MOVIEREC_* from the caller's shell (make exports the data and model dirs)."""
    for name in [n for n in os.environ if n.startswith("MOVIEREC_")]:
        monkeypatch.delenv(name)


def test_no_data_set_by_default_like_the_model_services() -> None:
    assert GatewaySettings().data_dir is None
    assert CollabSettings().data_dir is None
    assert KMeansSettings().data_dir is None


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_data_dir_is_unset(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    monkeypatch.setenv("MOVIEREC_DATA_DIR", blank)
    assert GatewaySettings().data_dir is None
    assert CollabSettings().data_dir is None


def test_the_shared_data_dir_names_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", "/not/ours")
    assert GatewaySettings().data_dir is None
    # The service-prefixed spelling still works on its own, for every service alike.
    monkeypatch.setenv("MOVIEREC_GATEWAY_DATA_DIR", "/gateway/own")
    monkeypatch.setenv("MOVIEREC_COLLAB_DATA_DIR", "/collab/own")
    assert (GatewaySettings().data_dir, CollabSettings().data_dir) == (
        "/gateway/own",
        "/collab/own",
    )
    # The project-wide name, which every launcher sets, wins for every service alike.
    monkeypatch.setenv("MOVIEREC_DATA_DIR", "s3://bucket/ml")
    assert GatewaySettings().data_dir == CollabSettings().data_dir == "s3://bucket/ml"


def test_own_settings_carry_the_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    environment = {
        "MOVIEREC_GATEWAY_RETRY_MAX_S": "5",
        "MOVIEREC_GATEWAY_RELOAD_INTERVAL_S": "0",
        "MOVIEREC_GATEWAY_POSTERS_CACHE_TTL_S": "60",
        "MOVIEREC_COLLAB_RETRY_MAX_S": "7",
        "MOVIEREC_GC_FREEZE": "false",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    gateway, collab = GatewaySettings(), CollabSettings()
    assert (gateway.retry_max_s, gateway.reload_interval_s) == (5.0, 0.0)
    assert gateway.posters_cache_ttl_s == 60.0
    assert (collab.retry_max_s, collab.reload_interval_s) == (7.0, 30.0)
    assert gateway.gc_freeze is collab.gc_freeze is False


def test_keyword_settings_by_field_name() -> None:
    settings = GatewaySettings(data_dir="/data", retry_max_s=2.0)
    assert (settings.data_dir, settings.retry_max_s) == ("/data", 2.0)

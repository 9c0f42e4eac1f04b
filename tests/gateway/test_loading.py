"""The gateway loads its catalogue through the parse cache, as every data consumer does."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from movierec_gateway.loading import Loaded


def test_a_restarted_gateway_reads_the_parsed_catalogue(
    toy_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("MOVIEREC_CACHE_DIR", str(tmp_path))
    caplog.set_level(logging.INFO, logger="movierec.data.parse_cache")
    first = Loaded.build(str(toy_dir), 10)
    assert [p for p in (tmp_path / "parsed").iterdir() if not p.name.startswith(".")]
    second = Loaded.build(str(toy_dir), 10)
    assert any("read from the parse cache" in r.getMessage() for r in caplog.records)
    assert list(second.catalogue.raw_titles) == list(first.catalogue.raw_titles)

"""The Scale section rendered from a small result object, and written between its markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.scale import report


def _row(users: int, skipped: bool) -> dict[str, Any]:
    quality = {
        "ease": {"recall@20": 0.41, "users": 2000, "skipped": None},
        "popularity": {"recall@20": 0.17, "users": 2000, "skipped": None},
        "original-kmeans": {
            "recall@20": 0.0,
            "users": 0,
            "skipped": "original-kmeans: training on 1 users needs about 9.0 GiB"
            if skipped
            else None,
        },
    }
    return {
        "source": "synthetic",
        "shape": {"users": users, "movies": 900, "rated_movies": 800, "ratings": 25_000_000},
        "load": {"first_s": 14.0, "first_peak_mb": 510, "second_s": 4.1, "second_peak_mb": 470},
        "train": {"ease": {"seconds": 480, "peak_mb": 5600, "artifact_mb": 1526}},
        "serving": {
            "ready_s": {"gateway": 9.1, "collab": 12.5, "kmeans": 8.0},
            "end_to_end": {"collab": {"p50_ms": 11.0, "p99_ms": 40.0}},
            "compute": {"collab": {"p50_ms": 1.1, "p99_ms": 3.0}},
            "rss_mb": {"gateway": 700, "collab": 2100, "kmeans": 600},
        },
        "quality": {"models": quality},
        "created": "2026-12-02 05:00 UTC",
    }


def test_rows_follow_the_set_order_and_skipped_models_say_why() -> None:
    text = report.render(
        {"command": "make bench-scale", "sets": {"ml-25m": _row(162_541, True),
                                                 "ml-latest-small": _row(610, False)}}
    )  # fmt: skip
    assert text.index("| ml-latest-small |") < text.index("| ml-25m |")
    assert "| ml-25m | 162,541 users, 800 rated movies (900 listed), 25.0M ratings" in text
    assert "| 14.0 / 4.1 | 510 / 470 |" in text
    assert "| ml-25m | 480 / 5,600 / 1,526 |" in text
    assert "11.0 / 40.0" in text
    assert "| 700 / 2,100 / 600 |" in text
    assert "does not fit" in text
    assert "\n- original-kmeans: training on 1 users needs about 9.0 GiB" in text
    assert text.startswith("Produced by `make bench-scale`")


def test_the_section_replaces_only_its_own_block(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nkept text\n")
    report.SECTION.write(doc, "first")
    report.SECTION.write(doc, "second")
    text = doc.read_text()
    assert "kept text" in text
    assert text.count(report.SECTION.start) == 1
    assert "second" in text
    assert "first" not in text

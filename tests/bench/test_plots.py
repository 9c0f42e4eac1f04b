"""The Serving and Scale plots, drawn from small results and read back as XML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.scale.plots import scale_plot
from bench.serving.plots import CPU_SHOWN_MS, cpu_plot, latency_plot
from movierec.plotting import HINT
from tests.bench.serving_result import serving_result
from tests.svg import Svg


def test_latency_plot_three_percentiles_per_target_and_control_size(tmp_path: Path) -> None:
    result = serving_result()
    svg = Svg.read(latency_plot(result, tmp_path / "latency.svg"))
    rows = [r["name"] for r in result["targets"] + result["control"]]
    for pct in ("p50", "p90", "p99"):
        assert svg.ids(f"bar-{pct}-") == [f"bar-{pct}-{name}" for name in rows]
    texts = set(svg.texts)
    assert {
        "gateway collab (end to end) (50 clients)", "original-style app (10 clients)",
        "control app, 8 passes (50 clients)", "p50", "p90", "p99", "669.8",
    } <= texts  # fmt: skip
    assert "Latency per target" in svg.text
    assert "(data set ml-latest-small)" in svg.text
    assert f"{result['when']} · {result['command']}" in svg.text


def test_cpu_plot_stacks_one_segment_per_process_and_cuts_the_outlier(tmp_path: Path) -> None:
    result = serving_result()
    svg = Svg.read(cpu_plot(result, tmp_path / "cpu.svg"))
    expected = [
        f"cpu-{row['name']}-{name}"
        for row in result["targets"] + result["control"]
        for name, ms in row["cpu_ms_per_request"].items()
        if ms >= CPU_SHOWN_MS
    ]
    assert sorted(svg.ids("cpu-")) == sorted(expected)
    assert "cpu-posters-redis" not in svg.ids("cpu-")  # 0.02 ms: left out, as in the table
    assert "cpu-gateway-both-kmeans" in svg.ids("cpu-")
    texts = set(svg.texts)
    assert {"gateway", "collab", "kmeans", "posters", "original-style", "control"} <= texts
    assert "77.47 ms, bar cut" in texts  # the original-style app, 15x the next bar
    assert "5.20" in texts  # gateway `both`: 2.51 + 1.30 + 1.39
    assert "CPU ms per answered request, by process (data set ml-latest-small)" in svg.text


def _scale_results() -> dict[str, Any]:
    return {
        "command": "make bench-scale BENCH_ARGS='--synth-dir /work/synth'",
        "sets": {  # not in size order: the plot orders them by ratings
            "ml-25m": _set(25_000_095, (407.2, 5199.8), (36.1, 1043.2), (11.0, 9.9),
                           "2026-12-02 04:29 UTC"),
            "ml-latest-small": _set(100_836, (5.7, 467.1), (4.2, 222.2), (16.2, 10.0),
                                    "2026-12-02 03:53 UTC"),
            "ml-1m": _set(1_000_209, (6.5, 402.8), (7.5, 235.9), (14.4, 7.6),
                          "2026-12-02 03:58 UTC"),
        },
    }  # fmt: skip


def _set(ratings: int, ease: tuple[float, float], kmeans: tuple[float, float],
         p50: tuple[float, float], created: str) -> dict[str, Any]:  # fmt: skip
    return {
        "shape": {"users": 1, "movies": 1, "rated_movies": 1, "ratings": ratings},
        "train": {
            "ease": {"seconds": ease[0], "peak_mb": ease[1], "artifact_mb": 1.0},
            "kmeans": {"seconds": kmeans[0], "peak_mb": kmeans[1], "artifact_mb": 1.0},
        },
        "serving": {"end_to_end": {"collab": {"p50_ms": p50[0], "p99_ms": 50.0},
                                   "kmeans": {"p50_ms": p50[1], "p99_ms": 40.0}}},
        "created": created,
    }  # fmt: skip


def test_scale_plot_a_point_per_data_set_on_each_line(tmp_path: Path) -> None:
    results = _scale_results()
    svg = Svg.read(scale_plot(results, tmp_path / "scale.svg"))
    lines = svg.ids("train-") + svg.ids("end_to_end-")
    assert lines == [
        "train-seconds-ease", "train-seconds-kmeans", "train-peak_mb-ease",
        "train-peak_mb-kmeans", "end_to_end-p50_ms-collab", "end_to_end-p50_ms-kmeans",
    ]  # fmt: skip
    assert all(svg.points(gid) == 3 for gid in lines)
    texts = set(svg.texts)
    assert {"100k", "1M", "10M"} <= texts  # the ratings axis
    assert {"Training time (one process per model)", "Training peak memory"} <= texts
    assert "data sets ml-latest-small (101k), ml-1m (1.0M), ml-25m (25.0M)" in svg.text
    assert "2026-12-02 03:53 UTC to 2026-12-02 04:29 UTC" in svg.text
    assert results["command"] in svg.text


REPO = Path(__file__).resolve().parents[2]


def _render(module: str, results: dict[str, Any], tmp_path: Path, *, plots: bool) -> str:
    """``python -m MODULE`` (re-render a section from saved results), with matplotlib made
    unimportable when not ``plots``, as where the extra is not installed; returns its output."""
    saved = tmp_path / "results.json"
    saved.write_text(json.dumps(results))
    block = "" if plots else "import sys; sys.modules['matplotlib'] = None; "
    code = block + f"import runpy; runpy.run_module({module!r}, run_name='__main__')"
    done = subprocess.run(
        [sys.executable, "-c", code, "--results", str(saved), "--doc", str(tmp_path / "b.md")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("module", "results", "heading", "plots"),
    [
        ("bench.scale.report", _scale_results(), "## Scale", ["scale.svg"]),
        ("bench.serving.report", serving_result(), "## Serving",
         ["serving-latency.svg", "serving-cpu.svg"]),
    ],
)  # fmt: skip
def test_sections_are_rendered_again_from_saved_results_with_or_without_matplotlib(
    module: str, results: dict[str, Any], heading: str, plots: list[str], tmp_path: Path
) -> None:
    out = _render(module, results, tmp_path, plots=False)
    text = (tmp_path / "b.md").read_text()
    assert heading in text
    assert "| ml-1m |" in text or "| gateway `collab` (end to end) | 50 |" in text
    assert "![" not in text
    assert out.splitlines() == [HINT]
    assert not (tmp_path / "plots").exists()

    out = _render(module, results, tmp_path, plots=True)
    text = (tmp_path / "b.md").read_text()
    for name in plots:
        assert (tmp_path / "plots" / name).is_file()
        assert f"(plots/{name})" in text
    assert HINT not in out

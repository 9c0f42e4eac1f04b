"""The evaluation's SVG plots, drawn from a small report and read back as XML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from movierec.evaluation.plots import write_plots
from tests.svg import Svg

COMMAND = "movierec evaluate --folds 5 --json var/evaluation.json"
KS = range(5, 51, 5)


def _model(role: str, recall: float, ndcg: float, skipped: str | None = None) -> dict[str, Any]:
    curve = {str(k): recall * (0.7 + 0.3 * k / 20) for k in KS}
    return {"role": role, "recall@20": recall, "ndcg@10": ndcg, "recall@k": curve,
            "skipped": skipped, "users": 600, "description": ""}  # fmt: skip


def _report() -> dict[str, Any]:
    return {
        "dataset": "ml-latest-small",
        "created": "2026-12-02 05:00 UTC",
        "protocol": {"folds": 5, "folds_run": 5, "recall_k": 20},
        "models": {
            "ease": _model("collab-default", 0.386, 0.360),
            "kmeans": _model("kmeans-default", 0.322, 0.291),
            "itemknn": _model("project", 0.335, 0.299),
            "ease-reference": _model("peer", 0.354, 0.324),
            "popularity": _model("peer", 0.186, 0.161),
            "huge": _model("peer", 0.0, 0.0, skipped="huge: does not fit"),
        },
    }


def test_quality_bars_two_per_evaluated_model_with_labels_and_caption(tmp_path: Path) -> None:
    (quality, alt), _ = write_plots(_report(), COMMAND, tmp_path)
    assert quality == tmp_path / "evaluate-ml-latest-small-quality.svg"
    assert "ml-latest-small" in alt
    svg = Svg.read(quality)
    evaluated = ["ease", "ease-reference", "itemknn", "kmeans", "popularity"]  # by Recall@20
    assert svg.ids("bar-recall@20-") == [f"bar-recall@20-{m}" for m in evaluated]
    assert svg.ids("bar-ndcg@10-") == [f"bar-ndcg@10-{m}" for m in evaluated]
    assert not svg.ids("bar-recall@20-huge")  # skipped: no bar
    texts = svg.texts
    assert set(evaluated) <= set(texts)  # the x tick labels
    assert {"0.386", "0.360", "Recall@20", "NDCG@10", "peer"} <= set(texts)
    assert "data set ml-latest-small, 5 of 5 folds" in svg.text
    assert f"2026-12-02 05:00 UTC · {COMMAND}" in svg.text


def test_recall_curve_of_the_defaults_and_the_best_peer(tmp_path: Path) -> None:
    # As read back from var/evaluation.json, whose keys are sorted: "45" < "5" < "50".
    report = json.loads(json.dumps(_report(), sort_keys=True))
    _, (curve, _) = write_plots(report, COMMAND, tmp_path)
    assert curve.name == "evaluate-ml-latest-small-recall-at-k.svg"
    svg = Svg.read(curve)
    assert svg.ids("curve-") == ["curve-ease", "curve-kmeans", "curve-ease-reference"]
    for gid in svg.ids("curve-"):
        xs = svg.xs(gid)
        assert len(xs) == len(KS)
        assert xs == sorted(xs)  # drawn from k = 5 to 50
    assert {
        "ease (collab default)",
        "kmeans (kmeans default)",
        "ease-reference (best peer)",
    } <= set(svg.texts)
    assert "Recall@k of the defaults and the best peer" in svg.text
    assert COMMAND in svg.text


def test_a_report_without_recall_at_k_gets_only_the_bars(tmp_path: Path) -> None:
    report = _report()
    for m in report["models"].values():
        del m["recall@k"]
    assert [p.name for p, _ in write_plots(report, COMMAND, tmp_path)] == [
        "evaluate-ml-latest-small-quality.svg"
    ]


def test_the_same_numbers_give_the_same_bytes(tmp_path: Path) -> None:
    """Stable ids and no date in the metadata: re-running on the same results is no diff."""
    first = [p.read_bytes() for p, _ in write_plots(_report(), COMMAND, tmp_path / "a")]
    second = [p.read_bytes() for p, _ in write_plots(_report(), COMMAND, tmp_path / "b")]
    assert first == second

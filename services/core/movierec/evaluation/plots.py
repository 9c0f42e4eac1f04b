"""The evaluation's plots: Recall@20 and NDCG@10 per model beside the peers, and Recall@k of
the default models against the best peer. Needs the ``plots`` extra (see movierec.plotting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.patches import Patch

from movierec.plotting import COLOURS, GREY, caption, svg_figure

DEFAULT_ROLES = ("collab-default", "kmeans-default")
#: The table's two metrics and where each model's bar of it stands.
METRICS = (("recall@20", -0.2), ("ndcg@10", 0.2))


def _evaluated(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Models that ran, best Recall@20 first (the table's order)."""
    rows = [(n, m) for n, m in report["models"].items() if not m.get("skipped")]
    return sorted(rows, key=lambda kv: -kv[1]["recall@20"])


def _subject(report: dict[str, Any]) -> str:
    protocol = report["protocol"]
    folds = f"{protocol.get('folds_run', protocol['folds'])} of {protocol['folds']} folds"
    return f"data set {report['dataset']}, {folds}"


def quality_bars(report: dict[str, Any], command: str, path: Path) -> Path:
    """Grouped bars: Recall@20 and NDCG@10 per model; peers hatched, defaults in bold."""
    rows = _evaluated(report)
    x = np.arange(len(rows))
    title = f"Recall@20 and NDCG@10 per model, peers hatched ({_subject(report)})"
    with svg_figure(path, title, caption(report.get("created", ""), command)) as fig:
        ax = fig.subplots()
        for (metric, offset), colour in zip(METRICS, COLOURS, strict=False):
            for i, (name, m) in enumerate(rows):
                peer = m["role"] == "peer"
                (bar,) = ax.bar(
                    x[i] + offset, m[metric], 0.4, color=colour, alpha=0.55 if peer else 1.0,
                    hatch="//" if peer else None, edgecolor="white", linewidth=0.5,
                )  # fmt: skip
                bar.set_gid(f"bar-{metric}-{name}")
                ax.annotate(
                    f"{m[metric]:.3f}", (bar.get_x() + bar.get_width() / 2, m[metric]),
                    xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                    fontsize=6, rotation=90,
                )  # fmt: skip
        ax.set_xticks(x, [name for name, _ in rows], rotation=30, ha="right")
        for label, (_, m) in zip(ax.get_xticklabels(), rows, strict=True):
            if m["role"] in DEFAULT_ROLES:
                label.set_fontweight("bold")
            elif m["role"] == "peer":
                label.set_color("#555")
        ax.set_ylabel("mean over test users")
        ax.set_ylim(0, max((m["recall@20"] for _, m in rows), default=1.0) * 1.2)
        ax.grid(axis="x", visible=False)
        ax.legend(
            handles=[Patch(color=COLOURS[0], label="Recall@20"),
                     Patch(color=COLOURS[1], label="NDCG@10"),
                     Patch(facecolor="white", edgecolor=GREY, hatch="//", label="peer")],
            loc="upper right", ncols=3,
        )  # fmt: skip
    return path


def recall_curve(report: dict[str, Any], command: str, path: Path) -> Path | None:
    """Recall@k against k for the default models and the best peer (None: no curve recorded)."""
    rows = [(n, m) for n, m in _evaluated(report) if m.get("recall@k")]
    defaults = [(n, m) for n, m in rows if m["role"] in DEFAULT_ROLES]
    peers = [(n, m) for n, m in rows if m["role"] == "peer"]
    if not defaults:
        return None
    shown = defaults + peers[:1]  # rows are best first: the first peer is the best one
    title = f"Recall@k of the defaults and the best peer ({_subject(report)})"
    with svg_figure(path, title, caption(report.get("created", ""), command)) as fig:
        ax = fig.subplots()
        for i, (name, m) in enumerate(shown):
            # By k as a number: JSON written with sorted keys has "45" < "5" < "50".
            ks, recall = zip(*sorted((int(k), v) for k, v in m["recall@k"].items()), strict=True)
            peer = m["role"] == "peer"
            (line,) = ax.plot(
                ks, recall, marker="o", markersize=4,
                color=GREY if peer else COLOURS[i], linestyle="--" if peer else "-",
                label=f"{name} ({'best peer' if peer else m['role'].replace('-', ' ')})",
            )  # fmt: skip
            line.set_gid(f"curve-{name}")
        k = report["protocol"].get("recall_k", 20)
        ax.axvline(k, color=GREY, linewidth=0.8, linestyle=":")
        ax.annotate(f" the table's Recall@{k}", (k, 0.02), xycoords=("data", "axes fraction"),
                    fontsize=7, color="#555")  # fmt: skip
        ax.set_xlabel("k (recommendations shown)")
        ax.set_ylabel("Recall@k, mean over test users")
        ax.set_ylim(bottom=0)
        ax.legend(loc="lower right")
    return path


def write_plots(report: dict[str, Any], command: str, directory: Path) -> list[tuple[Path, str]]:
    """Both plots of one run into ``directory``, named by data set; (path, alt text) each."""
    stem = directory / f"evaluate-{report['dataset']}"
    written = [
        (quality_bars(report, command, stem.with_name(f"{stem.name}-quality.svg")),
         f"Recall@20 and NDCG@10 per model on {report['dataset']}"),
    ]  # fmt: skip
    curve = recall_curve(report, command, stem.with_name(f"{stem.name}-recall-at-k.svg"))
    if curve is not None:
        alt = f"Recall@k of the defaults and the best peer on {report['dataset']}"
        written.append((curve, alt))
    return written

"""The Scale section's plot: training time, training peak memory and end-to-end p50 against
the number of ratings, log axes. Needs the ``plots`` extra (see movierec.plotting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from matplotlib.ticker import FuncFormatter, LogFormatter, LogLocator, NullLocator

from bench.scale.report import millions, ordered_sets
from movierec.plotting import COLOURS, GREY, caption, svg_figure


class Panel(NamedTuple):
    title: str
    unit: str
    #: Which results: per model from ``train``, per family from ``serving.end_to_end``.
    part: str
    field: str


PANELS = [
    Panel("Training time (one process per model)", "seconds", "train", "seconds"),
    Panel("Training peak memory", "peak RSS, MB", "train", "peak_mb"),
    Panel("End-to-end p50 through the gateway", "ms, sequential requests", "end_to_end", "p50_ms"),
]


def _count(value: float, _: object = None) -> str:
    """A tick of the ratings axis: 100k, 1M, 10M."""
    return f"{value / 1e6:g}M" if value >= 1e6 else f"{value / 1e3:g}k"


def _part(row: dict[str, Any], part: str) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = (
        row.get("train", {}) if part == "train" else row.get("serving", {}).get(part, {})
    )
    return found


def scale_plot(results: dict[str, Any], path: Path) -> Path:
    """A panel per measure, a line per model or family over the data sets, smallest first."""
    rows = sorted(ordered_sets(results), key=lambda nr: nr[1].get("shape", {}).get("ratings", 0))
    sizes = [r.get("shape", {}).get("ratings", 0) for _, r in rows]
    runs = sorted(r["created"] for _, r in rows if r.get("created"))
    when = f"{runs[0]} to {runs[-1]}" if len(set(runs)) > 1 else "".join(runs[:1])
    sets = ", ".join(f"{n} ({millions(s)})" for (n, _), s in zip(rows, sizes, strict=True))
    title = f"Scale against the number of ratings (data sets {sets})"
    footnote = caption(when, results.get("command", "make bench-scale"), width=160)
    with svg_figure(path, title, footnote, size=(12.0, 4.2)) as fig:
        for ax, panel in zip(fig.subplots(1, 3), PANELS, strict=True):
            series = sorted({name for _, r in rows for name in _part(r, panel.part)})
            ys: list[float] = []
            for colour, name in zip(COLOURS, series, strict=False):
                points = [
                    (x, _part(r, panel.part)[name][panel.field])
                    for x, (_, r) in zip(sizes, rows, strict=True)
                    if name in _part(r, panel.part)
                ]
                xs, values = zip(*points, strict=True)
                ys += values
                (line,) = ax.plot(xs, values, marker="o", markersize=4, color=colour, label=name)
                line.set_gid(f"{panel.part}-{panel.field}-{name}")
            for size in sizes:  # where the data sets are (the title names them)
                ax.axvline(size, color=GREY, linewidth=0.5, linestyle=":")
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.xaxis.set_major_formatter(FuncFormatter(_count))
            ax.xaxis.set_minor_locator(NullLocator())
            ax.yaxis.set_major_formatter(LogFormatter())
            if max(ys) < 10 * min(ys):  # under a decade: ticks between the powers of ten too
                ax.yaxis.set_minor_locator(LogLocator(subs=(1.25, 1.5, 2, 3, 4, 5, 6, 7, 8, 9)))
            # Minor ticks labelled (plain numbers) only on an axis spanning under a decade;
            # a formatter belongs to one axis, so each gets its own.
            ax.yaxis.set_minor_formatter(
                LogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.5))
            )
            ax.set_title(panel.title, fontsize=9)
            ax.set_xlabel("ratings (log)")
            ax.set_ylabel(f"{panel.unit} (log)")
            ax.legend(loc="best")
    return path

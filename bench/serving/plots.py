"""The Serving section's plots: latency percentiles per target beside the control app, and CPU
time per request per process. Needs the ``plots`` extra (see movierec.plotting)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.patches import Patch

from bench.serving.report import CPU_ORDER, cpu_total
from movierec.plotting import COLOURS, GREY, caption, svg_figure

PERCENTILES = ("p50", "p90", "p99")
#: CPU per request below this is left out, as in the table.
CPU_SHOWN_MS = 0.05


def _rows(result: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
    """Every target in run order, then the control app's work sizes; (row, is control)."""
    return [(t, False) for t in result["targets"]] + [(c, True) for c in result.get("control", [])]


def _label(row: dict[str, Any]) -> str:
    """The table's label without its Markdown."""
    return str(row["label"]).replace("`", "")


@contextmanager
def _bars(
    path: Path, what: str, result: dict[str, Any], rows: int, row_height: float
) -> Iterator[tuple[Any, np.ndarray]]:
    """An axis for ``rows`` horizontal bar rows (top row first: the y positions), saved to
    ``path`` with the run's data set in the title and its command in the footnote."""
    footnote = caption(result["when"], result["command"], width=130)
    title = f"{what} (data set {result['dataset']})"
    with svg_figure(path, title, footnote, size=(8.0, 1.2 + row_height * rows)) as fig:
        yield fig.subplots(), np.arange(rows)[::-1]


def latency_plot(result: dict[str, Any], path: Path) -> Path:
    """Horizontal bars of p50, p90 and p99 per target, the control app's rows hatched below."""
    rows = _rows(result)
    what = "Latency per target: p50, p90, p99; control app hatched"
    with _bars(path, what, result, len(rows), 0.42) as (ax, y):
        for i, (row, control) in enumerate(rows):
            for j, (pct, colour) in enumerate(zip(PERCENTILES, COLOURS, strict=False)):
                value = row["wrk"][f"{pct}_ms"]
                (bar,) = ax.barh(
                    y[i] + (1 - j) * 0.27, value, 0.27, color=colour,
                    alpha=0.55 if control else 1.0, hatch="//" if control else None,
                    edgecolor="white", linewidth=0.5,
                )  # fmt: skip
                bar.set_gid(f"bar-{pct}-{row['name']}")
                ax.annotate(f"{value:g}", (value, bar.get_y() + bar.get_height() / 2),
                            xytext=(2, 0), textcoords="offset points", va="center",
                            fontsize=6)  # fmt: skip
        ax.set_yticks(y, [f"{_label(row)} ({row['connections']} clients)" for row, _ in rows])
        for label, (_, control) in zip(ax.get_yticklabels(), rows, strict=True):
            label.set_color("#555" if control else "black")
        ax.set_xscale("log")
        ax.set_xlabel("latency, ms (log)")
        ax.grid(axis="y", visible=False)
        handles = [Patch(color=c, label=p) for p, c in zip(PERCENTILES, COLOURS, strict=False)]
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="//", label="control"))
        ax.legend(handles=handles, loc="lower right", ncols=4)
    return path


def cpu_plot(result: dict[str, Any], path: Path) -> Path:
    """Stacked horizontal bars: CPU ms per answered request of each process, per target.

    A bar far longer than the others (the original-style app) is cut at the axis and its
    total written at the cut, so the services' bars stay readable."""
    rows = [(r, c) for r, c in _rows(result) if r.get("cpu_ms_per_request")]
    seen = {n for r, _ in rows for n, v in r["cpu_ms_per_request"].items() if v >= CPU_SHOWN_MS}
    names = [n for n in CPU_ORDER if n in seen] + sorted(seen - set(CPU_ORDER))
    colours = dict(zip(names, COLOURS + COLOURS, strict=False))
    totals = [cpu_total(r) for r, _ in rows]
    ordered = sorted(totals)
    limit = ordered[-1] * 1.15
    if len(ordered) > 1 and ordered[-1] > 4 * ordered[-2]:
        limit = ordered[-2] * 1.6
    with _bars(path, "CPU ms per answered request, by process", result, len(rows), 0.32) as (ax, y):
        for i, (row, _) in enumerate(rows):
            left = 0.0
            for name in names:
                value = row["cpu_ms_per_request"].get(name, 0.0)
                if value < CPU_SHOWN_MS:
                    continue
                (bar,) = ax.barh(y[i], value, 0.6, left=left, color=colours[name],
                                 edgecolor="white", linewidth=0.5)  # fmt: skip
                bar.set_gid(f"cpu-{row['name']}-{name}")
                left += value
            cut = left > limit
            ax.annotate(f"{left:.2f}" + (" ms, bar cut" if cut else ""), (min(left, limit), y[i]),
                        xytext=(-2 if cut else 2, 0), textcoords="offset points",
                        ha="right" if cut else "left", va="center", fontsize=6,
                        color="white" if cut else "black")  # fmt: skip
        ax.set_xlim(0, limit)
        ax.set_yticks(y, [_label(row) for row, _ in rows])
        ax.set_xlabel("CPU ms per request (utime + stime / requests answered)")
        ax.grid(axis="y", visible=False)
        ax.legend(handles=[Patch(color=colours[n], label=n) for n in names], loc="lower right")
    return path


def write_plots(result: dict[str, Any], directory: Path) -> list[tuple[Path, str]]:
    """Both plots of one run into ``directory``; (path, alt text) each."""
    return [
        (latency_plot(result, directory / "serving-latency.svg"),
         "Latency percentiles per target beside the control app"),
        (cpu_plot(result, directory / "serving-cpu.svg"),
         "CPU ms per request per process, per target"),
    ]  # fmt: skip

"""The Scale section of docs/benchmarks.md, rendered from ``var/bench/scale.json``.

``python -m bench.scale.report`` renders it and its plot again from saved results.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from movierec.docsections import Section
from movierec.plotting import draw

#: The Scale section of docs/benchmarks.md.
SECTION = Section("scale", "Scale")
#: Rows in this order, whatever order the sets were run in.
ORDER = ["ml-latest-small", "ml-1m", "ml-25m", "ml-32m"]


def ordered_sets(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The data sets run, smallest known first, then any others by name."""
    sets = results.get("sets", {})
    known = [n for n in ORDER if n in sets]
    return [(n, sets[n]) for n in known + sorted(set(sets) - set(known))]


def millions(n: int) -> str:
    """A rating count as 1.0M or 101k."""
    return f"{n / 1e6:.1f}M" if n >= 1_000_000 else f"{n / 1e3:.0f}k"


def _shape(row: dict[str, Any]) -> str:
    s = row.get("shape", {})
    return (
        f"{s.get('users', 0):,} users, {s.get('rated_movies', 0):,} rated movies "
        f"({s.get('movies', 0):,} listed), {millions(s.get('ratings', 0))} ratings"
    )


def _ms(value: dict[str, float] | None) -> str:
    return f"{value['p50_ms']:.1f} / {value['p99_ms']:.1f}" if value else "–"


def render(results: dict[str, Any], plots: Sequence[str] = ()) -> str:
    """Tables of the data sets run: data and load, training, serving, quality; ``plots``
    (Markdown images) after the serving table."""
    rows = ordered_sets(results)
    models = sorted({m for _, r in rows for m in r.get("train", {})})
    lines = [
        f"Produced by `{results.get('command', 'make bench-scale')}` on one 2-core, 24 GB "
        "machine; each step is a process of its own (wall time and its peak RSS). "
        "Synthetic sets come from `movierec data synth --like NAME` (seed 0) "
        "([what they imitate](synthetic-data.md)).",
    ]
    if results.get("note"):
        lines += ["", results["note"]]
    lines += [
        "",
        "| data set | shape | source | load s (first / cached) | load peak MB (first / cached) |",
        "|---|---|---|---:|---:|",
    ]
    for name, r in rows:
        load = r.get("load", {})
        lines.append(
            f"| {name} | {_shape(r)} | {r.get('source', '')} "
            f"| {load.get('first_s', 0):.1f} / {load.get('second_s', 0):.1f} "
            f"| {load.get('first_peak_mb', 0):,.0f} / {load.get('second_peak_mb', 0):,.0f} |"
        )
    lines += [
        "",
        "Training (`movierec train -a MODEL --no-metrics`, one process per model):",
        "",
        "| data set | " + " | ".join(f"{m}: s / peak MB / artifact MB" for m in models) + " |",
        "|---|" + "---:|" * len(models),
    ]
    for name, r in rows:
        cells = []
        for m in models:
            t = r.get("train", {}).get(m)
            cells.append(
                f"{t['seconds']:.0f} / {t['peak_mb']:,.0f} / {t['artifact_mb']:,.0f}" if t else "–"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Serving from those artifacts through `movierec up` (20 real ratings in, 20 "
        "recommendations out, sequential requests; compute from the services' histograms):",
        "",
        "| data set | ready s (gateway / collab / kmeans) | end-to-end p50 / p99 ms "
        "(collab · kmeans) | compute p50 / p99 ms (collab · kmeans) | RSS MB after the "
        "requests (gateway / collab / kmeans) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        s = r.get("serving", {})
        ready = s.get("ready_s", {})
        e2e, compute, rss = s.get("end_to_end", {}), s.get("compute", {}), s.get("rss_mb", {})
        lines.append(
            f"| {name} | {ready.get('gateway', 0):.1f} / {ready.get('collab', 0):.1f} / "
            f"{ready.get('kmeans', 0):.1f} | {_ms(e2e.get('collab'))} · "
            f"{_ms(e2e.get('kmeans'))} | {_ms(compute.get('collab'))} · "
            f"{_ms(compute.get('kmeans'))} | {rss.get('gateway', 0):,.0f} / "
            f"{rss.get('collab', 0):,.0f} / {rss.get('kmeans', 0):,.0f} |"
        )
    lines += [line for plot in plots for line in ("", plot)]
    quality = [(n, r["quality"]) for n, r in rows if r.get("quality")]
    if quality:
        names = sorted(
            {m for _, q in quality for m in q["models"]},
            key=lambda m: -max(q["models"].get(m, {}).get("recall@20", 0) for _, q in quality),
        )
        lines += [
            "",
            "Recall@20 on sampled test users (fold 1 of 5, `movierec evaluate --max-folds 1 "
            "--sample-users N`; original-style peers on 40 users):",
            "",
            "| data set | users | " + " | ".join(names) + " |",
            "|---|---:|" + "---:|" * len(names),
        ]
        for name, q in quality:
            cells = []
            for m in names:
                res = q["models"].get(m)
                if res is None:
                    cells.append("–")
                elif res.get("skipped"):
                    cells.append("does not fit")
                else:
                    cells.append(f"{res['recall@20']:.3f}")
            users = max((res.get("users", 0) for res in q["models"].values()), default=0)
            lines.append(f"| {name} | {users:,} | " + " | ".join(cells) + " |")
        skipped = {
            m: res["skipped"] for _, q in quality for m, res in q["models"].items()
            if res.get("skipped")
        }  # fmt: skip
        # Each reason starts with the model's name.
        lines += [""] + [f"- {why}" for _, why in sorted(skipped.items())]
    created = sorted({r.get("created", "") for _, r in rows})
    lines += ["", f"Runs: {', '.join(c for c in created if c)}."]
    return "\n".join(lines)


def write(results: dict[str, Any], doc: Path, say: Callable[[str], None]) -> None:
    """The Scale section of ``doc``, with its plot drawn into ``plots/`` beside it."""

    def plots() -> list[tuple[Path, str]]:
        from bench.scale.plots import scale_plot  # matplotlib: only when plotting

        path = scale_plot(results, doc.parent / "plots" / "scale.svg")
        return [(path, "Training time, training peak memory and end-to-end p50 against ratings")]

    SECTION.write(doc, render(results, draw(doc, plots, say)))


def main(
    results: Annotated[Path, typer.Option(help="Saved results.")] = Path("var/bench/scale.json"),
    doc: Annotated[Path, typer.Option(help="Markdown file with the Scale section.")] = Path(
        "docs/benchmarks.md"
    ),
    note: Annotated[str, typer.Option(help="A line about the run for the docs.")] = "",
) -> None:
    """Render the Scale section and its plot again from saved results; nothing is measured."""
    saved = json.loads(results.read_text())
    write({**saved, "note": note} if note else saved, doc, print)


if __name__ == "__main__":
    typer.run(main)

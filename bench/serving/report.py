"""The Serving section of docs/benchmarks.md, rewritten between its markers on every run.

``python -m bench.serving.report`` renders it and its plots again from saved results.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any

import typer

from bench.serving.steadiness import STALL_FACTOR
from movierec.docsections import Section
from movierec.plotting import draw

#: The Serving section of docs/benchmarks.md.
SECTION = Section("serving", "Serving")

#: The serving targets (docs/architecture.md, "Targets").
TARGET_P50_MS = 10.0
TARGET_P99_MS = 50.0
TARGET_RPS = 300.0
TARGET_RATIO = 50.0
TARGET_COMPUTE_P50_MS = 1.0
TARGET_READY_ARTIFACT_S = 3.0
TARGET_READY_TRAINING_S = 60.0


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


#: Columns of the CPU table, in the order a request flows; others follow by name.
CPU_ORDER = ("gateway", "collab", "kmeans", "posters", "redis", "original-style")


def _cpu_table(targets: list[dict[str, Any]]) -> list[str]:
    """CPU ms per request of each process, per target: where the cores went."""
    seen = {name for t in targets for name in t.get("cpu_ms_per_request", {})}
    if not seen:
        return []
    names = [n for n in CPU_ORDER if n in seen] + sorted(seen - set(CPU_ORDER))
    lines = [
        "",
        "CPU time per answered request of the processes serving each target (ms; utime + "
        "stime from /proc over the measured run, divided by the requests answered; wrk's own "
        "share is not listed; blank: not involved, or under 0.05 ms):",
        "",
        "| target | " + " | ".join(names) + " | total |",
        "|---|" + "---:|" * (len(names) + 1),
    ]
    for target in targets:
        cpu = target.get("cpu_ms_per_request", {})
        cells = [f"{cpu[n]:.2f}" if cpu.get(n, 0.0) >= 0.05 else "" for n in names]
        total = sum(v for v in cpu.values() if v >= 0.05)
        lines.append(f"| {target['label']} | " + " | ".join(cells) + f" | {total:.2f} |")
    return lines


def _steadiness(probe: dict[str, Any] | None) -> list[str]:
    """The machine's own tail: a fixed unit of Python work timed on every core, before the
    services start (bench/serving/steadiness.py)."""
    if not probe:
        return []
    return [
        "",
        f"Machine steadiness, before the services start: a fixed unit of pure-Python work, "
        f"timed {probe['units']} times on {probe['workers']} cores at once (each about a third "
        f"busy): p50 {probe['p50_ms']:.2f} ms, p99 {probe['p99_ms']:.2f} ms, max "
        f"{probe['max_ms']:.1f} ms. {probe['stalled_share'] * 100:.1f}% of the units took over "
        f"{STALL_FACTOR:g}x the median, in {probe['episodes_per_min']:g} stall episodes a "
        f"minute, each seen on {probe['cores_per_episode']:g} cores on average. Stalls that "
        "hit every core at once come from the host, not from a process here; a request "
        "caught in one waits for them, whatever serves it.",
    ]


def cpu_total(target: dict[str, Any]) -> float:
    """CPU ms per request summed over the target's processes."""
    return float(sum(target.get("cpu_ms_per_request", {}).values()))


def control_p99_at(control: list[dict[str, Any]], cpu_ms: float) -> float | None:
    """The control app's p99 at ``cpu_ms`` per request, linear between its two nearest work
    sizes (None outside the measured range: no extrapolating)."""
    points = sorted((cpu_total(c), float(c["wrk"]["p99_ms"])) for c in control)
    for (x0, y0), (x1, y1) in pairwise(points):
        if x0 <= cpu_ms <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (cpu_ms - x0) / (x1 - x0)
    return None


def _control(result: dict[str, Any]) -> list[str]:
    """The control app's tail at each CPU cost, beside the paced services'."""
    control = result.get("control") or []
    if not control:
        return []
    paced = [t for t in result["targets"] if t["name"].endswith("-paced")]
    rows = sorted(
        [(cpu_total(t), t["label"] + " (ours)", t["wrk"]) for t in paced]
        + [(cpu_total(c), c["label"], c["wrk"]) for c in control],
        key=lambda row: row[0],
    )
    lines = [
        "",
        "### What this machine allows",
        "",
        "The control (`bench/serving/control_app.py`) is a bare FastAPI app: no middleware, "
        "logs or metrics, one process, answering collab's request body with a set number of "
        "EASE-shaped scoring passes. It runs with the same clients and pauses as the paced rows "
        "above, at a few work sizes, so each service's tail can be read against what this "
        "machine gives any Python service needing that much CPU per request:",
        "",
        "| served by | CPU ms per request | req/s | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for cpu, label, w in rows:
        lines.append(
            f"| {label} | {cpu:.2f} | {w['rps']:.0f} | {w['p50_ms']:.1f} | {w['p99_ms']:.1f} |"
        )
    notes = []
    for target in paced:
        expected = control_p99_at(control, cpu_total(target))
        if expected is not None:
            notes.append(
                f"{target['label']}: p99 {target['wrk']['p99_ms']:.1f} ms at "
                f"{cpu_total(target):.2f} ms of CPU per request; the control at that CPU: "
                f"{expected:.1f} ms."
            )
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    lines += [
        "",
        "The gateway row's CPU is two processes in series (gateway, then collab, each waiting "
        "on the other), so its tail compounds both; the control is one.",
    ]
    return lines


def render(result: dict[str, Any], plots: Sequence[str] = ()) -> str:
    """Markdown of one run: command, machine, wrk table, ratio, compute and ready times;
    ``plots`` (Markdown images) after the CPU table."""
    machine = result["machine"]
    load = ", ".join(f"{x:.2f}" for x in machine["load_average"])
    load_after = ", ".join(f"{x:.2f}" for x in result.get("load_after", []))
    lines = [
        f"Data set `{result['dataset']}`, {result['when']}. Produced by:",
        "",
        "```",
        result["command"],
        "```",
        "",
        f"Machine: {machine['nproc']} cores, {machine['cpu_model']}; load average "
        f"(1/5/15 min) before the run {load}, after it {load_after}. Load generator: wrk "
        f"({result['settings']['threads']} threads) on the same machine, "
        f"{result['settings']['warmup_s']:g} s warm-up then "
        f"{result['settings']['seconds']:g} s per target; {result['settings']['bodies']} "
        "rotating bodies of 20 ratings from real users, limit 20, posters cached.",
    ]
    busy = machine["load_average"][0]
    if busy >= 0.5:
        lines += [
            "",
            f"> The machine was not idle: load average {busy:.2f} on {machine['nproc']} cores "
            "before the run (other work shared the cores), so these numbers are pessimistic.",
        ]
    lines += _steadiness(result.get("steadiness"))
    if result.get("note"):
        lines += ["", f"> {result['note']}"]
    lines += [
        "",
        "| target | connections | p50 ms | p90 ms | p99 ms | req/s | non-2xx | socket errors "
        "| timeouts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for target in result["targets"]:
        w = target["wrk"]
        lines.append(
            f"| {target['label']} | {target['connections']} | {w['p50_ms']:.1f} "
            f"| {w['p90_ms']:.1f} | {w['p99_ms']:.1f} | {w['rps']:.1f} | {w['non_2xx']} "
            f"| {w['socket_errors']} | {w['timeouts']} |"
        )
    lines += _cpu_table(result["targets"])
    lines += [line for plot in plots for line in ("", plot)]
    gateway = next(t["wrk"] for t in result["targets"] if t["name"] == "gateway-collab")
    ratio = result.get("ratio")
    clients = result["settings"]["connections"]
    lines += [
        "",
        "wrk's clients are closed-loop: each sends its next request as soon as the last one is "
        f"answered, so under saturation mean latency = clients / throughput (Little's law); "
        f"p50 <= {TARGET_P50_MS:g} ms with {clients} saturating clients would take about "
        f"{clients * 1000 / TARGET_P50_MS:.0f} req/s. The paced row offers at most the "
        "throughput target with the same clients pausing between requests: the latency a user "
        "sees at that load.",
        "",
        f"Throughput gateway `collab` / original-style: **{_fmt(ratio)}x**.",
        "",
        "| target (gateway `collab`, 50 clients) | measured | |",
        "|---|---:|---|",
        f"| p50 <= {TARGET_P50_MS:g} ms | {gateway['p50_ms']:.1f} ms "
        f"| {_verdict(gateway['p50_ms'] <= TARGET_P50_MS)} |",
        f"| p99 <= {TARGET_P99_MS:g} ms | {gateway['p99_ms']:.1f} ms "
        f"| {_verdict(gateway['p99_ms'] <= TARGET_P99_MS)} |",
        f"| >= {TARGET_RPS:g} req/s | {gateway['rps']:.0f} "
        f"| {_verdict(gateway['rps'] >= TARGET_RPS)} |",
        f"| >= {TARGET_RATIO:g}x original-style | {_fmt(ratio)}x "
        f"| {_verdict(ratio is not None and ratio >= TARGET_RATIO)} |",
    ]
    paced = next((t for t in result["targets"] if t["name"] == "gateway-collab-paced"), None)
    if paced is not None:
        w = paced["wrk"]
        lines += [
            f"| p50 <= {TARGET_P50_MS:g} ms, same clients paced ({w['rps']:.0f} req/s) "
            f"| {w['p50_ms']:.1f} ms | {_verdict(w['p50_ms'] <= TARGET_P50_MS)} |",
            f"| p99 <= {TARGET_P99_MS:g} ms, same clients paced ({w['rps']:.0f} req/s) "
            f"| {w['p99_ms']:.1f} ms | {_verdict(w['p99_ms'] <= TARGET_P99_MS)} |",
        ]
    movie = next((t for t in result["targets"] if t["name"] == "gateway-movie-paced"), None)
    if movie is not None:  # the movie page: similar movies and their posters in one answer
        w = movie["wrk"]
        lines.append(
            f"| movie page p50 <= {TARGET_P50_MS:g} ms, paced ({w['rps']:.0f} req/s) "
            f"| {w['p50_ms']:.1f} ms | {_verdict(w['p50_ms'] <= TARGET_P50_MS)} |"
        )
    lines += _control(result)
    compute = result.get("compute", {})
    if compute:
        lines += [
            "",
            "Model compute per request (fold-in, scoring, ranking), from the services' "
            "`movierec_model_compute_seconds` histograms over the whole run (bucket-interpolated):",
            "",
            "| model | requests | p50 ms | p99 ms | mean ms | p50 < 1 ms |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for name, c in compute.items():
            p50 = c["p50_ms"]
            lines.append(
                f"| {name} | {c['count']} | {_fmt(p50, 3)} | {_fmt(c['p99_ms'], 3)} "
                f"| {_fmt(c['mean_ms'], 3)} "
                f"| {_verdict(p50 is not None and p50 < TARGET_COMPUTE_P50_MS)} |"
            )
    ready = result.get("ready", {})
    if ready:
        names = [
            n for n in ("posters", "collab", "kmeans", "gateway") if n in ready.get("artifact", {})
        ]
        lines += [
            "",
            "Ready time: seconds from starting the processes to each `/readyz` answering 200 "
            f"(polled every 0.05 s; targets {TARGET_READY_ARTIFACT_S:g} s from an artifact, "
            f"{TARGET_READY_TRAINING_S:g} s training ml-latest-small on start). *Whole stack*: "
            "all parts started at once (plus Redis and the fake OMDb), five Python processes "
            "sharing the two cores; *alone*: each service started by itself (posters with "
            "Redis), as one pod of a deployment starts; *`movierec up`*: the command a user "
            "types, timed from its start, so its own start-up (the CLI, before any service "
            "starts) is included:",
            "",
            "| start | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for kind, label in (
            ("artifact", "whole stack, from artifacts"),
            ("command", "`movierec up`, from artifacts"),
            ("alone", "each alone, from artifacts"),
            ("training", "whole stack, training on start"),
        ):
            if kind in ready:
                cells = " | ".join(_fmt(ready[kind].get(n), 2) for n in names)
                lines.append(f"| {label} | {cells} |")
        lines += ["", "| start target | slowest part | |", "|---|---:|---|"]
        for kind, label, target in (
            ("artifact", "whole stack from artifacts", TARGET_READY_ARTIFACT_S),
            ("command", "`movierec up` from artifacts", TARGET_READY_ARTIFACT_S),
            ("alone", "each service alone from artifacts", TARGET_READY_ARTIFACT_S),
            ("training", "whole stack training on start", TARGET_READY_TRAINING_S),
        ):
            if ready.get(kind):
                slowest = max(ready[kind].get(n, 0.0) for n in names)
                lines.append(
                    f"| {label} <= {target:g} s | {slowest:.2f} s | {_verdict(slowest <= target)} |"
                )
    if result.get("findings"):
        lines += ["", "Where the gateway's time goes (py-spy):", ""]
        lines += [f"- {f}" for f in result["findings"]]
    lines += ["", "Raw numbers: `var/bench/serving.json`; wrk commands:", "", "```"]
    lines += [t["command"] for t in result["targets"]]
    lines += ["```"]
    return "\n".join(lines)


def write(result: dict[str, Any], doc: Path, say: Callable[[str], None]) -> None:
    """The Serving section of ``doc``, with its plots drawn into ``plots/`` beside it."""

    def plots() -> list[tuple[Path, str]]:
        from bench.serving.plots import write_plots  # matplotlib: only when plotting

        return write_plots(result, doc.parent / "plots")

    SECTION.write(doc, render(result, draw(doc, plots, say)))


def main(
    results: Annotated[Path, typer.Option(help="Saved results.")] = Path("var/bench/serving.json"),
    doc: Annotated[Path, typer.Option(help="Markdown file with the Serving section.")] = Path(
        "docs/benchmarks.md"
    ),
) -> None:
    """Render the Serving section and its plots again from saved results; nothing is measured."""
    write(json.loads(results.read_text()), doc, print)


if __name__ == "__main__":
    typer.run(main)

"""The evaluation report: JSON for machines, a Markdown table in docs/benchmarks.md for people."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from movierec.docsections import Section

#: The Recommendation quality section of docs/benchmarks.md.
SECTION = Section("evaluate", "Recommendation quality")


def markdown_table(report: dict[str, Any], command: str, plots: Sequence[str] = ()) -> str:
    """The table of one evaluation run, best Recall@20 first, with the command that made it,
    then ``plots`` (Markdown images drawn from the same run)."""
    protocol = report["protocol"]
    rows = sorted(report["models"].items(), key=lambda kv: -kv[1]["recall@20"])
    folds = f"{protocol['folds']} folds over users"
    if protocol.get("folds_run", protocol["folds"]) < protocol["folds"]:
        folds = f"fold 1 to {protocol['folds_run']} of {folds}"
    if protocol.get("sample_users_per_fold"):
        folds += f", at most {protocol['sample_users_per_fold']} test users per fold"
    lines = [
        f"Data set `{report['dataset']}`, {folds}, seed "
        f"{protocol['seed']}, {report.get('created', '')}. Produced by:",
        "",
        "```",
        command,
        "```",
        "",
        "| model | role | Recall@20 | NDCG@10 | p50 ms | p99 ms | fit s (all folds) "
        "| fit peak MB | users |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in rows:
        if m.get("skipped"):
            lines.append(f"| {name} | {m['role']} | skipped: {m['skipped']} |||||||")
            continue
        lines.append(
            f"| {name} | {m['role']} | {m['recall@20']:.4f} | {m['ndcg@10']:.4f} "
            f"| {m['p50_ms']:.3f} | {m['p99_ms']:.3f} | {m['fit_s']:.1f} "
            f"| {m.get('fit_peak_mb', 0):.0f} | {m['users']} |"
        )
    notes = [f"- **{n}**: {m['description']}" for n, m in rows if m.get("description")]
    images = [line for plot in plots for line in ("", plot)]
    return "\n".join([*lines, "", *notes, *images])


def write_json(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")

"""How many movies EASE should model at scale: quality, time and memory per ``max_items``.

EASE's Gram matrix grows with the square of the movies it models and its inversion with the
cube, so on a large catalogue it models only the most-rated ones (``max_items``). This runs
the evaluation protocol (fold 1 of 5, sampled test users) for EASE at several caps beside
ALS (which models every movie) and popularity, on the same users, and prints a Markdown
table of Recall@20, NDCG@10, fit seconds and the fit's memory estimate.

Run: ``python -m bench.scale.choice --data DIR --items 5000 --items 10000 --items 20000``.
"""

from __future__ import annotations

import shlex
import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from movierec.data.sources import load_dataset
from movierec.evaluation.runner import ModelSpec, Protocol, run_evaluation
from movierec.memory import human
from movierec.model_catalogue import model_class
from movierec.recommender import Popularity

console = Console(stderr=True, highlight=False)


def main(
    data: Annotated[Path, typer.Option(help="MovieLens directory.")],
    items: Annotated[list[int], typer.Option(help="EASE max_items values to compare.")],
    sample_users: Annotated[int, typer.Option(help="Test users of fold 1.")] = 2000,
    seed: Annotated[int, typer.Option()] = 42,
) -> None:
    """Compare EASE caps with ALS and popularity on one fold of sampled users."""
    dataset = load_dataset(data)
    console.print(f"{dataset.name}: {dataset.n_users:,} users, {dataset.n_ratings:,} ratings")
    ease, als = model_class("ease"), model_class("als")
    specs = [ModelSpec(f"ease max_items={n}", "project", partial(ease, max_items=n)) for n in items]
    specs += [ModelSpec("als", "project", als), ModelSpec("popularity", "peer", Popularity)]
    protocol = Protocol(seed=seed, sample_users=sample_users, max_folds=1)
    results = run_evaluation(dataset.ratings, specs, protocol)
    train = dataset.ratings  # the estimate on the whole set: what `movierec train` needs
    lines = [
        f"`python -m bench.scale.choice {shlex.join(sys.argv[1:])}` on {dataset.name} "
        f"({dataset.n_ratings:,} ratings), fold 1 of 5, {sample_users} test users:",
        "",
        "| model | Recall@20 | NDCG@10 | fit s (80% of users) | training estimate (all users) |",
        "|---|---:|---:|---:|---:|",
    ]
    for spec in specs:
        r = results[spec.name]
        estimate = human(spec.factory().fit_memory(train))
        if r["skipped"]:
            lines.append(f"| {spec.name} | skipped: {r['skipped']} | | | {estimate} |")
            continue
        lines.append(
            f"| {spec.name} | {r['recall@20']:.4f} | {r['ndcg@10']:.4f} | {r['fit_s']:.0f} "
            f"| {estimate} |"
        )
    typer.echo("\n".join(lines))


if __name__ == "__main__":
    typer.run(main)

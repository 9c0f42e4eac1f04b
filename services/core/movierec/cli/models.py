"""``movierec train``, ``evaluate`` and ``recommend``: the model life cycle from the shell."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from movierec.cli.common import console, out
from movierec.data.dataset import MAX_RATING, MIN_RATING, Dataset
from movierec.data.settings import DataSettings
from movierec.data.sources import load_dataset
from movierec.errors import MovierecError
from movierec.model_catalogue import (
    CATALOGUE,
    FAMILIES,
    check_names,
    default_model,
    names,
)

DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        "-d",
        help="Data dir, s3://bucket/prefix, GroupLens name or zip URL "
        "[default: $MOVIEREC_DATA_DIR]",
        show_default=False,
    ),
]
#: Above this many ratings ``train`` skips the offline metrics unless asked (``--metrics``).
METRICS_MAX_RATINGS = 5_000_000

SeedOption = Annotated[int, typer.Option(help="Random seed: same data + seed, same model.")]
ModelDirOption = Annotated[
    Path, typer.Option("--model-dir", envvar="MOVIEREC_MODEL_DIR", help="Artifact directory.")
]


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def load_data(source: str | None) -> Dataset:
    """Load ``source`` (or $MOVIEREC_DATA_DIR) with a status line, reporting skipped rows."""
    settings = DataSettings()
    source = source or settings.data_dir
    if not source:
        raise MovierecError("no data: pass --data DIR or set MOVIEREC_DATA_DIR")
    with console.status(f"loading {source}"):
        dataset = load_dataset(source, cache_dir=settings.cache_dir, progress=True)
    for line in dataset.skipped.lines():
        console.print(f"[yellow]warning:[/] {line}", highlight=False)
    return dataset


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``key=value`` pairs; values are read as JSON where they parse (numbers, booleans)."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise MovierecError(f"--param {pair!r}: expected key=value")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def train(
    data: DataOption = None,
    algorithm: Annotated[
        list[str] | None,
        typer.Option(
            "--algorithm", "-a", help="Model(s) to train [default: each family's default]."
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Train every model of the catalogue.")
    ] = False,
    model_dir: ModelDirOption = Path("artifacts"),
    seed: SeedOption = 42,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Model parameter key=value.")
    ] = None,
    metrics: Annotated[
        bool | None,
        typer.Option(
            help="Also measure Recall/NDCG on one fold for the manifest, which trains the "
            "model a second time [default: on up to 5M ratings].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Train models on the whole data set and write one artifact directory per model."""
    from movierec.training import train_and_save

    if every and algorithm:
        raise MovierecError("pass --all or --algorithm, not both")
    chosen = names() if every else algorithm or [default_model(f) for f in FAMILIES]
    check_names(chosen)
    params = parse_params(param or [])
    if params and len(chosen) > 1:
        raise MovierecError("--param applies to one model; pass a single --algorithm")
    dataset = load_data(data)
    if metrics is None:
        metrics = dataset.n_ratings <= METRICS_MAX_RATINGS
        if not metrics:
            console.print(
                f"{dataset.n_ratings:,} ratings: offline metrics skipped (they train every "
                "model a second time); --metrics measures them, `movierec evaluate "
                "--sample-users N --max-folds 1` compares models",
                highlight=False,
            )
    with _progress() as progress:
        task = progress.add_task("training", total=len(chosen))
        for name in chosen:
            progress.update(task, description=f"training {name}")
            try:
                path = train_and_save(
                    dataset, name, model_dir, params=params, seed=seed, with_metrics=metrics
                )
            except (TypeError, ValueError) as exc:
                message = str(exc)
                raise MovierecError(
                    message if message.startswith(f"{name}:") else f"{name}: {message}"
                ) from exc
            progress.advance(task)
            progress.console.print(f"{name}: wrote {path}", highlight=False)


def evaluate(
    data: DataOption = None,
    folds: Annotated[int, typer.Option(min=2, max=20, help="Folds over users.")] = 5,
    seed: SeedOption = 42,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the full report here.")
    ] = None,
    models: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="Evaluate only these (peers included by name)."),
    ] = None,
    original_sample: Annotated[
        int,
        typer.Option(help="Test users per fold for the slow original-style peers (0: all)."),
    ] = 40,
    sample_users: Annotated[
        int,
        typer.Option(min=0, help="Test users per fold for every model, seeded (0: all)."),
    ] = 0,
    max_folds: Annotated[
        int,
        typer.Option(min=0, help="Run only the first K folds (0: all), e.g. 1 at 25M."),
    ] = 0,
    doc: Annotated[
        Path | None,
        typer.Option(help="Markdown file whose evaluation table is updated."),
    ] = Path("docs/benchmarks.md"),
) -> None:
    """Run the evaluation protocol: every project model and every peer, same folds."""
    from movierec.evaluation.peers import peer_specs, project_specs
    from movierec.evaluation.report import SECTION, markdown_table, write_json
    from movierec.evaluation.runner import Protocol, run_evaluation
    from movierec.plotting import draw

    specs = project_specs() + peer_specs(original_sample or None)
    if models:
        known = {s.name for s in specs}
        unknown = [m for m in models if m not in known]
        if unknown:
            raise MovierecError(
                f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(sorted(known))}"
            )
        specs = [s for s in specs if s.name in models]
    dataset = load_data(data)
    protocol = Protocol(
        folds=folds, seed=seed, sample_users=sample_users or None, max_folds=max_folds or None
    )
    with _progress() as progress:
        task = progress.add_task(
            f"evaluating {len(specs)} models", total=min(folds, max_folds or folds)
        )
        summaries = run_evaluation(
            dataset.ratings, specs, protocol, on_fold=lambda _: progress.advance(task)
        )
    report = {
        "dataset": dataset.name,
        "created": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "protocol": {**protocol.as_dict(), "original_style_sample_per_fold": original_sample},
        "models": summaries,
    }
    _print_report(report)
    if json_out is not None:
        write_json(report, json_out)
    if doc is not None:
        command = "movierec " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        if data is None:  # the source came from the environment: say which
            command = f"MOVIEREC_DATA_DIR={shlex.quote(str(DataSettings().data_dir))} {command}"
        plots = draw(doc, lambda: _plots(report, command, doc.parent / "plots"), _say)
        SECTION.write(doc, markdown_table(report, command, plots))


def _plots(report: dict[str, Any], command: str, directory: Path) -> list[tuple[Path, str]]:
    from movierec.evaluation.plots import write_plots  # matplotlib: only when plotting

    return write_plots(report, command, directory)


def _say(line: str) -> None:
    console.print(line, highlight=False, soft_wrap=True, markup=False)


def _print_report(report: dict[str, Any]) -> None:
    table = Table(title=f"{report['dataset']}: {report['protocol']['folds']}-fold evaluation")
    for col in ("model", "role", "Recall@20", "NDCG@10", "p50 ms", "p99 ms", "fit s", "users"):
        table.add_column(col, justify="left" if col in ("model", "role") else "right")
    for name, m in sorted(report["models"].items(), key=lambda kv: -kv[1]["recall@20"]):
        if m.get("skipped"):
            table.add_row(name, m["role"], f"skipped: {m['skipped']}")
            continue
        table.add_row(
            name,
            m["role"],
            f"{m['recall@20']:.4f}",
            f"{m['ndcg@10']:.4f}",
            f"{m['p50_ms']:.3f}",
            f"{m['p99_ms']:.3f}",
            f"{m['fit_s']:.1f}",
            str(m["users"]),
        )
    out.print(table)


def parse_rating(text: str) -> tuple[int, float]:
    """``movieId=rating`` with the MovieLens scale (0.5..5.0 in steps of 0.5)."""
    movie, sep, value = text.partition("=")
    try:
        movie_id, rating = int(movie), float(value)
    except ValueError:
        raise MovierecError(f"--rate {text!r}: expected movieId=rating, e.g. 260=4.5") from None
    if not sep or not (MIN_RATING <= rating <= MAX_RATING) or (rating * 2) % 1:
        raise MovierecError(f"--rate {text!r}: rating must be 0.5 to 5.0 in steps of 0.5")
    return movie_id, rating


def recommend(
    rate: Annotated[
        list[str] | None,
        typer.Option("--rate", "-r", help="A rating movieId=stars, e.g. 260=4.5; repeatable."),
    ] = None,
    data: DataOption = None,
    algorithm: Annotated[str, typer.Option("--algorithm", help="collab or kmeans.")] = "collab",
    model: Annotated[
        str | None, typer.Option("--model", help="Model name [default: per algorithm].")
    ] = None,
    model_dir: ModelDirOption = Path("artifacts"),
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=100)] = 10,
    seed: SeedOption = 42,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Recommend movies for the ratings given, from the newest artifact or a model trained now."""
    from movierec.training import load_or_train

    if algorithm not in FAMILIES:
        raise MovierecError(f"--algorithm {algorithm!r}: choose {' or '.join(FAMILIES)}")
    name = model or default_model(algorithm)
    check_names([name], algorithm)
    pairs = [parse_rating(r) for r in rate or []]
    dataset = load_data(data)
    with console.status(f"loading or training {name}"):
        artifact = load_or_train(dataset, name, model_dir, seed=seed)
    ids = np.array([p[0] for p in pairs], dtype=np.int64)
    values = np.array([p[1] for p in pairs], dtype=np.float32)
    columns = dataset.columns_of(ids)
    for movie_id in ids[columns < 0]:
        console.print(f"[yellow]warning:[/] movie {movie_id} is not in {dataset.name}; ignored")
    rec = artifact.model.recommend(columns, values, count)
    titles = dataset.movies["display_title"].tolist()
    rows = dataset.describe(rec.items)
    for row, score, because in zip(rows, rec.scores.tolist(), rec.because.tolist(), strict=True):
        row["score"] = None if np.isnan(score) else round(score, 4)
        row["because"] = None if because < 0 else titles[because]
    if as_json:
        typer.echo(json.dumps({"model": name, "fallback": rec.fallback, "items": rows}, indent=2))
        return
    title = f"{name} recommendations" + (
        " (popular movies: nothing to go on)" if rec.fallback else ""
    )
    table = Table(title=title)
    for col in ("#", "movieId", "title", "year", "genres", "because you rated"):
        table.add_column(col)
    for i, row in enumerate(rows, 1):
        table.add_row(
            str(i),
            str(row["movieId"]),
            str(row["title"]),
            str(row["year"] or ""),
            ", ".join(map(str, row["genres"])),
            str(row["because"] or ""),
        )
    out.print(table)


def catalogue_table() -> str:
    """The model catalogue as the Markdown table the README carries (a test keeps it equal)."""
    lines = [
        "| model | family | large data | parameters (defaults) | notes |",
        "|---|---|---|---|---|",
    ]
    for entry in CATALOGUE:
        name = f"`{entry.name}`" + (f" (default {entry.family})" if entry.default else "")
        params = ", ".join(f"`{k}={v}`" for k, v in entry.model_class().default_params().items())
        large = "yes" if entry.large_data else "no"
        lines.append(f"| {name} | {entry.family} | {large} | {params} | {entry.summary} |")
    return "\n".join(lines)


def list_models(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the README's Markdown table.")
    ] = False,
) -> None:
    """The model catalogue: every model, its family, parameters and defaults."""
    if markdown:
        typer.echo(catalogue_table())
        return
    table = Table(title="models")
    for col in ("model", "family", "default", "large data", "parameters", "notes"):
        table.add_column(col, overflow="fold")
    for entry in CATALOGUE:
        fields = entry.model_class().Params.model_fields
        params = "\n".join(
            f"{k}={f.default!r}: {f.description or ''}".rstrip(": ") for k, f in fields.items()
        )
        table.add_row(
            entry.name,
            entry.family,
            "yes" if entry.default else "",
            "yes" if entry.large_data else "no",
            params,
            entry.summary,
        )
    out.print(table)

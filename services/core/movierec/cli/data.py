"""``movierec data``: fetch, inspect, validate and synthesize MovieLens data sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from movierec.cli.common import EXIT_ERROR, console
from movierec.data import synth as synthetic
from movierec.data.dataset import Dataset
from movierec.data.settings import DataSettings
from movierec.data.sources import copy_layout, fetch_source, load_dataset
from movierec.errors import MovierecError

data_app = typer.Typer(
    help="MovieLens data: fetch it, describe it, validate it, synthesize it.",
    no_args_is_help=True,
)
out = Console(highlight=False)

SourceArg = Annotated[
    str | None,
    typer.Argument(
        help="Directory, s3://bucket/prefix, http(s) zip URL or official name such as "
        "ml-latest-small; default $MOVIEREC_DATA_DIR.",
        show_default=False,
    ),
]
CacheOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Downloads and parsed data sets; default $MOVIEREC_CACHE_DIR or ~/.cache/movierec.",
    ),
]


def _source(source: str | None) -> str:
    chosen = source or DataSettings().data_dir
    if not chosen:
        raise MovierecError("no SOURCE given and MOVIEREC_DATA_DIR is not set")
    return chosen


@data_app.command()
def fetch(
    source: SourceArg = None,
    cache_dir: CacheOpt = None,
    dest: Annotated[
        Path | None, typer.Option("--dest", help="Also copy the layout's files into DIR.")
    ] = None,
) -> None:
    """Download or sync a data set into the cache (or DIR) and print where it is."""
    directory = fetch_source(_source(source), cache_dir=cache_dir, progress=True)
    if dest is not None:
        directory = copy_layout(directory, dest)
    out.print(str(directory), soft_wrap=True)


def _distribution(dataset: Dataset) -> str:
    values, counts = np.unique(dataset.ratings.data, return_counts=True)
    return "  ".join(f"{v:.1f}: {c:,}" for v, c in zip(values, counts, strict=True)) or "-"


def _info_table(dataset: Dataset) -> Table:
    cells = dataset.n_users * dataset.n_movies
    genres = {g for tup in dataset.movies["genres"] for g in tup}
    table = Table(title=f"MovieLens data set {dataset.name}", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", overflow="fold")
    rows = [
        ("name", dataset.name),
        ("layout", dataset.layout),
        ("users", f"{dataset.n_users:,}"),
        ("movies", f"{dataset.n_movies:,}"),
        ("ratings", f"{dataset.n_ratings:,}"),
        ("rating distribution", _distribution(dataset)),
        ("density", f"{dataset.n_ratings / cells:.4%}" if cells else "-"),
        ("genres", f"{len(genres)}"),
        ("skipped rows", "\n".join([f"{dataset.skipped.total:,}", *dataset.skipped.lines()])),
        ("checksums (sha256)", "\n".join(f"{f}: {s}" for f, s in dataset.checksums.items())),
    ]
    for key, value in rows:
        table.add_row(key, value)
    return table


@data_app.command()
def info(source: SourceArg = None, cache_dir: CacheOpt = None) -> None:
    """Describe a data set: size, rating distribution, density, genres, skipped rows."""
    dataset = load_dataset(_source(source), cache_dir=cache_dir, progress=True)
    out.print(_info_table(dataset))


@data_app.command()
def validate(
    source: SourceArg = None,
    cache_dir: CacheOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on the first bad rating row.")
    ] = False,
) -> None:
    """Exit 0 when the data set is clean; 1 naming the first error or the skipped rows."""
    dataset = load_dataset(_source(source), cache_dir=cache_dir, strict=strict, progress=True)
    if dataset.n_ratings == 0 and not dataset.skipped.total:
        raise MovierecError(f"{dataset.name}: the ratings file holds no ratings")
    if dataset.skipped.total:
        console.print(
            f"[bold red]invalid:[/] {dataset.name}: {dataset.skipped.total:,} rows skipped",
            highlight=False,
        )
        for line in dataset.skipped.lines():
            console.print(f"  {line}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_ERROR)
    out.print(
        f"ok: {dataset.name} ({dataset.layout}): {dataset.n_users:,} users, "
        f"{dataset.n_movies:,} movies, {dataset.n_ratings:,} ratings"
    )


@data_app.command()
def synth(
    out_dir: Annotated[
        Path,
        typer.Argument(
            metavar="OUT", help="Directory to write; must not exist or be empty (see --force)."
        ),
    ],
    like: Annotated[
        str,
        typer.Option(
            "--like",
            help=f"Published set whose shape to imitate: {', '.join(synthetic.SHAPES)}.",
            show_default=False,
        ),
    ],
    users: Annotated[int | None, typer.Option(min=1, help="Override the users.")] = None,
    movies: Annotated[int | None, typer.Option(min=1, help="Override the rated movies.")] = None,
    ratings: Annotated[int | None, typer.Option(min=1, help="Override the ratings.")] = None,
    listed: Annotated[
        int | None,
        typer.Option(min=1, help="Override the movies in movies.csv [default: scaled]."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUT even if it is not empty.")
    ] = False,
) -> None:
    """Write a synthetic MovieLens-shaped data set (CSV layout) with a learnable taste
    structure; docs/synthetic-data.md says what it imitates."""
    shape = synthetic.shape_named(like).resized(
        users=users, movies=movies, ratings=ratings, listed=listed
    )
    synthetic.check_shape(shape)
    synthetic.check_out(out_dir, force)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.completed:,}/{task.total:,} ratings"),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        task = progress.add_task(f"synthesizing {shape.name}", total=shape.ratings)
        path = synthetic.synthesize(
            out_dir,
            shape,
            seed=seed,
            force=force,
            progress=lambda done, _total: progress.update(task, completed=done),
        )
    out.print(
        f"wrote {path}: {shape.users:,} users, {shape.movies:,} rated movies "
        f"({shape.listed:,} listed), {shape.ratings:,} ratings (like {shape.name}, seed {seed})",
        soft_wrap=True,
    )

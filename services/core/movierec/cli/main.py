"""Entry point of ``movierec``: sub-commands are registered here, each in its own module."""

from __future__ import annotations

import typer

from movierec.cli.common import run_app
from movierec.cli.data import data_app
from movierec.cli.models import evaluate, recommend, train
from movierec.cli.serve import serve
from movierec.cli.up import up

app = typer.Typer(
    name="movierec",
    help="Movie recommendations from MovieLens ratings: data, training, evaluation, serving.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.add_typer(data_app, name="data")
app.command()(train)
app.command()(evaluate)
app.command()(recommend)
app.command()(serve)
app.command()(up)


def main() -> None:
    run_app(app)


if __name__ == "__main__":
    main()

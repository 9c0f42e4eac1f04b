"""Entry point of ``movierec``: sub-commands are registered here, each in its own module.

A command's module is imported only when that command runs (all of them for the top-level
help), so ``movierec up`` and ``movierec serve`` start without loading pandas, scipy and the
models, which only the data and model commands use.
"""

from __future__ import annotations

import importlib
import sys

import typer

from movierec.cli.common import run_app

#: Command name -> (module, attribute): a function, or a Typer app for a command group.
COMMANDS: dict[str, tuple[str, str]] = {
    "data": ("movierec.cli.data", "data_app"),
    "train": ("movierec.cli.models", "train"),
    "evaluate": ("movierec.cli.models", "evaluate"),
    "recommend": ("movierec.cli.models", "recommend"),
    "models": ("movierec.cli.models", "list_models"),
    "serve": ("movierec.cli.serve", "serve"),
    "up": ("movierec.cli.up", "up"),
}


def _root() -> None:
    """Movie recommendations from MovieLens ratings: data, training, evaluation, serving."""


def build_app(only: str | None = None) -> typer.Typer:
    """The CLI with every command, or with just ``only`` when that names one."""
    app = typer.Typer(
        name="movierec",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    # A callback keeps the app a group even with one command registered, so that
    # `movierec up` still takes `up` as the command name.
    app.callback()(_root)
    for name in [only] if only in COMMANDS else list(COMMANDS):
        module, attribute = COMMANDS[name]
        command = getattr(importlib.import_module(module), attribute)
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=name)
        else:
            app.command(name)(command)
    return app


def main() -> None:
    run_app(build_app(sys.argv[1] if len(sys.argv) > 1 else None))


if __name__ == "__main__":
    main()

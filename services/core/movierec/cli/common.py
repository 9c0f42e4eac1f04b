"""What every sub-command shares: the console, and errors as one line plus an exit code."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from movierec.errors import MovierecError

#: Progress, status and errors go to stderr; results go to stdout.
console = Console(stderr=True)
out = Console()

#: Exit codes: 0 ok, 1 user-facing error (bad data, missing artifact), 2 bad usage (typer).
EXIT_ERROR = 1


def run_app(app: typer.Typer) -> None:
    """Run ``app``; a MovierecError becomes ``error: <message>`` on stderr and exit code 1."""
    try:
        app(standalone_mode=True)
    except MovierecError as exc:
        console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_ERROR)

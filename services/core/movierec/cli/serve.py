"""``movierec serve NAME``: run one service (gateway, collab, kmeans, posters) with uvicorn."""

from __future__ import annotations

import importlib
import os
from enum import StrEnum
from typing import Annotated

import typer

from movierec.errors import MovierecError


class Service(StrEnum):
    gateway = "gateway"
    collab = "collab"
    kmeans = "kmeans"
    posters = "posters"


def serve(
    name: Annotated[Service, typer.Argument(help="The service to run.")],
    host: Annotated[
        str | None, typer.Option(help="Interface (default: from the service's settings).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (default: from the service's settings).")
    ] = None,
) -> None:
    """Run a service in the foreground, configured as its ``python -m`` entry point is."""
    # Each service reads MOVIEREC_<NAME>_HOST/PORT; the options override them for this process.
    prefix = f"MOVIEREC_{name.value.upper()}_"
    if host is not None:
        os.environ[f"{prefix}HOST"] = host
    if port is not None:
        os.environ[f"{prefix}PORT"] = str(port)
    try:
        entry = importlib.import_module(f"movierec_{name.value}.__main__")
    except ModuleNotFoundError as exc:
        raise MovierecError(
            f"service {name.value} is not installed ({exc}); "
            f"install it with pip install 'movierec[{name.value}]'"
        ) from None
    entry.main()

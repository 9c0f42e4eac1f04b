"""``movierec up``: the whole stack on this machine, one command, stopped with Ctrl-C."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from movierec.cli.common import console
from movierec.errors import MovierecError
from movierec.stack import (
    PORTS,
    Part,
    Stack,
    StackConfig,
    default_web_dir,
    plan,
    port_is_free,
)


def up(
    data: Annotated[
        str | None,
        # Read by Typer rather than DataSettings: pydantic-settings is the children's to load,
        # and the launcher importing it would delay every part's start by ~0.2 s.
        typer.Option(
            "--data", "-d", envvar="MOVIEREC_DATA_DIR", help="Data source.", show_default=False
        ),
    ] = None,
    port: Annotated[int, typer.Option(help="Gateway port; backends take the next three.")] = PORTS[
        "gateway"
    ],
    host: Annotated[str, typer.Option(help="Interface every part listens on.")] = "127.0.0.1",
    model_dir: Annotated[
        Path, typer.Option(envvar="MOVIEREC_MODEL_DIR", help="Artifacts (trained when missing).")
    ] = Path("var/artifacts"),
    run_dir: Annotated[Path, typer.Option(help="Logs and Redis files.")] = Path("var/run"),
    omdb_key: Annotated[
        str | None,
        typer.Option(envvar="OMDB_API_KEY", help="OMDb key for posters.", show_default=False),
    ] = None,
    fake_omdb: Annotated[
        bool, typer.Option(help="Serve posters from a local fake OMDb (demo without a key).")
    ] = False,
    redis: Annotated[bool, typer.Option(help="Start redis-server when installed.")] = True,
    web_dir: Annotated[
        Path | None, typer.Option(help="Built web app [default: web/dist when built].")
    ] = None,
    plan_only: Annotated[
        bool,
        typer.Option(
            "--plan-only",
            help="Print the parts (command, environment changes, readiness URL, log) as JSON "
            "and exit: how the browser tests start this topology under their own control.",
        ),
    ] = False,
) -> None:
    """Start Redis, posters, collab, kmeans and the gateway on loopback; Ctrl-C stops them.

    A part that dies is restarted (with backoff); one that keeps crashing stops the stack.
    """
    if not data:
        raise MovierecError("no data: pass --data DIR or set MOVIEREC_DATA_DIR")
    source = data if "://" in data or data.startswith("ml-") else str(Path(data).resolve())
    ports = {name: port + offset for offset, name in enumerate(PORTS)}
    busy = [f"{name} ({p})" for name, p in ports.items() if not port_is_free(p, host)]
    if busy:
        raise MovierecError(f"port(s) in use: {', '.join(busy)}; pick another with --port")
    config = StackConfig(
        data=source,
        model_dir=model_dir.resolve(),
        run_dir=run_dir.resolve(),
        host=host,
        ports=ports,
        omdb_key=omdb_key,
        fake_omdb=fake_omdb,
        redis=redis,
        web_dir=(web_dir or default_web_dir(Path.cwd())),
    )
    stack = Stack(plan(config, dict(os.environ)))
    if plan_only:
        typer.echo(json.dumps([_described(part) for part in stack.parts], indent=2))
        return
    if not any(p.name == "redis" for p in stack.parts):
        console.print("redis-server not started: posters use their in-process cache")
    if not (fake_omdb or omdb_key):
        console.print("no OMDb key: posters will be null (set OMDB_API_KEY or use --fake-omdb)")

    def report(line: str) -> None:
        console.print(line, highlight=False)

    def announce() -> None:
        url = f"http://{host}:{ports['gateway']}"
        console.print(
            f"\n[bold]movierec is up:[/] {url}  (API docs: {url}/docs)\nCtrl-C stops it.",
            highlight=False,
        )

    console.print(f"starting (models train on first start; logs in {config.run_dir / 'logs'})")
    stack.catch_stop_signals()
    try:
        stack.supervise(report, on_up=announce)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM, while starting or running
        pass
    finally:
        with console.status("stopping"):
            stack.stop()
        console.print("stopped")


def _described(part: Part) -> dict[str, object]:
    """A part as JSON: its command, what it sets or removes in this environment, its URLs."""
    return {
        "name": part.name,
        "argv": part.argv,
        "set": {k: v for k, v in part.env.items() if os.environ.get(k) != v},
        "unset": sorted(k for k in os.environ if k not in part.env),
        "ready_url": part.ready_url,
        "log_path": str(part.log_path) if part.log_path else None,
    }

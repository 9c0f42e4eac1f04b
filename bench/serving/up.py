"""`movierec up` run by a benchmark: seconds from the command to each service's ``/readyz``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from movierec.stack import PORTS, Part

#: /readyz polling interval of the timed starts.
POLL_S = 0.05


def _ready(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(f"{url}/readyz").status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running_up(
    argv: list[str],
    env: dict[str, str],
    base: int,
    *,
    logs: Path,
    deadline_s: float,
    on_ready: Callable[[str, float], None] = lambda _name, _seconds: None,
) -> Iterator[dict[str, float]]:
    """Run ``argv`` (``movierec up --port BASE --run-dir LOGS``) until every service answers
    ``/readyz``; yield the seconds each took (launcher and all: the start a user sees), then
    stop it with SIGTERM, which ``up`` passes on to its children before it exits."""
    up = Part("up", argv, env)
    ready: dict[str, float] = {}
    started = time.perf_counter()
    up.start()
    try:
        with httpx.Client(timeout=1.0) as client:
            while len(ready) < len(PORTS):
                if not up.alive:
                    raise RuntimeError(
                        f"`movierec up` exited before the stack was ready; see {logs}"
                    )
                if time.perf_counter() - started > deadline_s:
                    raise RuntimeError(f"`movierec up` was not ready within {deadline_s:g} s")
                # `up --port BASE` gives the services BASE, BASE+1, ... in PORTS order.
                for offset, name in enumerate(PORTS):
                    if name not in ready and _ready(client, f"http://127.0.0.1:{base + offset}"):
                        ready[name] = round(time.perf_counter() - started, 2)
                        on_ready(name, ready[name])
                time.sleep(POLL_S)
        yield ready
    finally:
        up.stop(grace_s=30.0)

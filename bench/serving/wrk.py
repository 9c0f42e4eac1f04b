"""Running wrk with ``request.lua`` and reading its JSON summary line.

The load generator is a C program on purpose: a Python one would eat the same two cores it
measures. ``request.lua`` rotates over a file of bodies and prints ``WRK_JSON {...}`` from
``done()``; the plain ``Non-2xx or 3xx responses`` line is read too, as wrk prints it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).with_name("request.lua")
_JSON_LINE = re.compile(r"^WRK_JSON (\{.*\})\s*$", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s*(\d+)")


class WrkError(RuntimeError):
    """wrk is missing, failed, or printed no summary."""


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: throughput, latency percentiles (ms) and every kind of error."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: int
    timeouts: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rps": round(self.rps, 2)}


def parse_output(stdout: str) -> WrkResult:
    """The summary of a wrk run from its standard output (``request.lua``'s JSON line)."""
    match = _JSON_LINE.search(stdout)
    if match is None:
        raise WrkError(f"no WRK_JSON line in wrk output:\n{stdout[-2000:]}")
    data = json.loads(match.group(1))
    latency, errors = data["latency_us"], data["errors"]
    non_2xx = _NON_2XX.search(stdout)
    return WrkResult(
        requests=int(data["requests"]),
        seconds=data["duration_us"] / 1e6,
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        mean_ms=latency["mean"] / 1000,
        max_ms=latency["max"] / 1000,
        # wrk's own count includes 3xx; the Lua one counts status > 399. Take the larger.
        non_2xx=max(int(non_2xx.group(1)) if non_2xx else 0, int(errors["status"])),
        socket_errors=int(errors["connect"] + errors["read"] + errors["write"]),
        timeouts=int(errors["timeout"]),
    )


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise WrkError("wrk is not installed: apt-get install -y wrk")
    return found


def command(
    url: str,
    bodies: Path,
    *,
    connections: int,
    threads: int,
    seconds: float,
    timeout_s: float,
    pace_ms: int = 0,
) -> list[str]:
    """The wrk command line for one run (also printed in the report)."""
    return [
        wrk_binary(),
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        f"--timeout={timeout_s:g}s",
        "--latency",
        "-s",
        str(SCRIPT),
        url,
        "--",
        str(bodies),
        *([str(pace_ms)] if pace_ms > 0 else []),
    ]


def run(
    url: str,
    bodies: Path,
    *,
    connections: int = 50,
    threads: int = 2,
    seconds: float = 20.0,
    timeout_s: float = 10.0,
    pace_ms: int = 0,
) -> WrkResult:
    """Load ``url`` with the bodies in ``bodies`` (one JSON document per line).

    ``pace_ms`` > 0 makes each connection pause that long on average between requests.
    """
    argv = command(
        url,
        bodies,
        connections=connections,
        threads=threads,
        seconds=seconds,
        timeout_s=timeout_s,
        pace_ms=pace_ms,
    )
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=seconds + timeout_s + 30, check=False
    )
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}: {done.stderr.strip()}")
    return parse_output(done.stdout)

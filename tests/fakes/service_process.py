"""A service started as its image starts it (a child process, configured by environment)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import httpx


@contextmanager
def service_process(
    args: Sequence[str], env: dict[str, str], probe_url: str, timeout_s: float = 30.0
) -> Iterator[list[str]]:
    """Run ``python <args>`` until ``probe_url`` answers 200; yields a list that holds the
    process's stderr lines once it has stopped (they are its JSON logs)."""
    proc = subprocess.Popen(
        [sys.executable, *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + timeout_s
        with httpx.Client(timeout=2) as client:
            while True:
                assert proc.poll() is None, proc.communicate()[1]
                try:
                    if client.get(probe_url).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"{probe_url} did not answer 200"
                time.sleep(0.05)  # polling a child process: no event to wait on
        yield lines
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
        lines.extend(line for line in err.splitlines() if line.strip())

"""What the numbers were measured on: cores, CPU model and how busy the machine already was."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any


def cpu_model(cpuinfo: str) -> str:
    """The ``model name`` of /proc/cpuinfo's first processor ('unknown' when absent)."""
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == "model name":
            return value.strip()
    return "unknown"


def describe() -> dict[str, Any]:
    info = Path("/proc/cpuinfo")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model(info.read_text() if info.is_file() else ""),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def cpu_seconds(stat: str) -> float:
    """User + system CPU seconds of a process from its ``/proc/<pid>/stat`` line."""
    # The command name (field 2) may hold spaces; the fields after its ")" are fixed.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds used so far by each named process (the ones that have exited are left out)."""
    used: dict[str, float] = {}
    for name, pid in pids.items():
        try:
            used[name] = cpu_seconds(Path(f"/proc/{pid}/stat").read_text())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return used


def cpu_per_request(
    before: dict[str, float], after: dict[str, float], requests: int
) -> dict[str, float]:
    """CPU ms each process spent per answered request between two :func:`process_cpu` reads
    (processes that used none are left out)."""
    if requests <= 0:
        return {}
    return {
        name: round((after[name] - before[name]) * 1000 / requests, 3)
        for name in after
        if name in before and after[name] > before[name]
    }

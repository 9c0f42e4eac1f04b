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

"""Memory: the budget a job may use, the check made before a large allocation, peak RSS.

A job that cannot fit says so in one line before it allocates, instead of dying by the
kernel's OOM killer (or a 30 GB ``MemoryError`` traceback) minutes later. The budget is
``MOVIEREC_MEMORY_BUDGET`` when set, else 90% of the container's memory limit (cgroup) or of
the machine's memory.
"""

from __future__ import annotations

import resource
from collections.abc import Callable
from pathlib import Path

from pydantic import ByteSize, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from movierec.errors import MovierecError

#: Share of the machine's or container's memory a job may plan to use by default.
DEFAULT_SHARE = 0.9
_CGROUP_LIMITS = (
    Path("/sys/fs/cgroup/memory.max"),  # cgroup v2
    Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"),  # cgroup v1
)


class MemoryBudgetError(MovierecError):
    """A job's estimate is above what the budget leaves it."""


class MemorySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MOVIEREC_", extra="ignore")

    memory_budget: ByteSize | None = Field(
        None,
        description="Most memory a job may plan to use, e.g. 12GiB; default 90% of the "
        "container's limit or the machine's memory.",
    )


def total_memory() -> int:
    """Bytes this process may use at most: the cgroup limit when there is one, else RAM."""
    ram = _meminfo_total()
    for path in _CGROUP_LIMITS:
        try:
            text = path.read_text().strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < ram:
            return int(text)
    return ram


def _meminfo_total() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 1 << 62  # unknown: no limit we can see


def memory_budget() -> int:
    """The budget in bytes (read when asked, so a changed environment takes effect)."""
    try:
        configured = MemorySettings().memory_budget
    except ValidationError as exc:
        value = exc.errors()[0].get("input")
        raise MovierecError(
            f"MOVIEREC_MEMORY_BUDGET={value!r} is not a size; write e.g. 12GiB or 800MB"
        ) from None
    return int(configured) if configured is not None else int(total_memory() * DEFAULT_SHARE)


def current_rss() -> int:
    """Resident memory of this process now, in bytes."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def human(n_bytes: float) -> str:
    """``n_bytes`` as MiB below a GiB, else GiB with one decimal."""
    if n_bytes < 1 << 30:
        return f"{n_bytes / (1 << 20):.1f} MiB"
    return f"{n_bytes / (1 << 30):.1f} GiB"


def check_fits(
    what: str, needed: int, hint: Callable[[int], str], budget: int | None = None
) -> None:
    """Raise one line when ``needed`` more bytes would take this process over the budget.

    ``what`` names the job ("ease: training on 162,541 users x 59,047 movies"); ``hint``
    gets the bytes left and says what to change besides the budget.
    """
    budget = memory_budget() if budget is None else budget
    left = max(budget - current_rss(), 0)
    if needed <= left:
        return
    raise MemoryBudgetError(
        f"{what} needs about {human(needed)}, and {human(left)} of the {human(budget)} memory "
        f"budget is left; {hint(left)}, or raise MOVIEREC_MEMORY_BUDGET"
    )

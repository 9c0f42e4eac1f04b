"""Our commands run as a user runs them: the real entry points in child processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``argv`` with text output captured; the exit status is the caller's to check."""
    return subprocess.run(
        argv, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False
    )


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``movierec ARGS`` in this environment (plus ``env``), with a wide terminal for tables."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return run([sys.executable, "-m", "movierec.cli.main", *args], env=full_env, cwd=cwd)


def assert_check_passes(script: str) -> None:
    """``scripts/SCRIPT --check`` finds what it generates up to date."""
    result = run([sys.executable, str(REPO / "scripts" / script), "--check"])
    assert result.returncode == 0, result.stdout + result.stderr

"""The GitHub workflows: valid against the workflow schema, and every `make` they run exists."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.helm import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
MAKE_CALL = re.compile(r"(?:^|[;&|(]\s*|\bsudo\s+)make\s+([^;&|)\n]*)", re.MULTILINE)
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def test_the_four_workflows_exist() -> None:
    assert {w.name for w in WORKFLOWS} >= {"ci.yml", "images.yml", "deploy.yml", "web.yml"}


def test_workflows_validate_against_the_github_schema() -> None:
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def makefile_targets(makefile: Path) -> set[str]:
    """Targets as make itself sees them (its database, nothing run)."""
    result = subprocess.run(
        ["make", "-pRrq", "-f", str(makefile), ":"],
        capture_output=True,
        text=True,
        check=False,
        cwd=makefile.parent,
    )
    targets = set()
    for line in result.stdout.splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+):(?!=)", line)
        if match and not line.startswith(("#", "\t")):
            targets.add(match.group(1))
    return targets


def run_lines(workflow: dict[str, Any]) -> list[str]:
    return [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def make_goals(script: str) -> list[str]:
    """The goals of every `make ...` call in a shell script (VAR=value words skipped)."""
    goals = []
    plain = EXPRESSION.sub("EXPR", script.replace("\\\n", " "))
    for match in MAKE_CALL.finditer(plain):
        for word in shlex.split(match.group(1), comments=True):
            if word.startswith("-"):
                continue
            if "=" not in word:
                goals.append(word)
    return goals


def test_make_goals_are_found_in_scripts() -> None:
    script = "sudo make system-deps\nmake images SERVICES=x TAG=y && make helm-lint # make x"
    assert make_goals(script) == ["system-deps", "images", "helm-lint"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_only_call_make_targets_that_exist(workflow: Path) -> None:
    targets = makefile_targets(REPO / "Makefile")
    assert {"test", "images", "helm-lint", "helm-test", "tools"} <= targets
    data = yaml.safe_load(workflow.read_text())
    goals = [goal for line in run_lines(data) for goal in make_goals(line)]
    missing = sorted(set(goals) - targets)
    assert not missing, f"{workflow.name} runs make {missing}: no such Makefile target"

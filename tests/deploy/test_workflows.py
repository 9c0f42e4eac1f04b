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


#: Make goals that start the real stack (`movierec up` or the services): the Python suite's
#: stack and slow tests, the Vitest suite's global setup, the browser run, `make run`.
STACK_GOALS = {"test", "pytest", "web-test", "web-checks", "web-e2e", "run", "bench-serving"}
FETCH = "movierec data fetch ml-latest-small"


def _jobs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(label, workflow, job) of every job of every workflow."""
    found = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        for name, job in workflow["jobs"].items():
            found.append((f"{path.name}:{name}", workflow, job))
    return found


def _starts_the_stack(job: dict[str, Any]) -> bool:
    return any(
        goal in STACK_GOALS
        for step in job.get("steps", [])
        for goal in make_goals(step.get("run", ""))
    )


STACK_JOBS = [(label, wf, job) for label, wf, job in _jobs() if _starts_the_stack(job)]


def test_the_stack_starting_jobs_are_found() -> None:
    assert {label for label, _, _ in STACK_JOBS} >= {"ci.yml:python", "ci.yml:web", "ci.yml:e2e"}


@pytest.mark.parametrize(
    ("workflow", "job"), [(wf, job) for _, wf, job in STACK_JOBS], ids=[s[0] for s in STACK_JOBS]
)
def test_every_stack_starting_job_fetches_the_data_as_the_readme_says(
    workflow: dict[str, Any], job: dict[str, Any]
) -> None:
    """On GitHub there is no ../shared/datasets beside the checkout: a job that starts the
    stack must get ml-latest-small as a user does (the README's `movierec data fetch`), with
    the download cache (MOVIEREC_CACHE_DIR) kept by actions/cache, and MOVIEREC_DATA_DIR set
    to the directory the fetch prints, before the first step that starts the stack."""
    steps: list[dict[str, Any]] = job["steps"]
    env = {**workflow.get("env", {}), **job.get("env", {})}
    assert env.get("MOVIEREC_CACHE_DIR"), "MOVIEREC_CACHE_DIR is not set"
    assert "MOVIEREC_DATA_DIR" not in env, "MOVIEREC_DATA_DIR must come from the fetch"

    def index(predicate: Any, what: str) -> int:
        found = [i for i, step in enumerate(steps) if predicate(step)]
        assert found, f"no step {what}"
        return found[0]

    cache = index(lambda s: str(s.get("uses", "")).startswith("actions/cache@"), "actions/cache")
    assert steps[cache]["with"]["path"] == "${{ env.MOVIEREC_CACHE_DIR }}"
    assert "ml-latest-small" in steps[cache]["with"]["key"]
    setup = index(lambda s: "setup" in make_goals(s.get("run", "")), "running make setup")
    fetch = index(lambda s: FETCH in s.get("run", ""), f"running {FETCH}")
    script = steps[fetch]["run"]
    # The directory it prints becomes MOVIEREC_DATA_DIR for the later steps; an assignment
    # (not `echo "$(...)"`) so that a failed fetch fails the step under bash -e.
    assert re.search(r'^(\w+)="\$\(\.venv/bin/' + FETCH + r'\)"$', script, re.MULTILINE), script
    assert re.search(r'echo "MOVIEREC_DATA_DIR=\$\w+" >> "\$GITHUB_ENV"', script), script
    starts = index(lambda s: any(g in STACK_GOALS for g in make_goals(s.get("run", ""))), "")
    assert cache < fetch < starts, "the cache must be restored and the data fetched first"
    assert setup < fetch, "the fetch runs the venv's movierec: make setup first"


def test_the_readme_says_how_a_user_gets_the_data() -> None:
    readme = (REPO / "README.md").read_text()
    assert FETCH in readme
    assert "MOVIEREC_DATA_DIR" in readme

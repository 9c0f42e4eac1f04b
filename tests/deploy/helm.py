"""Run helm as `make tools` installs it and turn `helm template` output into objects."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
CHARTS = REPO / "helm"
SERVICES = ("gateway", "collab", "kmeans", "posters")
BACKENDS = ("collab", "kmeans", "posters")

Obj = dict[str, Any]


def install_helm() -> Path:
    """helm from scripts/tools.sh (the `make tools` mechanism), charts' dependencies built.

    Raises with the script's output when it cannot: the deploy tests fail, never skip.
    """
    tools = subprocess.run(
        [str(REPO / "scripts" / "tools.sh")], capture_output=True, text=True, check=False
    )
    assert tools.returncode == 0, f"scripts/tools.sh failed:\n{tools.stderr}"
    helm = Path(tools.stdout.strip().splitlines()[-1]) / "helm"
    deps = subprocess.run(
        [str(REPO / "scripts" / "helm_deps.sh")],
        capture_output=True,
        text=True,
        check=False,
        env={"HELM": str(helm), "PATH": "/usr/bin:/bin"},
    )
    assert deps.returncode == 0, f"scripts/helm_deps.sh failed:\n{deps.stderr}"
    return helm


@dataclass(frozen=True)
class Helm:
    binary: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.binary), *args], capture_output=True, text=True, check=False, cwd=REPO
        )

    def template(
        self, chart: str, *values: Path, sets: Iterable[str] = (), release: str = "mr"
    ) -> list[Obj]:
        """The objects `helm template` renders for ``chart`` with the given values."""
        args = ["template", release, str(CHARTS / chart), "--namespace", "movierec"]
        for path in values:
            args += ["-f", str(path)]
        for item in sets:
            args += ["--set", item]
        result = self.run(*args)
        assert result.returncode == 0, f"helm {' '.join(args)}:\n{result.stderr}"
        return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def of_kind(objects: list[Obj], kind: str) -> list[Obj]:
    return [o for o in objects if o["kind"] == kind]


def named(objects: list[Obj], kind: str, name: str) -> Obj:
    found = [o for o in of_kind(objects, kind) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: found {len(found)}"
    return found[0]


def pod_spec(obj: Obj) -> Obj:
    spec: Obj = obj["spec"]["template"]["spec"]
    return spec


def containers(obj: Obj) -> Iterator[Obj]:
    spec = pod_spec(obj)
    yield from spec.get("initContainers", [])
    yield from spec["containers"]


def pod_labels(obj: Obj) -> dict[str, str]:
    labels: dict[str, str] = obj["spec"]["template"]["metadata"]["labels"]
    return labels


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    """Whether a matchLabels selector picks pods with ``labels``."""
    return all(labels.get(key) == value for key, value in selector.items())


def service_of(deployment: Obj) -> str:
    name: str = pod_labels(deployment)["app.kubernetes.io/name"]
    return name

"""The one Dockerfile: what each service's image installs and runs, as far as it can be read
without building. Building and running them is scripts/image_smoke.sh (`make image-smoke`).
"""

from __future__ import annotations

import importlib.util
import re
import tomllib

import pytest

from tests.deploy.helm import REPO, SERVICES

EXTRAS = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
DOCKERFILE = REPO / "Dockerfile"


def stages() -> list[list[str]]:
    """Instructions per build stage, continuation lines joined, comments dropped."""
    text = DOCKERFILE.read_text()
    lines = [line for line in text.replace("\\\n", " ").splitlines() if line.strip()]
    result: list[list[str]] = [[]]
    for line in lines:
        if line.lstrip().startswith("#"):
            continue
        if line.startswith("FROM "):
            result.append([])
        result[-1].append(line.strip())
    return result


def test_one_dockerfile_serves_every_service() -> None:
    assert not list((REPO / "services").glob("*/Dockerfile"))
    for stage in stages()[1:]:
        assert "ARG SERVICE" in stage, stage[0]


def test_base_image_is_an_argument_with_an_official_default() -> None:
    preamble = stages()[0]
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in preamble
    assert stages()[-1][0] == "FROM ${BASE_IMAGE}"


@pytest.mark.parametrize("service", SERVICES)
def test_only_the_services_extra_is_installed(service: str) -> None:
    (install,) = [line for stage in stages() for line in stage if "pip install" in line]
    cases = dict(re.findall(r'([a-z|]+)\) extras="([^"]+)"', install))
    chosen = next(extras for names, extras in cases.items() if service in names.split("|"))
    chosen = chosen.replace("$SERVICE", service).split(",")
    assert chosen[0] == service
    assert all(extra in EXTRAS for extra in chosen)
    assert set(chosen[1:]) <= {"collab": {"train"}}.get(service, set()), chosen


def test_final_stage_runs_the_service_module_as_non_root() -> None:
    final = stages()[-1]
    (user,) = [line.split()[1] for line in final if line.startswith("USER ")]
    assert user.split(":")[0].isdigit()
    assert int(user.split(":")[0]) != 0
    (cmd,) = [line for line in final if line.startswith("CMD ")]
    assert cmd == 'CMD ["sh", "-c", "exec python -m \\"movierec_$MOVIEREC_SERVICE\\""]'
    env = " ".join(line for line in final if line.startswith("ENV"))
    assert "MOVIEREC_SERVICE=${SERVICE}" in env
    for service in SERVICES:
        assert importlib.util.find_spec(f"movierec_{service}.__main__") is not None
        assert f"MOVIEREC_{service.upper()}_HOST=0.0.0.0" in env
    assert not any(line.startswith("HEALTHCHECK") for line in final)
    labels = " ".join(line for line in final if line.startswith("LABEL"))
    for key in ("title", "source", "version", "revision", "licenses"):
        assert f"org.opencontainers.image.{key}=" in labels


def test_no_data_model_or_secret_is_copied_in() -> None:
    copies = [line for stage in stages() for line in stage if line.startswith("COPY")]
    sources = {word for line in copies for word in line.split()[1:-1] if not word.startswith("--")}
    assert sources <= {"pyproject.toml", "README.md", "services/", "web/", "/opt/venv", "/out"}
    env = " ".join(line for line in stages()[-1] if line.startswith("ENV"))
    assert not re.search(r"(KEY|SECRET|PASSWORD|TOKEN)=", env)


def test_dockerignore_is_an_allow_list() -> None:
    lines = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "**", "everything is excluded first"
    allowed = {line[1:].rstrip("/*") for line in lines if line.startswith("!")}
    assert allowed == {"pyproject.toml", "README.md", "services", "web"}
    assert "web/node_modules" in lines

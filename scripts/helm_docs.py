"""Write each chart's values.schema.json and the values table of its README from values.yaml.

Run after changing a chart's values: ``python scripts/helm_docs.py``. The description of a
key is the comment block right above it in values.yaml; types come from the defaults, with
the constraints below (enums, ranges, free-form maps) added by hand. ``--check`` exits 1
when a committed file is out of date (the deploy tests run it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from movierec.model_catalogue import names

HELM = Path(__file__).resolve().parent.parent / "helm"
CHARTS = ["gateway", "collab", "kmeans", "posters", "movierec"]
#: Maps whose keys are the user's (labels, annotations, Kubernetes objects passed through).
FREE_FORM = {
    "annotations",
    "podAnnotations",
    "podLabels",
    "nodeSelector",
    "affinity",
    "resources",
    "podSecurityContext",
    "securityContext",
    "extraConfig",
    "behavior",
    "requests",
    "limits",
    "seccompProfile",
    "capabilities",
}
#: Per-key constraints, by the key's last name or its dotted path.
EXTRA: dict[str, dict[str, Any]] = {
    "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
    "logLevel": {"enum": ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]},
    "service.type": {"enum": ["ClusterIP", "NodePort", "LoadBalancer"]},
    "port": {"minimum": 1, "maximum": 65535},
    "service.port": {"minimum": 1, "maximum": 65535},
    "replicaCount": {"minimum": 0},
    "autoscaling.minReplicas": {"minimum": 1},
    "autoscaling.maxReplicas": {"minimum": 1},
    "autoscaling.targetCPUUtilizationPercentage": {"minimum": 1, "maximum": 100},
    "autoscaling.targetMemoryUtilizationPercentage": {"minimum": 0, "maximum": 100},
    "podDisruptionBudget.maxUnavailable": {"type": ["integer", "string"]},
    "podDisruptionBudget.minAvailable": {"type": ["integer", "string"]},
    "backends.timeoutSeconds": {"type": "number", "exclusiveMinimum": 0},
    "dataset.source": {"minLength": 1},
    "prepare.seed": {"minimum": 0},
    # The model catalogue's names, so a typo fails `helm lint` instead of the Job.
    "prepare.algorithms": {"items": {"enum": names()}, "uniqueItems": True},
}
SUBCHARTS = {"gateway", "collab", "kmeans", "posters"}


def _type(value: Any) -> str | list[str]:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def schema_of(value: Any, path: str, chart: str) -> dict[str, Any]:
    name = path.rsplit(".", 1)[-1]
    if chart == "movierec" and path in SUBCHARTS:
        # Each subchart checks its own values; here only that it is a map with `enabled`.
        return {
            "type": "object",
            "properties": {"enabled": {"type": "boolean"}},
            "description": f"Values of the {path} chart (helm/{path}/README.md).",
        }
    schema: dict[str, Any] = {"type": _type(value)}
    if isinstance(value, dict) and name not in FREE_FORM:
        schema["properties"] = {
            key: schema_of(child, f"{path}.{key}" if path else key, chart)
            for key, child in value.items()
        }
        schema["additionalProperties"] = False
    schema.update(EXTRA.get(path, EXTRA.get(name, {})) if path else {})
    return schema


def comments(text: str) -> dict[str, str]:
    """Dotted key -> the comment block above it (indentation gives the nesting)."""
    found: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    block: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            block.append(stripped.lstrip("#").strip())
            continue
        match = re.match(r"^(\s*)([A-Za-z0-9_]+):", line)
        if not match or stripped.startswith("-"):
            block = []
            continue
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key = ".".join([k for _, k in stack] + [match.group(2)])
        stack.append((indent, match.group(2)))
        if block and not (indent == 0 and not stack[:-1] and len(block) > 3):
            found[key] = " ".join(block)
        block = []
    return found


def rows(value: Any, path: str, notes: dict[str, str], chart: str) -> list[tuple[str, str, str]]:
    name = path.rsplit(".", 1)[-1]
    leaf = (
        not isinstance(value, dict)
        or not value
        or name in FREE_FORM
        or (chart == "movierec" and path in SUBCHARTS)
    )
    if leaf and path:
        default = json.dumps(value) if not isinstance(value, str) else f'"{value}"'
        if chart == "movierec" and path in SUBCHARTS:
            default = "see helm/" + path
        return [(path, default, notes.get(path, ""))]
    out: list[tuple[str, str, str]] = []
    for key, child in value.items():
        out += rows(child, f"{path}.{key}" if path else key, notes, chart)
    return out


def table(chart: str) -> str:
    text = (HELM / chart / "values.yaml").read_text()
    values = yaml.safe_load(text)
    notes = comments(text)
    lines = ["| key | default | description |", "|---|---|---|"]
    for key, default, note in rows(values, "", notes, chart):
        cell = default.replace("|", "\\|")
        if len(cell) > 60:
            cell = cell[:57] + "..."
        lines.append(f"| `{key}` | `{cell}` | {note.replace('|', '/')} |")
    return "\n".join(lines)


def schema(chart: str) -> str:
    values = yaml.safe_load((HELM / chart / "values.yaml").read_text())
    body = schema_of(values, "", chart)
    body["properties"]["global"] = {"type": "object"}
    body.pop("additionalProperties", None)  # an umbrella may pass global and its own keys
    if chart != "movierec":
        # What an umbrella adds to a subchart's values: its condition and the library's values.
        body["properties"]["enabled"] = {"type": "boolean"}
        body["properties"]["movierec-common"] = {"type": "object"}
        body["additionalProperties"] = False
    document = {"$schema": "https://json-schema.org/draft-07/schema#", "title": chart, **body}
    return json.dumps(document, indent=2) + "\n"


BEGIN, END = "<!-- values:begin -->", "<!-- values:end -->"


def readme(chart: str) -> str:
    current = (HELM / chart / "README.md").read_text()
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table(chart)}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="Fail when a file is stale.")
    args = parser.parse_args()
    stale = []
    for chart in CHARTS:
        for path, text in (
            (HELM / chart / "values.schema.json", schema(chart)),
            (HELM / chart / "README.md", readme(chart)),
        ):
            if path.exists() and path.read_text() == text:
                continue
            if args.check:
                stale.append(str(path))
            else:
                path.write_text(text)
                print(f"wrote {path}")
    for name in stale:
        print(f"stale: {name} (run python scripts/helm_docs.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())

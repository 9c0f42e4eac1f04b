"""Strict validation of rendered objects against the Kubernetes JSON schemas of kubernetes-validate.

Same schema files and rules as ``kubernetes_validate.validate(obj, version, strict=True)``,
but each validator is built once: the library re-reads the large definitions file per object.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import jsonschema
import kubernetes_validate
from kubernetes_validate import utils
from referencing import Registry, Resource

VERSIONS = ("1.30", utils.major_minor(utils.latest_version()))


@lru_cache(maxsize=8)
def _registry(schema_dir: str) -> Registry[Any]:
    definitions = utils.schema_contents(
        f"kubernetes-json-schema/{schema_dir}/_definitions.json", schema_dir
    )
    return Resource.from_contents(definitions) @ Registry()


@lru_cache(maxsize=256)
def _validator(version: str, kind: str, api_version: str) -> jsonschema.Draft202012Validator:
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    schema_dir = f"v{version}.0-local-strict"
    name = f"kubernetes-json-schema/{schema_dir}/{kind.lower()}-{group}.json"
    try:
        schema = utils.schema_contents(name, version)
    except FileNotFoundError:
        raise kubernetes_validate.SchemaNotFoundError(
            version=version, kind=kind, api_version=api_version
        ) from None
    registry = Resource.from_contents(schema) @ _registry(schema_dir)
    return jsonschema.Draft202012Validator(schema, registry=registry)


def validate(obj: dict[str, Any], version: str) -> None:
    """Raise jsonschema.ValidationError when ``obj`` is not a valid object of ``version``."""
    _validator(version, obj["kind"], obj["apiVersion"]).validate(obj)

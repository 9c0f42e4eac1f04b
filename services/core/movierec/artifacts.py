"""Trained models on disk: a directory of arrays plus ``manifest.json``.

An artifact records what it was trained on (dataset name and file checksums) so a service
never serves a model against a catalogue it does not match, and what it measured offline.
Directories are written under a temporary name and renamed, so a reader never sees half
an artifact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from movierec.data.dataset import Dataset
from movierec.errors import MovierecError
from movierec.recommender import Recommender
from movierec.registry import model_class

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
ARRAYS = "arrays.npz"


class ArtifactError(MovierecError):
    """An artifact is missing, from another schema, or trained on other data."""


@dataclass(frozen=True)
class DatasetStamp:
    """What identifies the training data: its name and the checksum of every file read."""

    name: str
    checksums: dict[str, str]
    users: int = 0
    movies: int = 0
    ratings: int = 0

    @classmethod
    def of(cls, dataset: Dataset) -> DatasetStamp:
        return cls(
            dataset.name,
            dict(sorted(dataset.checksums.items())),
            dataset.n_users,
            dataset.n_movies,
            dataset.n_ratings,
        )

    def mismatch(self, other: DatasetStamp) -> str | None:
        """Why ``other`` is not the same data, or None when it is."""
        if self.name != other.name:
            return f"trained on data set {self.name!r}, not {other.name!r}"
        changed = sorted(
            f
            for f in set(self.checksums) | set(other.checksums)
            if self.checksums.get(f) != other.checksums.get(f)
        )
        if changed:
            return f"data files differ from the ones trained on: {', '.join(changed)}"
        return None


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    algorithm: str
    params: dict[str, Any]
    dataset: DatasetStamp
    created: str
    arrays_sha256: str
    metrics: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Short id of the trained weights, shown to API clients as the model version."""
        return self.arrays_sha256[:12]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, default=_json_default)

    @classmethod
    def from_json(cls, text: str, where: Path) -> Manifest:
        try:
            raw = json.loads(text)
            version = raw.get("schema_version")
            if version != SCHEMA_VERSION:
                raise ArtifactError(
                    f"{where}: schema version {version}, this movierec reads {SCHEMA_VERSION};"
                    " retrain with `movierec train`"
                )
            raw["dataset"] = DatasetStamp(**raw["dataset"])
            return cls(**raw)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ArtifactError(f"{where}: unreadable manifest ({exc})") from exc


def _json_default(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_artifact(
    model: Recommender,
    dataset: Dataset,
    model_dir: Path,
    *,
    metrics: dict[str, Any] | None = None,
    training: dict[str, Any] | None = None,
) -> Path:
    """Write ``model`` to a new directory under ``model_dir`` and return its path."""
    model_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    name = f"{model.algorithm}-{dataset.name}-{created.strftime('%Y%m%dT%H%M%S%fZ')}"
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=model_dir))
    try:
        arrays = {f"state__{k}": np.asarray(v) for k, v in model.get_state().items()}
        arrays["movie_ids"] = dataset.movie_ids
        # Uncompressed: loads fast, and could be memory-mapped.
        np.savez(tmp / ARRAYS, allow_pickle=False, **arrays)
        manifest = Manifest(
            schema_version=SCHEMA_VERSION,
            algorithm=model.algorithm,
            params=dict(model.params),
            dataset=DatasetStamp.of(dataset),
            created=created.isoformat(),
            arrays_sha256=_sha256(tmp / ARRAYS),
            metrics=metrics or {},
            training=training or {},
        )
        (tmp / MANIFEST).write_text(manifest.to_json() + "\n")
        final = model_dir / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def read_manifest(path: Path) -> Manifest:
    file = path / MANIFEST
    if not file.is_file():
        raise ArtifactError(f"{path}: not an artifact (no {MANIFEST})")
    return Manifest.from_json(file.read_text(), file)


@dataclass(frozen=True)
class Artifact:
    path: Path
    manifest: Manifest
    model: Recommender
    movie_ids: np.ndarray


def load_artifact(path: Path, expect: DatasetStamp | None = None) -> Artifact:
    """Load and check an artifact; ``expect`` is the data it must have been trained on."""
    manifest = read_manifest(path)
    if expect is not None and (why := manifest.dataset.mismatch(expect)):
        raise ArtifactError(f"{path}: {why}")
    arrays_file = path / ARRAYS
    if not arrays_file.is_file():
        raise ArtifactError(f"{path}: {ARRAYS} is missing")
    if _sha256(arrays_file) != manifest.arrays_sha256:
        raise ArtifactError(f"{path}: {ARRAYS} does not match the checksum in {MANIFEST}")
    with np.load(arrays_file) as npz:
        state = {k.removeprefix("state__"): npz[k] for k in npz.files if k.startswith("state__")}
        movie_ids = npz["movie_ids"]
    model = model_class(manifest.algorithm)(**manifest.params).set_state(state)
    return Artifact(path, manifest, model, movie_ids)


def find_latest(model_dir: Path, algorithm: str, expect: DatasetStamp) -> Path | None:
    """The newest artifact of ``algorithm`` in ``model_dir`` trained on ``expect``'s data."""
    if not model_dir.is_dir():
        return None
    best: tuple[str, Path] | None = None
    for candidate in model_dir.iterdir():
        if candidate.name.startswith(".") or not (candidate / MANIFEST).is_file():
            continue
        try:
            manifest = read_manifest(candidate)
        except ArtifactError:
            continue
        if manifest.algorithm != algorithm or manifest.dataset.mismatch(expect):
            continue
        if best is None or manifest.created > best[0]:
            best = (manifest.created, candidate)
    return None if best is None else best[1]

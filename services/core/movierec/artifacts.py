"""Trained models on disk: a directory of arrays plus ``manifest.json``.

An artifact records what it was trained on (dataset name and file checksums) so a service
never serves a model against a catalogue it does not match, and what it measured offline.
Directories are written under a temporary name and renamed, so a reader never sees half
an artifact. Each array is one ``.npy`` file in ``arrays/``, opened memory-mapped: a model
of several GB (EASE at MovieLens-25M size) loads in seconds, and the replicas on one node
share its pages instead of holding a copy each.
"""

from __future__ import annotations

import hashlib
import json
import logging
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
from movierec.model_catalogue import model_class
from movierec.recommender import Recommender

SCHEMA_VERSION = 2
MANIFEST = "manifest.json"
ARRAYS = "arrays"

log = logging.getLogger("movierec.artifacts")


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
    #: One digest over every array file's name and sha256 (``arrays``).
    arrays_sha256: str
    #: sha256 of each array file, by array name.
    arrays: dict[str, str] = field(default_factory=dict)
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
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _digest(arrays: dict[str, str]) -> str:
    """One checksum for all array files: the model version clients see."""
    return hashlib.sha256(json.dumps(arrays, sort_keys=True).encode()).hexdigest()


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
        (tmp / ARRAYS).mkdir()
        sums = {}
        for key, array in arrays.items():
            file = tmp / ARRAYS / f"{key}.npy"
            np.save(file, array, allow_pickle=False)
            sums[key] = _sha256(file)
        manifest = Manifest(
            schema_version=SCHEMA_VERSION,
            algorithm=model.algorithm,
            params=dict(model.params),
            dataset=DatasetStamp.of(dataset),
            created=created.isoformat(),
            arrays_sha256=_digest(sums),
            arrays=sums,
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
    """Load and check an artifact; ``expect`` is the data it must have been trained on.

    Arrays open memory-mapped (read-only), after their checksums are verified.
    """
    manifest = read_manifest(path)
    if expect is not None and (why := manifest.dataset.mismatch(expect)):
        raise ArtifactError(f"{path}: {why}")
    if _digest(manifest.arrays) != manifest.arrays_sha256 or "movie_ids" not in manifest.arrays:
        raise ArtifactError(f"{path}: the array list in {MANIFEST} is inconsistent")
    arrays = {}
    for key, digest in manifest.arrays.items():
        file = path / ARRAYS / f"{key}.npy"
        if not file.is_file():
            raise ArtifactError(f"{path}: {ARRAYS}/{file.name} is missing")
        if _sha256(file) != digest:
            raise ArtifactError(
                f"{path}: {ARRAYS}/{file.name} does not match the checksum in {MANIFEST}"
            )
        arrays[key] = np.load(file, mmap_mode="r", allow_pickle=False)
    state = {k.removeprefix("state__"): v for k, v in arrays.items() if k.startswith("state__")}
    model = model_class(manifest.algorithm)(**manifest.params).set_state(state)
    return Artifact(path, manifest, model, np.asarray(arrays["movie_ids"]))


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
        except ArtifactError as exc:
            log.warning("skipping artifact: %s", exc)
            continue
        if manifest.algorithm != algorithm or manifest.dataset.mismatch(expect):
            continue
        if best is None or manifest.created > best[0]:
            best = (manifest.created, candidate)
    return None if best is None else best[1]

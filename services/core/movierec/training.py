"""Training a model and getting a servable one: newest matching artifact, else train now."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from movierec.artifacts import (
    SCHEMA_VERSION,
    Artifact,
    DatasetStamp,
    Manifest,
    find_latest,
    load_artifact,
    save_artifact,
)
from movierec.data.dataset import Dataset
from movierec.evaluation.runner import ModelResult, ModelSpec, Protocol, evaluate_fold
from movierec.evaluation.split import strong_generalization
from movierec.memory import peak_rss_mb
from movierec.model_catalogue import model_class
from movierec.recommender import Recommender


def build_model(
    algorithm: str, params: dict[str, Any] | None = None, seed: int = 42
) -> Recommender:
    """A fresh model; ``seed`` goes to models that take a ``random_state``."""
    cls = model_class(algorithm)
    merged = dict(params or {})
    if "random_state" in cls.default_params():
        merged.setdefault("random_state", seed)
    return cls(**merged)


def offline_metrics(
    dataset: Dataset, algorithm: str, params: dict[str, Any] | None, seed: int
) -> dict[str, Any]:
    """Recall@20/NDCG@10 on one fold of the evaluation protocol, for the manifest."""
    protocol = Protocol(seed=seed)
    fold = next(iter(strong_generalization(dataset.ratings, protocol.folds, seed)))
    spec = ModelSpec(algorithm, "project", lambda: build_model(algorithm, params, seed))
    results: dict[str, ModelResult] = {}
    evaluate_fold(fold, [spec], protocol, results)
    summary = results[algorithm].summary(spec)
    return {
        "protocol": "strong-generalisation, fold 1 of 5",
        "seed": seed,
        "recall@20": round(summary["recall@20"], 4),
        "ndcg@10": round(summary["ndcg@10"], 4),
        "users": summary["users"],
        "p50_ms": round(summary["p50_ms"], 3),
    }


def train(
    dataset: Dataset,
    algorithm: str,
    *,
    params: dict[str, Any] | None = None,
    seed: int = 42,
) -> tuple[Recommender, dict[str, Any]]:
    """Fit ``algorithm`` on the whole data set; returns the model and training stats."""
    model = build_model(algorithm, params, seed)
    start = time.perf_counter()
    model.fit(dataset.ratings)
    stats = {
        "fit_s": round(time.perf_counter() - start, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "seed": seed,
    }
    return model, stats


def train_and_save(
    dataset: Dataset,
    algorithm: str,
    model_dir: Path,
    *,
    params: dict[str, Any] | None = None,
    seed: int = 42,
    with_metrics: bool = True,
) -> Path:
    model, stats = train(dataset, algorithm, params=params, seed=seed)
    metrics = offline_metrics(dataset, algorithm, params, seed) if with_metrics else {}
    return save_artifact(model, dataset, model_dir, metrics=metrics, training=stats)


def load_or_train(
    dataset: Dataset, algorithm: str, model_dir: Path | None, *, seed: int = 42
) -> Artifact:
    """The newest artifact for this data, or a model trained now (saved when possible)."""
    stamp = DatasetStamp.of(dataset)
    if model_dir is not None and (found := find_latest(model_dir, algorithm, stamp)):
        return load_artifact(found, expect=stamp)
    if model_dir is not None:
        try:
            path = train_and_save(dataset, algorithm, model_dir, seed=seed, with_metrics=False)
            return load_artifact(path, expect=stamp)
        except OSError:
            pass  # read-only model dir: serve the in-memory model
    model, _ = train(dataset, algorithm, seed=seed)
    manifest = Manifest(
        schema_version=SCHEMA_VERSION,
        algorithm=algorithm,
        params=dict(model.params),
        dataset=stamp,
        created="",
        arrays_sha256="in-memory",
    )
    return Artifact(Path(), manifest, model, dataset.movie_ids)

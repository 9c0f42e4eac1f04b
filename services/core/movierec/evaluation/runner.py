"""Run the evaluation protocol for project models and peers on the same folds, in one run."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from movierec.evaluation.metrics import ndcg_at_k, recall_at_k, recall_curve
from movierec.evaluation.split import Fold, TestUser, strong_generalization
from movierec.memory import MemoryBudgetError
from movierec.recommender import Recommender

Role = Literal["collab-default", "kmeans-default", "project", "peer"]


@dataclass(frozen=True)
class ModelSpec:
    """A model under evaluation; slow peers may be measured on a seeded sample of test users."""

    name: str
    role: Role
    factory: Callable[[], Recommender]
    max_users_per_fold: int | None = None
    description: str = ""


@dataclass
class ModelResult:
    recall: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)
    #: Per user, Recall@k at each k of ``Protocol.curve_ks``.
    curve: list[np.ndarray] = field(default_factory=list)
    fit_s: float = 0.0
    fit_peak_mb: float = 0.0
    #: Why the model was not evaluated (it does not fit the memory budget), else None.
    skipped: str | None = None

    def summary(self, spec: ModelSpec, curve_ks: Sequence[int] = ()) -> dict[str, Any]:
        times = np.asarray(self.times_ms) if self.times_ms else np.zeros(1)
        curve = np.mean(self.curve, axis=0) if self.curve and curve_ks else np.zeros(len(curve_ks))
        return {
            "skipped": self.skipped,
            "recall@20": float(np.mean(self.recall)) if self.recall else 0.0,
            "ndcg@10": float(np.mean(self.ndcg)) if self.ndcg else 0.0,
            "recall@k": {str(k): float(v) for k, v in zip(curve_ks, curve, strict=True)},
            "p50_ms": float(np.percentile(times, 50)),
            "p99_ms": float(np.percentile(times, 99)),
            "fit_s": round(self.fit_s, 3),
            "fit_peak_mb": round(self.fit_peak_mb, 1),
            "users": len(self.recall),
            "role": spec.role,
            "description": spec.description,
        }


@dataclass(frozen=True)
class Protocol:
    folds: int = 5
    seed: int = 42
    input_fraction: float = 0.8
    relevant_threshold: float = 4.0
    recall_k: int = 20
    ndcg_k: int = 10
    #: Recall@k is also recorded at each of these k, from the same list (``recommend`` is
    #: asked for the largest k; a model's top 20 of 50 is its top 20).
    curve_ks: tuple[int, ...] = tuple(range(5, 51, 5))
    #: Test users per fold, a seeded sample (None: all): bounds the time at scale.
    sample_users: int | None = None
    #: Run only the first folds (None: all), e.g. 1 of 5 on a 25M-rating set.
    max_folds: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": "strong-generalisation",
            "folds": self.folds,
            "folds_run": min(self.folds, self.max_folds or self.folds),
            "sample_users_per_fold": self.sample_users,
            "seed": self.seed,
            "input_fraction": self.input_fraction,
            "relevant_threshold": self.relevant_threshold,
            "recall_k": self.recall_k,
            "ndcg_k": self.ndcg_k,
            "recall_curve_k": list(self.curve_ks),
            "recall": "hits in top k / min(k, relevant)",
            "ndcg": "binary gains",
        }


def _sample(users: list[TestUser], limit: int | None, seed: int, fold: int) -> list[TestUser]:
    if limit is None or len(users) <= limit:
        return users
    rng = np.random.default_rng([seed, fold, 7])
    picked = np.sort(rng.choice(len(users), size=limit, replace=False))
    return [users[i] for i in picked]


def _fit_measured(spec: ModelSpec, train: sp.csr_matrix, result: ModelResult) -> Recommender:
    tracemalloc.start()
    try:
        start = time.perf_counter()
        model = spec.factory().fit(train)
        result.fit_s += time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    result.fit_peak_mb = max(result.fit_peak_mb, peak / 2**20)
    return model


def evaluate_fold(
    fold: Fold, specs: Iterable[ModelSpec], protocol: Protocol, results: dict[str, ModelResult]
) -> None:
    """Fit every model on the fold's training users and score its test users."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    k = max(protocol.recall_k, protocol.ndcg_k, *protocol.curve_ks)
    for spec in specs:
        result = results.setdefault(spec.name, ModelResult())
        if result.skipped:
            continue
        try:
            model = _fit_measured(spec, fold.train, result)
        except MemoryBudgetError as exc:
            result.skipped = str(exc)
            continue
        # Requests are timed as the services run them: one BLAS thread each.
        with threadpool_limits(limits=1):
            _score_users(model, fold, spec, protocol, result, k)


def _score_users(
    model: Recommender,
    fold: Fold,
    spec: ModelSpec,
    protocol: Protocol,
    result: ModelResult,
    k: int,
) -> None:
    limits = [n for n in (spec.max_users_per_fold, protocol.sample_users) if n is not None]
    for user in _sample(fold.test_users, min(limits, default=None), protocol.seed, fold.index):
        start = time.perf_counter()
        rec = model.recommend(user.input_items, user.input_ratings, k)
        result.times_ms.append((time.perf_counter() - start) * 1000.0)
        result.recall.append(recall_at_k(rec.items, user.relevant, protocol.recall_k))
        result.ndcg.append(ndcg_at_k(rec.items, user.relevant, protocol.ndcg_k))
        result.curve.append(recall_curve(rec.items, user.relevant, protocol.curve_ks))


def run_evaluation(
    ratings: sp.csr_matrix,
    specs: list[ModelSpec],
    protocol: Protocol,
    on_fold: Callable[[int], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Evaluate all ``specs`` on the same folds; returns per-model summaries keyed by name."""
    roles = [s.role for s in specs]
    for role in ("collab-default", "kmeans-default"):
        if roles.count(role) > 1:
            raise ValueError(f"more than one model has role {role}")
    results: dict[str, ModelResult] = {}
    folds = strong_generalization(
        ratings,
        n_folds=protocol.folds,
        seed=protocol.seed,
        input_fraction=protocol.input_fraction,
        relevant_threshold=protocol.relevant_threshold,
    )
    for fold in folds:
        if protocol.max_folds is not None and fold.index >= protocol.max_folds:
            break
        evaluate_fold(fold, specs, protocol, results)
        if on_fold is not None:
            on_fold(fold.index)
    return {spec.name: results[spec.name].summary(spec, protocol.curve_ks) for spec in specs}

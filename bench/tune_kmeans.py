"""Measure the K-Means recommender under the evaluation protocol (5 folds, seed 42) on MovieLens.

Usage::

    python bench/tune_kmeans.py [DATA_DIR] [--folds N] [--original [--peer-users N]]
                                [--choose-k] [name=value ...]

Prints Recall@20 / NDCG@10 per fold and their mean, with p50/p99 time per ``recommend``, for
the K-Means model and popularity on the same split. ``--original`` adds the original-style
per-request K-Means (seconds per request; ``--peer-users N`` scores it on the first N test
users of each fold only). ``--choose-k`` runs :func:`movierec_kmeans.selection.choose_k` on
the whole data set first. ``name=value`` arguments override model parameters.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from movierec.data.sources import load_dataset
from movierec.evaluation.metrics import ndcg_at_k, recall_at_k
from movierec.evaluation.original_kmeans import OriginalKMeans
from movierec.evaluation.split import Fold, strong_generalization
from movierec.recommender import Popularity, Recommender
from movierec_kmeans.model import KMeansRecommender
from movierec_kmeans.selection import DEFAULT_CANDIDATES, choose_k

DEFAULT_DATA = Path(os.environ.get("MOVIEREC_DATA_DIR", "/work/shared/datasets/ml-latest-small"))


def load_ratings(path: Path) -> tuple[sp.csr_matrix, pd.DataFrame]:
    """Users x movies rating matrix and the catalogue (its rows are the matrix's columns)."""
    dataset = load_dataset(path)
    return dataset.ratings, dataset.movies


def evaluate(model: Recommender, fold: Fold) -> tuple[float, float, list[float]]:
    """Mean Recall@20 and NDCG@10 over the fold's test users, and each recommend's seconds."""
    recalls, ndcgs, times = [], [], []
    for user in fold.test_users:
        start = time.perf_counter()
        rec = model.recommend(user.input_items, user.input_ratings, 20)
        times.append(time.perf_counter() - start)
        recalls.append(recall_at_k(rec.items, user.relevant, 20))
        ndcgs.append(ndcg_at_k(rec.items, user.relevant, 10))
    return float(np.mean(recalls)), float(np.mean(ndcgs)), times


def parse_value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def report(name: str, rows: list[tuple[float, float]], times: list[float]) -> None:
    recall, ndcg = np.mean(rows, axis=0)
    p50, p99 = np.percentile(np.asarray(times) * 1e3, [50, 99])
    print(
        f"{name:>16}: Recall@20 {recall:.4f}  NDCG@10 {ndcg:.4f}  "
        f"recommend p50 {p50:.3f} ms  p99 {p99:.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5, help="how many of the 5 folds to run")
    parser.add_argument("--original", action="store_true")
    parser.add_argument("--choose-k", action="store_true")
    parser.add_argument(
        "--peer-users",
        type=int,
        default=0,
        help="score the slow original-style peer on only this many test users per fold",
    )
    parser.add_argument("params", nargs="*", default=[])
    args = parser.parse_args()
    # argparse puts a leading name=value into ``data``; move it back to the params.
    if "=" in str(args.data):
        args.params.insert(0, str(args.data))
        args.data = DEFAULT_DATA
    overrides = {k: parse_value(v) for k, v in (p.split("=", 1) for p in args.params)}
    ratings, _ = load_ratings(args.data)
    print(f"{ratings.shape[0]} users, {ratings.shape[1]} movies, {ratings.nnz} ratings")
    if args.choose_k:
        start = time.perf_counter()
        best, table = choose_k(ratings, DEFAULT_CANDIDATES, seed=0)
        for k, score in table.items():
            print(f"  k={k:<4} validation Recall@20 {score:.4f}")
        print(f"choose_k -> {best} ({time.perf_counter() - start:.1f} s)")

    models: dict[str, Any] = {
        "kmeans": lambda: KMeansRecommender(**overrides),
        "popularity": Popularity,
    }
    if args.original:
        models["original-kmeans"] = OriginalKMeans
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in models}
    times: dict[str, list[float]] = {name: [] for name in models}
    for all_users in strong_generalization(ratings, n_folds=5, seed=42):
        if all_users.index >= args.folds:
            break
        for name, make in models.items():
            fold = all_users
            start = time.perf_counter()
            model = make().fit(fold.train)
            fit_s = time.perf_counter() - start
            if name == "original-kmeans" and args.peer_users:
                fold = replace(fold, test_users=fold.test_users[: args.peer_users])
            recall, ndcg, took = evaluate(model, fold)
            results[name].append((recall, ndcg))
            times[name].extend(took)
            print(
                f"fold {fold.index} {name:>16}: Recall@20 {recall:.4f}  NDCG@10 {ndcg:.4f}"
                f"  (fit {fit_s:.2f} s, {len(fold.test_users)} users)"
            )
    for name in models:
        if results[name]:
            report(name, results[name], times[name])


if __name__ == "__main__":
    main()

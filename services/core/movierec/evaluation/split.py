"""Strong generalisation: folds over users, each test user split into input and held-out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class TestUser:
    """One held-out user: what the model is told, and which held-out movies count as hits."""

    row: int
    input_items: np.ndarray
    input_ratings: np.ndarray
    relevant: np.ndarray


@dataclass(frozen=True)
class Fold:
    index: int
    train: sp.csr_matrix
    train_rows: np.ndarray
    test_users: list[TestUser]


def fold_of_users(n_users: int, n_folds: int, seed: int) -> np.ndarray:
    """Fold number of each user row: a seeded permutation dealt round-robin."""
    rng = np.random.default_rng(seed)
    folds = np.empty(n_users, dtype=np.int64)
    folds[rng.permutation(n_users)] = np.arange(n_users) % n_folds
    return folds


def split_user(
    items: np.ndarray,
    ratings: np.ndarray,
    rng: np.random.Generator,
    input_fraction: float,
    relevant_threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle one user's ratings, give the first part as input, keep liked held-out movies."""
    order = rng.permutation(items.size)
    n_input = int(np.floor(input_fraction * items.size))
    given, held = order[:n_input], order[n_input:]
    relevant = items[held][ratings[held] >= relevant_threshold]
    return items[given], ratings[given], relevant


def strong_generalization(
    ratings: sp.csr_matrix,
    n_folds: int = 5,
    seed: int = 42,
    input_fraction: float = 0.8,
    relevant_threshold: float = 4.0,
) -> Iterator[Fold]:
    """The folds of the evaluation protocol; users with no liked held-out movie are skipped."""
    ratings = sp.csr_matrix(ratings)
    folds = fold_of_users(ratings.shape[0], n_folds, seed)
    for k in range(n_folds):
        rng = np.random.default_rng([seed, k])
        train_rows = np.flatnonzero(folds != k)
        test_users: list[TestUser] = []
        for row in np.flatnonzero(folds == k):
            start, end = ratings.indptr[row], ratings.indptr[row + 1]
            items = ratings.indices[start:end].astype(np.int64)
            values = ratings.data[start:end].astype(np.float32)
            given, given_r, relevant = split_user(
                items, values, rng, input_fraction, relevant_threshold
            )
            if relevant.size and given.size:
                test_users.append(TestUser(int(row), given, given_r, relevant))
        yield Fold(k, ratings[train_rows], train_rows, test_users)

"""Ranking metrics of the protocol: Recall@k over min(k, relevant) and binary-gain NDCG@k."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def recall_at_k(ranked: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """Hits in the top ``k`` divided by ``min(k, |relevant|)``; 0 when nothing is relevant."""
    if relevant.size == 0:
        return 0.0
    hits = np.isin(np.asarray(ranked)[:k], relevant).sum()
    return float(hits) / min(k, relevant.size)


def recall_curve(ranked: np.ndarray, relevant: np.ndarray, ks: Sequence[int]) -> np.ndarray:
    """:func:`recall_at_k` at every k of ``ks`` from one ranked list (one pass over it)."""
    at = np.asarray(ks, dtype=np.int64)
    if relevant.size == 0 or at.size == 0:
        return np.zeros(at.size)
    hits = np.cumsum(np.isin(np.asarray(ranked)[: at.max()], relevant))
    found = hits[np.minimum(at, hits.size) - 1] if hits.size else np.zeros(at.size)
    return found / np.minimum(at, relevant.size)


def ndcg_at_k(ranked: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """DCG of the top ``k`` with gain 1 per hit, over the ideal DCG for ``|relevant|`` hits."""
    if relevant.size == 0:
        return 0.0
    top = np.asarray(ranked)[:k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = float(discounts[: top.size][np.isin(top, relevant)].sum())
    idcg = float(discounts[: min(k, relevant.size)].sum())
    return dcg / idcg

"""Ranked lists in catalogue columns, and the merge of two of them for ``algorithm: both``.

The merge is reciprocal-rank fusion: a movie scores ``sum(1 / (K + rank))`` over the lists
it is in. Scores of different models are not comparable, ranks are; a movie both families
recommend rises to the top, and ties keep the collab list's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Source = Literal["collab", "kmeans", "popularity"]

#: The usual RRF constant: dampens the gap between the first few ranks.
RRF_K = 60.0


@dataclass(frozen=True)
class Ranked:
    """A list best first: catalogue columns, the model's scores (NaN: none), the input movie
    id explaining each (-1: none), and the list each movie came from."""

    columns: np.ndarray
    scores: np.ndarray
    because: np.ndarray
    sources: list[tuple[Source, ...]]
    fallback: bool

    @classmethod
    def single(
        cls,
        source: Source,
        columns: np.ndarray,
        scores: np.ndarray,
        because: np.ndarray,
        fallback: bool,
    ) -> Ranked:
        return cls(columns, scores, because, [(source,)] * int(columns.size), fallback)

    def __len__(self) -> int:
        return int(self.columns.size)


def _positions(columns: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of each ``wanted`` column in ``columns`` (-1 where absent)."""
    if columns.size == 0:
        return np.full(wanted.size, -1, dtype=np.int64)
    order = np.argsort(columns, kind="stable")
    pos = np.minimum(np.searchsorted(columns[order], wanted), columns.size - 1)
    return np.where(columns[order][pos] == wanted, order[pos], -1).astype(np.int64)


def merge(first: Ranked, second: Ranked, limit: int) -> Ranked:
    """Fuse two lists by rank; ``first`` wins ties and gives its explanation first."""
    columns = np.concatenate([first.columns, second.columns])
    ranks = np.concatenate([np.arange(len(first)), np.arange(len(second))]).astype(np.float64)
    unique, first_seen, inverse = np.unique(columns, return_index=True, return_inverse=True)
    fused = np.bincount(inverse, weights=1.0 / (RRF_K + ranks + 1.0), minlength=unique.size)
    order = np.lexsort((first_seen, -fused))[:limit]
    picked = unique[order]

    at_first = _positions(first.columns, picked)
    at_second = _positions(second.columns, picked)
    from_first = np.where(at_first >= 0, first.because[np.maximum(at_first, 0)], -1)
    from_second = np.where(at_second >= 0, second.because[np.maximum(at_second, 0)], -1)
    because = np.where(from_first >= 0, from_first, from_second)
    in_first, in_second = at_first >= 0, at_second >= 0
    sources: list[tuple[Source, ...]] = []
    first_source = first.sources[0][0] if first.sources else "collab"
    second_source = second.sources[0][0] if second.sources else "kmeans"
    for a, b in zip(in_first.tolist(), in_second.tolist(), strict=True):
        on = [s for s, present in ((first_source, a), (second_source, b)) if present]
        sources.append(tuple(dict.fromkeys(on)))  # two popularity lists: one source
    return Ranked(
        columns=picked,
        scores=fused[order],
        because=because,
        sources=sources,
        fallback=first.fallback and second.fallback,
    )

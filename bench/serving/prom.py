"""Quantiles from the services' Prometheus histograms (what PromQL's histogram_quantile does)."""

from __future__ import annotations

import math
from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families


def histogram_buckets(
    text: str, name: str, match: dict[str, str] | None = None
) -> list[tuple[float, float]]:
    """Cumulative ``(upper bound, count)`` of histogram ``name``, summed over matching series."""
    counts: dict[float, float] = defaultdict(float)
    for family in text_string_to_metric_families(text):
        if family.name != name:
            continue
        for sample in family.samples:
            if sample.name != f"{name}_bucket":
                continue
            labels = sample.labels
            if match and any(labels.get(k) != v for k, v in match.items()):
                continue
            counts[float(labels["le"])] += sample.value
    return sorted(counts.items())


def quantile(buckets: list[tuple[float, float]], q: float) -> float | None:
    """The ``q`` quantile, interpolated linearly inside its bucket; None without observations."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    total = buckets[-1][1]
    rank = q * total
    lower_bound, lower_count = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if math.isinf(bound):
                return lower_bound  # above the last finite bucket: its bound is all we know
            share = (rank - lower_count) / (count - lower_count) if count > lower_count else 0.0
            return lower_bound + (bound - lower_bound) * share
        lower_bound, lower_count = bound, count
    return lower_bound


def total_count(buckets: list[tuple[float, float]]) -> int:
    return int(buckets[-1][1]) if buckets else 0

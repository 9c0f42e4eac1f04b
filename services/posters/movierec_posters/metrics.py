"""The posters service's own metrics: cache layers, answers by source, OMDb calls by outcome."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class PostersMetrics:
    """Registered on the app's registry, so ``/metrics`` exports them next to the HTTP ones."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.cache_lookups = Counter(
            "movierec_posters_cache_lookups",
            "Cache lookups by layer (memory, redis) and result (hit, miss, error).",
            ("layer", "result"),
            registry=registry,
        )
        self.answers = Counter(
            "movierec_posters_answers",
            "Posters answered, by source (cache, omdb, not-found, timeout, ...).",
            ("source",),
            registry=registry,
        )
        self.upstream_calls = Counter(
            "movierec_posters_upstream_calls",
            "HTTP calls to OMDb by outcome (poster, not-found, timeout, server-error, ...).",
            ("outcome",),
            registry=registry,
        )
        self.upstream_latency = Histogram(
            "movierec_posters_upstream_duration_seconds",
            "Duration of one HTTP call to OMDb.",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0),
            registry=registry,
        )
        self.redis_up = Gauge(
            "movierec_posters_redis_up",
            "1 while Redis answers, 0 while the in-process cache stands in for it.",
            registry=registry,
        )
        self.redis_errors = Counter(
            "movierec_posters_redis_errors",
            "Redis commands that failed (connection refused, timeout, ...).",
            registry=registry,
        )

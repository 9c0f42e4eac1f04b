"""Gateway metrics: calls to each backend by outcome and latency, degraded and fallback answers."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from movierec.http.metrics import LATENCY_BUCKETS


class GatewayMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.backend_calls = Counter(
            "movierec_gateway_backend_calls",
            "Calls to collab, kmeans and posters, by outcome.",
            ("backend", "outcome"),
            registry=registry,
        )
        self.backend_latency = Histogram(
            "movierec_gateway_backend_call_duration_seconds",
            "Duration of one call to a backend, failures included.",
            ("backend",),
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.degraded = Counter(
            "movierec_gateway_degraded_answers",
            "Answers made without a part that failed.",
            ("part",),
            registry=registry,
        )
        self.fallbacks = Counter(
            "movierec_gateway_local_fallbacks",
            "Recommendations answered from the gateway's own popularity list.",
            registry=registry,
        )

        self.poster_cache = Counter(
            "movierec_gateway_poster_cache_lookups",
            "Poster URLs looked up in the gateway's own cache, by result (hit or miss).",
            ("result",),
            registry=registry,
        )

    def observe_call(self, backend: str, outcome: str, seconds: float) -> None:
        self.backend_calls.labels(backend, outcome).inc()
        self.backend_latency.labels(backend).observe(seconds)

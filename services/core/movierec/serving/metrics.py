"""What a model service measures beyond HTTP: model compute time, answers, fallbacks, loads."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

#: Seconds; the target is a model compute under 1 ms p50 (docs/architecture.md, "Targets"),
#: so the buckets start at 0.1 ms.
COMPUTE_BUCKETS = (
    0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0
)  # fmt: skip


class ServingMetrics:
    """Registered on the app's registry, so ``/metrics`` exports them next to the HTTP ones."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._answered: dict[tuple[str, str], tuple[Histogram, Counter, Counter]] = {}
        self.compute = Histogram(
            "movierec_model_compute_seconds",
            "Model time of one request (fold-in, scoring, ranking), by model.",
            ("model",),
            buckets=COMPUTE_BUCKETS,
            registry=registry,
        )
        self.placement = Counter(
            "movierec_model_computes",
            "Model computes by where they ran: inline (on the event loop) or thread.",
            ("model", "where"),
            registry=registry,
        )
        self.typical_compute = Gauge(
            "movierec_model_typical_compute_seconds",
            "CPU time of a typical request (20 ratings), measured at load; below the inline "
            "budget the model computes on the event loop.",
            ("model",),
            registry=registry,
        )
        self.recommendations = Counter(
            "movierec_recommendations",
            "Recommendation lists served, by model.",
            ("model",),
            registry=registry,
        )
        self.fallbacks = Counter(
            "movierec_fallbacks",
            "Lists that fell back to popular movies (the input told the model nothing).",
            ("model",),
            registry=registry,
        )
        self.ignored = Counter(
            "movierec_ignored_movies",
            "Rated movie ids not in the catalogue, ignored.",
            registry=registry,
        )
        self.load_seconds = Gauge(
            "movierec_model_load_seconds",
            "Time to get a model ready, by model and source (artifact or trained).",
            ("model", "source"),
            registry=registry,
        )

    def answered(self, model: str, where: str, seconds: float, fallback: bool) -> None:
        """One recommendation list by ``model``, computed ``where`` in ``seconds``."""
        children = self._answered.get((model, where))
        if children is None:  # label lookups cost more than the updates: once per kind
            children = (
                self.compute.labels(model),
                self.placement.labels(model, where),
                self.recommendations.labels(model),
            )
            self._answered[(model, where)] = children
        children[0].observe(seconds)
        children[1].inc()
        children[2].inc()
        if fallback:
            self.fallbacks.labels(model).inc()

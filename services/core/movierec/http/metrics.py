"""Prometheus metrics: one registry per app, HTTP latency and counts by route template."""

from __future__ import annotations

import gc

from fastapi import APIRouter, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    gc_collector,
    generate_latest,
    platform_collector,
    process_collector,
)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

#: Seconds; the gateway aims at p50 <= 10 ms, so the buckets are fine-grained below 50 ms.
LATENCY_BUCKETS = (
    0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0
)  # fmt: skip


def new_registry() -> CollectorRegistry:
    """A registry with the process, platform and GC collectors: one per app, so that several
    apps in one process (tests) never clash over metric names."""
    registry = CollectorRegistry(auto_describe=True)
    process_collector.ProcessCollector(registry=registry)
    platform_collector.PlatformCollector(registry=registry)
    gc_collector.GCCollector(registry=registry)
    Gauge(
        "movierec_gc_frozen_objects",
        "Objects moved out of the cycle collector's sight once loading was done (gc.freeze).",
        registry=registry,
    ).set_function(gc.get_freeze_count)
    return registry


class HttpMetrics:
    """Request count and latency by method, route template and status."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        labels = ("method", "route", "status")
        self.requests = Counter(
            "movierec_http_requests", "HTTP requests served.", labels, registry=registry
        )
        self.latency = Histogram(
            "movierec_http_request_duration_seconds",
            "Time from request start to the end of the response.",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request; unknown methods share one label so clients cannot add series."""
        key = (method if method in _METHODS else "OTHER", route, status)
        children = self._children.get(key)
        if children is None:  # first request of its kind: look the label children up once
            labels = (key[0], route, str(status))
            children = self.requests.labels(*labels), self.latency.labels(*labels)
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)


def metrics_router(registry: CollectorRegistry) -> APIRouter:
    """``GET /metrics`` in the Prometheus text format."""
    router = APIRouter()

    @router.get("/metrics", tags=["ops"], response_class=Response)
    async def metrics() -> Response:
        """Prometheus metrics of this process."""
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router

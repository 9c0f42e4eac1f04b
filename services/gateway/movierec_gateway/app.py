"""The gateway app: ``uvicorn movierec_gateway.app:app`` or ``--factory ...app:create_app``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import APIRouter, FastAPI

from movierec.http import Check, Readiness
from movierec.http import create_app as create_service_app
from movierec.http.metrics import new_registry
from movierec_gateway.clients import Backends
from movierec_gateway.clusters import ClusterProfiles
from movierec_gateway.loading import CatalogueHolder
from movierec_gateway.metrics import GatewayMetrics
from movierec_gateway.poster_cache import PosterNearCache
from movierec_gateway.posters_client import Posters
from movierec_gateway.recommend import RecommendationService
from movierec_gateway.routes.clusters import clusters_router
from movierec_gateway.routes.legacy import SKIPPED_HEADER, legacy_router
from movierec_gateway.routes.movies import movies_router
from movierec_gateway.routes.recommendations import recommendations_router
from movierec_gateway.routes.web import install_web_app
from movierec_gateway.settings import GatewaySettings

log = logging.getLogger("movierec.gateway")

DESCRIPTION = """\
The public API of movierec: rate a few movies, get recommendations with posters from
collaborative filtering, K-Means user clusters, or both.

Errors share one shape: `{"error": {"code", "message", "details"}}`. Every response carries
an `X-Request-ID` (yours, or a new one), also sent to every backend and in every log line.
The routes tagged *legacy* keep the original system's shapes for its old client.
"""


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    """The app, configured from ``settings`` or the environment."""
    settings = settings or GatewaySettings()
    registry = new_registry()
    metrics = GatewayMetrics(registry)
    holder = CatalogueHolder(
        settings.data_dir,
        settings.onboarding_pool,
        freeze=settings.gc_freeze,
        retry_max_s=settings.retry_max_s,
        reload_interval_s=settings.reload_interval_s,
    )
    backends = Backends(settings, metrics)
    posters = Posters(
        backends,
        metrics,
        PosterNearCache(settings.posters_cache_ttl_s, settings.posters_cache_size),
    )
    profiles = ClusterProfiles(backends)
    service = RecommendationService(holder, backends, posters, profiles, metrics)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await backends.start()
        holder.start()
        try:
            yield
        finally:
            await holder.stop()
            await backends.close()

    async def readiness() -> Readiness:
        """Ready once the catalogue is loaded; a backend down only makes us degraded."""
        checks: dict[str, Check] = {"catalogue": holder.check()}
        probes = {"collab": backends.collab, "kmeans": backends.kmeans, "posters": backends.posters}
        results: dict[str, Check] = {}

        async def probe(name: str) -> None:
            results[name] = await probes[name].probe()

        async with anyio.create_task_group() as group:
            for name in probes:
                group.start_soon(probe, name)
        checks.update((name, results[name]) for name in probes)
        return Readiness(checks)

    routers: list[APIRouter] = [
        movies_router(holder, backends, posters),
        recommendations_router(service),
        clusters_router(holder, profiles, posters),
        legacy_router(
            holder,
            posters,
            service,
            settings.legacy_count,
            settings.legacy_collab_count,
            recent=settings.legacy_recent,
        ),
    ]
    app = create_service_app(
        "gateway",
        settings,
        lifespan=lifespan,
        routers=routers,
        readiness=readiness,
        registry=registry,
        description=DESCRIPTION,
        cors_credentials=settings.cors_allow_credentials and "*" not in settings.cors_origins,
        cors_expose_headers=[SKIPPED_HEADER],
        image_sources=settings.image_sources,
        openapi_tags=[
            {"name": "movies", "description": "The catalogue: onboarding, search, details."},
            {"name": "recommendations", "description": "Personal recommendations."},
            {"name": "clusters", "description": "The kmeans model's taste clusters, to explore."},
            {"name": "legacy", "description": "The original system's routes and shapes."},
            {"name": "ops", "description": "Probes and metrics."},
        ],
    )
    web_dir = settings.web_dir
    if web_dir is not None and (web_dir / "index.html").is_file():
        install_web_app(app, web_dir)
    elif web_dir is not None:
        log.warning("no web app served: %s/index.html is missing", web_dir)
    app.state.catalogue = holder
    return app


app = create_app()

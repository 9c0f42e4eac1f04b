"""The posters app: ``uvicorn movierec_posters.app:app`` or ``--factory ...app:create_app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from movierec.http import create_app as create_service_app
from movierec.http import register_secret
from movierec.http.metrics import new_registry
from movierec_posters.api import posters_router
from movierec_posters.metrics import PostersMetrics
from movierec_posters.service import PosterService
from movierec_posters.settings import PostersSettings


def create_app(settings: PostersSettings | None = None) -> FastAPI:
    """The app, configured from ``settings`` or the environment."""
    settings = settings or PostersSettings()
    if settings.omdb_api_key is not None:
        register_secret(settings.omdb_api_key.get_secret_value())
    registry = new_registry()
    service = PosterService(settings, PostersMetrics(registry))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.close()

    app = create_service_app(
        "posters",
        settings,
        lifespan=lifespan,
        routers=[posters_router(service, settings.max_batch)],
        readiness=service.readiness,
        registry=registry,
        description="Poster URLs by IMDb id: a Redis cache in front of the OMDb API.",
    )
    app.state.posters = service
    return app


app = create_app()

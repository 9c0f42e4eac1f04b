"""The app of a model service: shared routes, model loading in the lifespan, readiness."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from movierec.http import create_app
from movierec.http.metrics import new_registry
from movierec.serving.compute import Engine, Extra
from movierec.serving.metrics import ServingMetrics
from movierec.serving.routes import model_router, recommend_router
from movierec.serving.schemas import RecommendResponse
from movierec.serving.settings import BackendSettings
from movierec.serving.store import ModelStore
from movierec.serving.threads import limit_blas_threads


def create_backend_app(
    name: str,
    settings: BackendSettings,
    *,
    routers: Callable[[Engine], Iterable[APIRouter]] = lambda _engine: (),
    response_model: type[RecommendResponse] = RecommendResponse,
    extra: Extra | None = None,
    description: str = "",
) -> FastAPI:
    """A collab/kmeans-style service: ``/v1/recommend``, ``/v1/model`` plus its own ``routers``.

    Start is quick: the lifespan only starts the background load (data, default model, then
    the others), and ``/readyz`` says ``loading`` until the default model is ready. Under plain
    uvicorn, set ``OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1`` as ``movierec serve`` does; the
    app also caps the pools at ``settings.threads`` here.
    """
    limit_blas_threads(settings.threads)
    registry = new_registry()
    metrics = ServingMetrics(registry)
    store = ModelStore(settings, metrics)
    engine = Engine(store, metrics, extra)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        loading = asyncio.create_task(store.start(), name=f"{name}-start")
        try:
            yield
        finally:
            loading.cancel()
            await asyncio.gather(loading, return_exceptions=True)
            await store.close()

    app = create_app(
        name,
        settings,
        lifespan=lifespan,
        routers=[recommend_router(engine, response_model), model_router(store), *routers(engine)],
        readiness=store.readiness,
        registry=registry,
        description=description,
    )
    app.state.models = store
    app.state.engine = engine
    return app

"""The app factory every service uses: errors, request ids, logs, metrics, probes, CORS."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CollectorRegistry

from movierec import __version__
from movierec.http.context import REQUEST_ID_HEADER
from movierec.http.docs import docs_router
from movierec.http.errors import install_error_handlers
from movierec.http.health import ReadinessCheck, health_router
from movierec.http.logs import configure_logging
from movierec.http.metrics import HttpMetrics, metrics_router, new_registry
from movierec.http.middleware import (
    BodyLimitMiddleware,
    ObserveMiddleware,
    RequestIdMiddleware,
    UnhandledErrorMiddleware,
)
from movierec.http.security import SecurityHeadersMiddleware, content_security_policy
from movierec.http.settings import ServiceSettings


def create_app(
    name: str,
    settings: ServiceSettings,
    *,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    routers: Iterable[APIRouter] = (),
    readiness: ReadinessCheck | None = None,
    registry: CollectorRegistry | None = None,
    version: str = __version__,
    cors_credentials: bool = False,
    cors_expose_headers: Sequence[str] = (),
    image_sources: Sequence[str] = ("https:",),
    **fastapi_kwargs: Any,
) -> FastAPI:
    """A FastAPI app named ``name`` with the shared basics; the service adds its ``routers``.

    ``registry`` lets the service register its own metrics where ``/metrics`` exports them;
    ``readiness`` backs ``/readyz``. ``cors_credentials`` lets the listed CORS origins (and only
    those) send cookies; ``cors_expose_headers`` are response headers their scripts may read
    besides the request id. ``image_sources`` are where the Content-Security-Policy lets pages
    load images from besides the service itself (``movierec.http.security``). /docs and /redoc
    are served from vendored files (``movierec.http.docs``), not a CDN. Logging is configured
    here (JSON to stderr), so every line after the app is built, uvicorn's included, is JSON.
    """
    configure_logging(name, settings.log_level)
    registry = registry or new_registry()
    app = FastAPI(
        title=f"movierec {name}",
        version=version,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        **fastapi_kwargs,
    )
    app.state.settings = settings
    app.state.registry = registry
    app.state.service_name = name
    install_error_handlers(app)
    # Routes are matched in order: the service's own (the busy ones) before probes and scrapes.
    for router in routers:
        app.include_router(router)
    app.include_router(health_router(readiness, settings.readiness_timeout_s))
    app.include_router(metrics_router(registry))
    if app.openapi_url:
        app.include_router(docs_router(app.title, app.openapi_url))

    # add_middleware wraps: the last added is the outermost. Request flow, outside in:
    # security headers -> request id -> timing/access log -> CORS -> 500 catch-all -> body
    # limits -> routes.
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        timeout_s=settings.body_timeout_s,
    )
    app.add_middleware(UnhandledErrorMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=cors_credentials,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER, *cors_expose_headers],
        )
    app.add_middleware(ObserveMiddleware, metrics=HttpMetrics(registry))
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, csp=content_security_policy(image_sources))
    return app

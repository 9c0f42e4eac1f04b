"""The kmeans app: ``uvicorn movierec_kmeans.app:app``; threads as in :func:`create_backend_app`."""

from __future__ import annotations

from fastapi import FastAPI

from movierec.serving.app import create_backend_app
from movierec_kmeans.api import KMeansRecommendResponse, clusters_router, user_clusters
from movierec_kmeans.settings import KMeansSettings


def create_app(settings: KMeansSettings | None = None) -> FastAPI:
    """The app, configured from ``settings`` or the environment."""
    return create_backend_app(
        "kmeans",
        settings or KMeansSettings(),
        routers=lambda engine: [clusters_router(engine)],
        response_model=KMeansRecommendResponse,
        extra=user_clusters,
        description="K-Means user clusters: a new user's clusters and what they like most, "
        "and a profile of every cluster.",
    )


app = create_app()

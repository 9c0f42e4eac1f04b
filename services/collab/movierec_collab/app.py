"""The collab app: ``uvicorn movierec_collab.app:app``; threads as in :func:`create_backend_app`."""

from __future__ import annotations

from fastapi import FastAPI

from movierec.serving.app import create_backend_app
from movierec_collab.api import similar_router
from movierec_collab.settings import CollabSettings


def create_app(settings: CollabSettings | None = None) -> FastAPI:
    """The app, configured from ``settings`` or the environment."""
    return create_backend_app(
        "collab",
        settings or CollabSettings(),
        routers=lambda engine: [similar_router(engine)],
        description="Collaborative filtering (EASE, ALS, item-kNN, user-Pearson): "
        "recommendations for an anonymous user's ratings, and similar movies.",
    )


app = create_app()

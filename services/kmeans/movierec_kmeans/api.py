"""K-Means' own API: the user's clusters in every answer, and what each cluster is about."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import numpy as np
from fastapi import APIRouter
from pydantic import Field

from movierec.data.dataset import Dataset
from movierec.http import CamelModel
from movierec.recommender import Recommender
from movierec.serving.compute import Engine
from movierec.serving.routes import ERRORS
from movierec.serving.schemas import ModelRef, RecommendResponse
from movierec.serving.store import LoadedModel
from movierec_kmeans.model import KMeansRecommender
from movierec_kmeans.profiles import ClusterProfile


class ClusterWeight(CamelModel):
    id: int
    weight: float


class KMeansRecommendResponse(RecommendResponse):
    clusters: list[ClusterWeight]


class GenreShareOut(CamelModel):
    genre: str
    share: float


class SignatureOut(CamelModel):
    movie_id: int
    title: str
    lift: float


class ClusterOut(CamelModel):
    id: int
    size: int
    top_genres: list[GenreShareOut]
    signature: list[SignatureOut]


class ClustersResponse(CamelModel):
    clusters: list[ClusterOut]
    model: ModelRef = Field(description="The model of these clusters (its version keys caches).")


def _kmeans(model: Recommender) -> KMeansRecommender:
    if not isinstance(model, KMeansRecommender):
        raise TypeError(f"the kmeans service serves kmeans models, not {model.algorithm}")
    return model


def user_clusters(model: Recommender, columns: np.ndarray, ratings: np.ndarray) -> dict[str, Any]:
    """The soft assignment of this user, nearest cluster first (none when nothing is known)."""
    assignment = _kmeans(model).assign(columns, ratings)
    if assignment is None:
        return {"clusters": []}
    return {
        "clusters": [
            {"id": c, "weight": round(w, 6)}
            for c, w in zip(assignment.clusters.tolist(), assignment.weights.tolist(), strict=True)
        ]
    }


def _out(profile: ClusterProfile) -> ClusterOut:
    return ClusterOut(
        id=profile.cluster,
        size=profile.size,
        top_genres=[
            GenreShareOut(genre=g.genre, share=round(g.share, 4)) for g in profile.top_genres
        ],
        signature=[
            SignatureOut(movie_id=s.movie_id, title=s.title, lift=round(s.lift, 3))
            for s in profile.signature
        ],
    )


def clusters_router(engine: Engine) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["clusters"])

    @router.get("/clusters", responses=ERRORS)
    async def clusters() -> ClustersResponse:
        """Every cluster of the model: size, the genres it likes, its signature movies."""
        loaded, _ = await engine.store.get()
        dataset = engine.store.dataset
        assert dataset is not None  # get() answers only once the data set is loaded
        if "clusters" not in loaded.cache:
            # Computed once per loaded model; a race only computes the same answer twice.
            loaded.cache["clusters"] = await anyio.to_thread.run_sync(_profiles, loaded, dataset)
        answer: ClustersResponse = loaded.cache["clusters"]
        return answer

    return router


def _profiles(loaded: LoadedModel, dataset: Dataset) -> ClustersResponse:
    profiles = _kmeans(loaded.model).profiles(dataset.movies)
    return ClustersResponse(
        clusters=[_out(p) for p in profiles],
        model=ModelRef(name=loaded.name, version=loaded.version),
    )

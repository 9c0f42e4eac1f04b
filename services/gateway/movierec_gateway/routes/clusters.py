"""GET /api/v1/clusters: every taste cluster of the kmeans model, to explore rather than rate."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from movierec.errors import UnavailableError
from movierec.http import json_response
from movierec_gateway.clients import BackendError, BackendRejectedError
from movierec_gateway.clusters import ClusterProfiles
from movierec_gateway.loading import CatalogueHolder
from movierec_gateway.posters_client import Posters
from movierec_gateway.presenter import cluster_list_json, signature_columns
from movierec_gateway.schemas import ClusterList, ErrorBody, error_responses

log = logging.getLogger("movierec.gateway.clusters")

#: Signature movies kmeans gives per cluster at most (``profiles.cluster_profiles``).
MAX_SIGNATURE = 10

_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorBody,
        "description": "kmeans cannot say what its clusters are (`clusters_unavailable`, the "
        "reason in `details`), or the movie catalogue is not loaded (yet).",
    }
}


def clusters_router(
    holder: CatalogueHolder, profiles: ClusterProfiles, posters: Posters
) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["clusters"])

    @router.get(
        "/clusters", response_model=ClusterList, responses={**error_responses(422), **_UNAVAILABLE}
    )
    async def clusters(
        signature: Annotated[
            int,
            Query(ge=0, le=MAX_SIGNATURE, description="Signature movies per cluster, at most."),
        ] = 5,
    ) -> Response:
        """Every taste cluster: its size, the genres it likes, its signature movies with posters.

        A cluster is users who rate alike (the kmeans model): what recommendations from
        kmeans draw on. Posters down: `poster: null` and `degraded`. kmeans down: 503, as
        there is nothing else to describe the clusters with.
        """
        catalogue = holder.get().catalogue
        try:
            answer = await profiles.current()
        except BackendError as exc:
            log.warning("clusters unavailable", extra={"code": exc.code, "reason": exc.message})
            raise UnavailableError(
                f"Taste clusters unavailable: kmeans {exc.message}.",
                [exc.problem()],
                code="clusters_unavailable",
            ) from None
        except BackendRejectedError as exc:
            problem = {"part": "kmeans", "code": "bad_status", "message": str(exc)}
            raise UnavailableError(
                f"Taste clusters unavailable: kmeans answered HTTP {exc.status}.",
                [problem],
                code="clusters_unavailable",
            ) from None
        cols = signature_columns(answer, catalogue, signature)
        urls, problems = await posters.urls_of(catalogue.imdb_ids_at(cols))
        return json_response(cluster_list_json(answer, catalogue, urls, problems, signature))

    return router

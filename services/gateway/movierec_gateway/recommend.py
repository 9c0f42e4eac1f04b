"""POST /api/v1/recommendations as a use case: ask the backends (both at once for ``both``),
degrade instead of failing, fetch posters and the cluster profile in one go.

Degradation ladder, for one family: its own service; when that is down or slow, the other
family's service (flagged ``degraded``, the failure in ``problems``); when both are, the
gateway's own popularity list (flagged ``fallback`` and ``degraded``). For ``both``, the
family that answered. Posters down -> ``poster: null`` and ``degraded``. The only error left
is bad input.

The input comes in catalogue terms (:mod:`user_input`); the outcome is a
:class:`Recommendation`, which :mod:`presenter` turns into the answer's JSON and words.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from movierec_gateway.catalogue import Catalogue
from movierec_gateway.clients import BackendError, BackendRejectedError, Backends
from movierec_gateway.clusters import ClusterProfiles
from movierec_gateway.loading import CatalogueHolder
from movierec_gateway.metrics import GatewayMetrics
from movierec_gateway.posters_client import Posters, PosterUrls
from movierec_gateway.ranking import Ranked, Source, merge
from movierec_gateway.schemas import Algorithm, RecommendationRequest
from movierec_gateway.user_input import UserInput, prepare
from movierec_gateway.wire import WireClusterProfile, WireRecommendationDict

log = logging.getLogger("movierec.gateway.recommend")

Family = Literal["collab", "kmeans"]
#: A failed part as the answer's ``problems`` lists it: ``{part, code, message}``.
ProblemDict = dict[str, Any]


@dataclass
class Answer:
    """One backend's answer, and its list in catalogue columns."""

    family: Family
    wire: WireRecommendationDict
    ranked: Ranked

    @classmethod
    def of(cls, family: Family, wire: WireRecommendationDict, catalogue: Catalogue) -> Answer:
        """The backend's items as catalogue columns; movies our catalogue lacks are dropped
        (a backend may have loaded a newer data set than ours: we can only show our own)."""
        items = wire["items"]
        ids = np.fromiter((i["movieId"] for i in items), dtype=np.int64, count=len(items))
        cols = catalogue.columns_of(ids)
        known = cols >= 0
        scores = np.array([i.get("score") for i in items], dtype=np.float64).reshape(-1)
        because = np.array(
            [-1 if (b := i.get("because")) is None else b for i in items], dtype=np.int64
        ).reshape(-1)
        source: Source = "popularity" if wire["fallback"] else family
        ranked = Ranked.single(
            source, cols[known], scores[known], because[known], fallback=wire["fallback"]
        )
        return cls(family, wire, ranked)


@dataclass(frozen=True)
class NearestCluster:
    """The kmeans cluster the user leans to most, with its profile when kmeans gave one."""

    id: int
    weight: float
    profile: WireClusterProfile | None


@dataclass(frozen=True)
class Recommendation:
    """What one request came to, before it is put in words and JSON.

    ``catalogue`` is the one the request was answered from: a reload may swap in another
    meanwhile, and columns only mean something in their own catalogue.
    """

    algorithm: Algorithm
    catalogue: Catalogue
    user: UserInput
    answers: list[Answer]
    shown: Ranked
    problems: list[ProblemDict]
    posters: PosterUrls
    cluster: NearestCluster | None


@dataclass(frozen=True)
class RecommendationService:
    """The recommendation use case, over the parts the app built once."""

    holder: CatalogueHolder
    backends: Backends
    posters: Posters
    profiles: ClusterProfiles
    metrics: GatewayMetrics

    async def recommend(self, request: RecommendationRequest) -> Recommendation:
        """Walk the degradation ladder; never raises for a failed part, only for bad input
        (or a backend's 4xx, which is about the input too)."""
        catalogue = self.holder.get().catalogue
        user = prepare(catalogue, request)
        families: list[Family] = (
            ["collab", "kmeans"] if request.algorithm == "both" else [request.algorithm]
        )
        outcomes = await asyncio.gather(*(self._ask(f, catalogue, user, request) for f in families))
        if len(families) == 1 and not isinstance(outcomes[0], Answer):
            # The other family stands in before popularity does.
            other: Family = "kmeans" if families[0] == "collab" else "collab"
            outcomes.append(await self._ask(other, catalogue, user, request))
        answers = [o for o in outcomes if isinstance(o, Answer)]
        problems = [o for o in outcomes if not isinstance(o, Answer)]
        for problem in problems:
            self.metrics.degraded.labels(problem["part"]).inc()

        if len(answers) == 2:
            shown = merge(answers[0].ranked, answers[1].ranked, request.limit)
        elif answers:
            shown = answers[0].ranked
        else:
            shown = self._local_popularity(catalogue, user, request.limit)

        kmeans = next((a for a in answers if a.family == "kmeans"), None)
        shown_cols = np.unique(
            np.concatenate([shown.columns, *(a.ranked.columns for a in answers)])
        )
        (posters, poster_problems), cluster = await asyncio.gather(
            self.posters.urls_of(catalogue.imdb_ids_at(shown_cols)), self._nearest(kmeans)
        )
        return Recommendation(
            algorithm=request.algorithm,
            catalogue=catalogue,
            user=user,
            answers=answers,
            shown=shown,
            problems=problems + poster_problems,
            posters=posters,
            cluster=cluster,
        )

    async def _ask(
        self,
        family: Family,
        catalogue: Catalogue,
        user: UserInput,
        request: RecommendationRequest,
    ) -> Answer | ProblemDict:
        """The backend's answer, or the problem when it failed."""
        body: dict[str, Any] = {
            "ratings": [
                {"movieId": m, "rating": r}
                for m, r in zip(user.movie_ids.tolist(), user.ratings.tolist(), strict=True)
            ],
            "limit": request.limit,
            "genres": user.genres,
            "exclude": user.exclude or None,
        }
        if family == "collab":
            body["model"] = request.model
        # Sent only when set: a backend of the previous release (mid rolling update) rejects
        # unknown fields, and unfiltered requests must keep working with it.
        if user.years.start is not None:
            body["yearFrom"] = user.years.start
        if user.years.end is not None:
            body["yearTo"] = user.years.end
        try:
            wire = await self.backends.recommend(family, body)
        except BackendError as exc:
            log.warning(
                "backend failed; answering without it",
                extra={"backend": family, "code": exc.code, "reason": exc.message},
            )
            return exc.problem()
        except BackendRejectedError as exc:
            raise exc.as_request_error() from None
        return Answer.of(family, wire, catalogue)

    def _local_popularity(self, catalogue: Catalogue, user: UserInput, limit: int) -> Ranked:
        """The last rung: popular movies from our own catalogue, filters still applied."""
        self.metrics.fallbacks.inc()
        cols = catalogue.popular(
            limit,
            blocked=user.blocked(catalogue),
            allowed=catalogue.allowed(user.genres, user.years),
        )
        return Ranked.single(
            "popularity",
            cols,
            np.full(cols.size, np.nan),
            np.full(cols.size, -1, dtype=np.int64),
            fallback=True,
        )

    async def _nearest(self, answer: Answer | None) -> NearestCluster | None:
        """The user's nearest cluster, with its (cached) profile."""
        if answer is None or not answer.wire["clusters"]:
            return None
        top = max(answer.wire["clusters"], key=lambda c: c["weight"])
        profile = (await self.profiles.get(answer.wire["model"]["version"])).get(top["id"])
        return NearestCluster(top["id"], top["weight"], profile)

"""POST /api/v1/recommendations as a use case: check the input against the catalogue, ask the
backends (both at once for ``both``), degrade instead of failing, add posters in one batch.

Degradation ladder, for one family: its own service; when that is down or slow, the other
family's service (flagged ``degraded``, the failure in ``problems``); when both are, the
gateway's own popularity list (flagged ``fallback`` and ``degraded``). For ``both``, the
family that answered. Posters down -> ``poster: null`` and ``degraded``. The only error left
is bad input.
"""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from movierec.http import get_request_id
from movierec_gateway.catalogue import Catalogue
from movierec_gateway.clients import BackendError, BackendRejectedError, Backends
from movierec_gateway.clusters import ClusterProfiles
from movierec_gateway.loading import CatalogueHolder
from movierec_gateway.metrics import GatewayMetrics
from movierec_gateway.present import Posters, PosterUrls, imdb_ids_of, problem_dict
from movierec_gateway.ranking import Ranked, Source, merge
from movierec_gateway.schemas import (
    ClusterOut,
    GenreShare,
    Ignored,
    RecommendationRequest,
    SignatureMovie,
)
from movierec_gateway.wire import WireClusterProfile, WireRecommendationDict

log = logging.getLogger("movierec.gateway.recommend")

Family = Literal["collab", "kmeans"]
UNKNOWN_MOVIE = "unknown movie"
#: A rating at or above this reads as "liked" in the reasons shown to the user.
LIKED = 3.5


@dataclass(frozen=True)
class UserInput:
    """The request in catalogue terms: known movies only, each once (its last rating)."""

    movie_ids: np.ndarray
    ratings: np.ndarray
    ignored: list[Ignored]
    exclude: list[int]
    genres: list[str] | None

    def rating_of(self) -> dict[int, float]:
        return dict(zip(self.movie_ids.tolist(), self.ratings.tolist(), strict=True))

    def blocked(self, catalogue: Catalogue) -> np.ndarray:
        """Columns never to recommend: rated or excluded."""
        cols = catalogue.columns_of(np.concatenate([self.movie_ids, self.exclude]))
        return cols[cols >= 0]


def prepare(catalogue: Catalogue, request: RecommendationRequest) -> UserInput:
    ids = np.fromiter((r.movie_id for r in request.ratings), dtype=np.int64)
    values = np.fromiter((r.rating for r in request.ratings), dtype=np.float64)
    if ids.size:
        _, last = np.unique(ids[::-1], return_index=True)
        keep = np.sort(ids.size - 1 - last)  # last rating wins, first-seen order kept
        ids, values = ids[keep], values[keep]
    known = catalogue.columns_of(ids) >= 0
    ignored = [Ignored(movie_id=int(i), reason=UNKNOWN_MOVIE) for i in ids[~known]]
    exclude = np.asarray(request.exclude or [], dtype=np.int64)
    genres = catalogue.canonical_genres(request.genres) if request.genres else None
    return UserInput(
        movie_ids=ids[known],
        ratings=values[known],
        ignored=ignored,
        exclude=exclude[catalogue.columns_of(exclude) >= 0].tolist(),
        genres=genres,
    )


#: A JSON object of the answer, in the documented camelCase shape.
Json = dict[str, Any]


@dataclass
class Answer:
    """One backend's answer in catalogue columns."""

    family: Family
    wire: WireRecommendationDict
    ranked: Ranked


class RecommendationService:
    def __init__(
        self,
        holder: CatalogueHolder,
        backends: Backends,
        posters: Posters,
        profiles: ClusterProfiles,
        metrics: GatewayMetrics,
    ) -> None:
        self._holder = holder
        self._backends = backends
        self._posters = posters
        self._profiles = profiles
        self._metrics = metrics

    async def recommend(self, request: RecommendationRequest) -> Json:
        """The answer as plain JSON objects in the shape of :class:`RecommendationResponse`
        (built without a model per item: this is the hot path)."""
        catalogue = self._holder.get().catalogue
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
            self._metrics.degraded.labels(problem["part"]).inc()

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
            self._posters.urls_of(imdb_ids_of(catalogue, shown_cols)), self._cluster(kmeans)
        )
        problems += poster_problems
        present = Presenter(catalogue, posters, user.rating_of(), cluster)
        items = present.items(shown)

        return {
            "requestId": get_request_id() or "",
            "algorithm": request.algorithm,
            "items": items,
            "results": _results(answers, present, cluster, shown, items),
            "fallback": shown.fallback,
            "degraded": bool(problems),
            "problems": problems,
            "ignored": _ignored(user, answers),
        }

    async def _ask(
        self,
        family: Family,
        catalogue: Catalogue,
        user: UserInput,
        request: RecommendationRequest,
    ) -> Answer | Json:
        """The backend's answer, or the problem (a JSON object) when it failed."""
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
        try:
            wire = await self._backends.recommend(family, body)
        except BackendError as exc:
            log.warning(
                "backend failed; answering without it",
                extra={"backend": family, "code": exc.code, "reason": exc.message},
            )
            return problem_dict(exc)
        except BackendRejectedError as exc:
            raise exc.as_request_error() from None
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
        return Answer(family, wire, ranked)

    def _local_popularity(self, catalogue: Catalogue, user: UserInput, limit: int) -> Ranked:
        """The last rung: popular movies from our own catalogue, filters still applied."""
        self._metrics.fallbacks.inc()
        cols = catalogue.popular(
            limit, blocked=user.blocked(catalogue), allowed=catalogue.genre_mask(user.genres)
        )
        return Ranked.single(
            "popularity",
            cols,
            np.full(cols.size, np.nan),
            np.full(cols.size, -1, dtype=np.int64),
            fallback=True,
        )

    async def _cluster(self, answer: Answer | None) -> ClusterOut | None:
        """The user's nearest cluster, described by its (cached) profile."""
        if answer is None or not answer.wire["clusters"]:
            return None
        top = max(answer.wire["clusters"], key=lambda c: c["weight"])
        profile = (await self._profiles.get(answer.wire["model"]["version"])).get(top["id"])
        return _cluster_out(top["id"], top["weight"], profile)


def _results(
    answers: list[Answer],
    present: Presenter,
    cluster: ClusterOut | None,
    shown: Ranked,
    shown_items: list[Json],
) -> Json:
    """Each backend's own list, as the web app shows it in a tab of its own."""
    results: Json = {"collab": None, "kmeans": None}
    cluster_json = None if cluster is None else cluster.model_dump(mode="json", by_alias=True)
    for answer in answers:
        wire = answer.wire
        model = {"name": wire["model"]["name"], "version": wire["model"]["version"]}
        # A single backend's list is the one shown: present it once.
        items = shown_items if answer.ranked is shown else present.items(answer.ranked)
        result: Json = {"items": items, "fallback": wire["fallback"], "model": model}
        if answer.family == "kmeans":
            result["cluster"] = cluster_json
            result["clusters"] = [
                {"id": c["id"], "weight": float(c["weight"])} for c in wire["clusters"]
            ]
        results[answer.family] = result
    return results


def _ignored(user: UserInput, answers: list[Answer]) -> list[Json]:
    """Unknown movies: ours first, then any a backend did not know (each once)."""
    ignored = {i.movie_id: {"movieId": i.movie_id, "reason": i.reason} for i in user.ignored}
    for answer in answers:
        for wire in answer.wire["ignored"]:
            ignored.setdefault(
                wire["movieId"], {"movieId": wire["movieId"], "reason": wire["reason"]}
            )
    return list(ignored.values())


def _cluster_out(cluster_id: int, weight: float, profile: WireClusterProfile | None) -> ClusterOut:
    return ClusterOut(
        id=cluster_id,
        weight=weight,
        size=profile.size if profile else None,
        top_genres=[GenreShare(genre=g.genre, share=g.share) for g in profile.topGenres]
        if profile
        else [],
        signature=[
            SignatureMovie(movie_id=s.movieId, title=s.title, lift=s.lift)
            for s in profile.signature
        ]
        if profile
        else [],
    )


class Presenter:
    """Turns ranked columns into the items the web app shows, with reasons in words."""

    def __init__(
        self,
        catalogue: Catalogue,
        posters: PosterUrls,
        ratings: dict[int, float],
        cluster: ClusterOut | None,
    ) -> None:
        self._catalogue = catalogue
        self._posters = posters
        self._ratings = ratings
        self._cluster = cluster

    def items(self, ranked: Ranked) -> list[Json]:
        """RecommendedMovie objects as JSON: the catalogue's ready card plus this answer's
        poster, score, reason and sources."""
        cards = self._catalogue.cards[ranked.columns].tolist()
        because_titles = self._catalogue.titles_of(ranked.because)
        posters = self._posters
        return [
            {
                **card,
                "poster": posters.get(card["imdbId"]) if card["imdbId"] else None,
                "score": None if math.isnan(score) else round(score, 6),
                "because": because if title is not None else None,
                "reasons": self._reasons(because, title, sources),
                "algorithms": list(sources),
            }
            for card, score, because, title, sources in zip(
                cards,
                ranked.scores.tolist(),
                ranked.because.tolist(),
                because_titles,
                ranked.sources,
                strict=True,
            )
        ]

    def _reasons(self, because: int, title: str | None, sources: tuple[Source, ...]) -> list[str]:
        reasons: list[str] = []
        if title is not None:
            rating = self._ratings.get(because)
            if rating is not None and rating < LIKED:
                reasons.append(f"Related to {title}, which you rated {rating:g}")
            else:
                reasons.append(f"Because you rated {title} highly")
        if "kmeans" in sources:
            cluster = self._cluster
            genres = [g.genre for g in cluster.top_genres[:2]] if cluster else []
            taste = f" ({' and '.join(genres)} fans)" if genres else ""
            reasons.append(f"Liked by viewers with tastes like yours{taste}")
        if "collab" in sources and not reasons:
            reasons.append("Liked by viewers who rate movies the way you do")
        if "popularity" in sources:
            reasons.append("Popular with many viewers")
        return reasons

"""What the user sees: catalogue entries and recommendations as the API's JSON, with reasons
in English.

Everything about the answer's shape and wording is here, apart from the orchestration in
:mod:`recommend`: a new field or a reworded reason changes this module only. The hot path
builds plain dicts in the documented camelCase shape (no model per item); the routes encode
them once with :func:`movierec.http.json_response`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from movierec.http import get_request_id
from movierec_gateway.catalogue import Catalogue, Movie
from movierec_gateway.posters_client import PosterUrls
from movierec_gateway.ranking import Ranked, Source
from movierec_gateway.recommend import Answer, NearestCluster, Recommendation
from movierec_gateway.schemas import ClusterOut, GenreShare, MovieOut, SignatureMovie
from movierec_gateway.user_input import UserInput
from movierec_gateway.wire import WireClusterProfile, WireClusters

#: A JSON object of the answer, in the documented camelCase shape.
Json = dict[str, Any]
#: A rating at or above this reads as "liked" in the reasons shown to the user.
LIKED = 3.5


def movie_fields(movie: Movie, posters: PosterUrls) -> dict[str, Any]:
    """The MovieOut fields of ``movie``, for MovieOut and the models extending it."""
    return {
        "movie_id": movie.movie_id,
        "title": movie.title,
        "year": movie.year,
        "genres": list(movie.genres),
        "imdb_id": movie.imdb_id,
        "poster": posters.get(movie.imdb_id) if movie.imdb_id else None,
    }


def movie_out(movie: Movie, posters: PosterUrls) -> MovieOut:
    return MovieOut(**movie_fields(movie, posters))


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
        #: The user's nearest cluster as the answer describes it (kmeans' reasons name it).
        self.cluster = cluster

    @classmethod
    def of(cls, rec: Recommendation) -> Presenter:
        """The presenter of one request's outcome."""
        cluster = cluster_out(rec.cluster, rec.catalogue)
        return cls(rec.catalogue, rec.posters, rec.user.rating_of(), cluster)

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
            cluster = self.cluster
            genres = [g.genre for g in cluster.top_genres[:2]] if cluster else []
            taste = f" ({' and '.join(genres)} fans)" if genres else ""
            reasons.append(f"Liked by viewers with tastes like yours{taste}")
        if "collab" in sources and not reasons:
            reasons.append("Liked by viewers who rate movies the way you do")
        if "popularity" in sources:
            reasons.append("Popular with many viewers")
        return reasons


def recommendation_json(rec: Recommendation) -> Json:
    """The answer as plain JSON objects in the shape of :class:`RecommendationResponse`
    (built without a model per item: this is the hot path)."""
    present = Presenter.of(rec)
    items = present.items(rec.shown)
    return {
        "requestId": get_request_id() or "",
        "algorithm": rec.algorithm,
        "items": items,
        "results": _results(rec.answers, present, rec.shown, items),
        "fallback": rec.shown.fallback,
        "degraded": bool(rec.problems),
        "problems": rec.problems,
        "ignored": _ignored(rec.user, rec.answers),
    }


def _results(
    answers: list[Answer], present: Presenter, shown: Ranked, shown_items: list[Json]
) -> Json:
    """Each backend's own list, as the web app shows it in a tab of its own."""
    results: Json = {"collab": None, "kmeans": None}
    cluster = present.cluster
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


def genre_shares(profile: WireClusterProfile) -> list[Json]:
    """A cluster's top genres (GenreShare objects as JSON), in kmeans' order: the one shaping
    of them, for the recommendation's cluster and the list of clusters alike."""
    return [{"genre": g.genre, "share": g.share} for g in profile.topGenres]


def cluster_out(nearest: NearestCluster | None, catalogue: Catalogue) -> ClusterOut | None:
    """The nearest cluster as the answer describes it (sizes and genres only when kmeans
    gave its profile). Signature titles in the catalogue's display form, as every other
    title in an answer ("The Cell", not kmeans' raw "Cell, The (2000)")."""
    if nearest is None:
        return None
    profile = nearest.profile
    if profile is None:
        return ClusterOut(
            id=nearest.id, weight=nearest.weight, size=None, top_genres=[], signature=[]
        )
    ids = np.fromiter((s.movieId for s in profile.signature), dtype=np.int64)
    titles = catalogue.titles_of(ids)
    return ClusterOut(
        id=nearest.id,
        weight=nearest.weight,
        size=profile.size,
        top_genres=[GenreShare.model_validate(g) for g in genre_shares(profile)],
        signature=[
            SignatureMovie(movie_id=s.movieId, title=title or s.title, lift=s.lift)
            for s, title in zip(profile.signature, titles, strict=True)
        ],
    )


def signature_columns(clusters: WireClusters, catalogue: Catalogue, per_cluster: int) -> np.ndarray:
    """The catalogue columns of every cluster's first ``per_cluster`` signature movies (the
    ones to fetch posters for)."""
    ids = [s.movieId for c in clusters.clusters for s in c.signature[:per_cluster]]
    cols = catalogue.columns_of(np.asarray(ids, dtype=np.int64))
    return np.unique(cols[cols >= 0])


def cluster_list_json(
    clusters: WireClusters,
    catalogue: Catalogue,
    posters: PosterUrls,
    problems: list[Json],
    per_cluster: int,
) -> Json:
    """Every cluster as a :class:`ClusterList`, largest first; signature movies are the
    catalogue's cards with their posters (movies kmeans knows and our catalogue lacks are
    left out: we can only show our own). One catalogue lookup for all clusters' movies."""
    ordered = sorted(clusters.clusters, key=lambda c: (-c.size, c.id))
    signatures = [c.signature[:per_cluster] for c in ordered]
    ids = np.fromiter((s.movieId for sig in signatures for s in sig), dtype=np.int64)
    cols = catalogue.columns_of(ids)
    cards = catalogue.cards[np.maximum(cols, 0)].tolist() if catalogue.size else []
    known = (cols >= 0).tolist()
    items = []
    start = 0
    for cluster, signature in zip(ordered, signatures, strict=True):
        end = start + len(signature)
        shown = [
            {**card, "poster": posters.get(card["imdbId"]) if card["imdbId"] else None,
             "lift": s.lift}
            for s, card, ok in zip(signature, cards[start:end], known[start:end], strict=True)
            if ok
        ]  # fmt: skip
        start = end
        items.append(
            {
                "clusterId": cluster.id,
                "size": cluster.size,
                "topGenres": genre_shares(cluster),
                "signatureMovies": shown,
            }
        )
    model = clusters.model
    return {
        "items": items,
        "model": None if model is None else {"name": model.name, "version": model.version},
        "degraded": bool(problems),
        "problems": problems,
    }

"""The public API's request and response bodies, with the examples ``/docs`` shows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from movierec.http import CamelModel
from movierec.model_catalogue import names
from movierec.serving.schemas import (
    MAX_EXCLUDE,
    MAX_LIMIT,
    MAX_MOVIE_ID,
    MAX_RATINGS,
    JsonInt,
    MovieId,
    RatingIn,
    YearFilter,
)

__all__ = ["MAX_RATINGS", "RatingIn"]  # the rating models are the backends' own


Algorithm = Literal["collab", "kmeans", "both"]
if TYPE_CHECKING:
    CollabModel = str
else:
    #: The collab models of the model catalogue: the request schema (and so the OpenAPI
    #: document and the web client) lists exactly what the collab service can offer.
    CollabModel = Literal[tuple(names("collab"))]


# -- requests ----------------------------------------------------------------------------


class RecommendationRequest(YearFilter):
    """An anonymous user is nothing but the ratings the page sends.

    Strict, like the backends' bodies: ``"5"`` is not a limit and ``true`` not a movie id, so
    a client bug is a 422 naming the entry rather than a silently coerced value. The year
    bounds are the backends' own declaration (:class:`YearFilter`), forwarded to them.
    """

    model_config = ConfigDict(
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "ratings": [
                        {"movieId": 1, "rating": 5.0},
                        {"movieId": 260, "rating": 4.5},
                        {"movieId": 2571, "rating": 5.0},
                        {"movieId": 356, "rating": 2.0},
                    ],
                    "algorithm": "both",
                    "limit": 10,
                }
            ]
        },
    )

    ratings: list[RatingIn] = Field(
        default_factory=list,
        max_length=MAX_RATINGS,
        description="The user's ratings; a movie rated twice counts with its last rating. "
        "Unknown movie ids are ignored (listed in `ignored`). Empty: popular movies.",
    )
    algorithm: Algorithm = Field("collab", description="Which family answers; both = merged.")
    model: CollabModel | None = Field(
        None, description="Collaborative model (collab part only); default: the service's."
    )
    limit: JsonInt = Field(20, ge=1, le=MAX_LIMIT, description="How many movies to return.")
    genres: list[Annotated[str, Field(min_length=1, max_length=50)]] | None = Field(
        None,
        max_length=50,
        description="Only movies having at least one of these genres (case-insensitive).",
        examples=[["Comedy", "Animation"]],
    )
    exclude: list[MovieId] | None = Field(
        None,
        max_length=MAX_EXCLUDE,
        description="Movies never to return, e.g. seen but not rated.",
    )


# -- responses ---------------------------------------------------------------------------


class _Answer(CamelModel):
    """What the gateway answers: built by our own code, and documented with an open schema
    (no ``additionalProperties: false``), so a field added later breaks no generated client."""

    model_config = ConfigDict(extra="ignore")


class MovieOut(_Answer):
    movie_id: int = Field(examples=[1])
    title: str = Field(description="Display title, year removed.", examples=["Toy Story"])
    year: int | None = Field(examples=[1995])
    genres: list[str] = Field(examples=[["Adventure", "Animation", "Children"]])
    imdb_id: str | None = Field(examples=["tt0114709"])
    poster: str | None = Field(description="Poster image URL; null when there is none.")


class RecommendedMovie(MovieOut):
    score: float | None = Field(description="The model's score (higher is better); null: none.")
    because: int | None = Field(
        None, description="movieId of the rated movie that explains this one."
    )
    reasons: list[str] = Field(examples=[["Because you rated Toy Story highly"]])
    algorithms: list[Literal["collab", "kmeans", "popularity"]] = Field(
        description="Which lists the movie came from."
    )


class ModelRef(_Answer):
    name: str = Field(examples=["ease"])
    version: str = Field(examples=["3f2a9c1b7d4e"])


class GenreShare(_Answer):
    genre: str = Field(examples=["Comedy"])
    share: float = Field(
        description="Share of the cluster's likes that went to movies of this genre, 0 to 1 "
        "(a movie counts for each of its genres, so the shares need not sum to 1).",
        examples=[0.31],
    )


class SignatureMovie(_Answer):
    movie_id: int
    title: str
    lift: float


class ClusterWeight(_Answer):
    id: int
    weight: float


class ClusterOut(_Answer):
    """The user's nearest taste cluster and what characterises it."""

    id: int
    weight: float = Field(description="Share of the user's soft assignment.")
    size: int | None = Field(description="Training users in the cluster; null if unknown.")
    top_genres: list[GenreShare]
    signature: list[SignatureMovie]


class ClusterMovie(MovieOut):
    lift: float = Field(
        description="How much more the cluster likes it than all users do: share of members "
        "who liked it / share of all users who did (above 1).",
        examples=[3.2],
    )


class ClusterSummary(_Answer):
    """One taste cluster of the kmeans model: who is in it and what they like."""

    cluster_id: int = Field(examples=[7])
    size: int = Field(description="Training users in the cluster.", examples=[41])
    top_genres: list[GenreShare] = Field(description="The genres it likes most, most liked first.")
    signature_movies: list[ClusterMovie] = Field(
        description="Movies it likes far more than everyone does, highest lift first."
    )


class ClusterList(_Answer):
    items: list[ClusterSummary] = Field(description="Every cluster, largest first.")
    model: ModelRef | None = Field(description="The kmeans model; null if it did not say.")
    degraded: bool = Field(description="The posters failed; posters are null.")
    problems: list[Problem]


class AlgorithmResult(_Answer):
    items: list[RecommendedMovie]
    fallback: bool = Field(description="True when the input told the model nothing.")
    model: ModelRef


class KMeansResult(AlgorithmResult):
    cluster: ClusterOut | None
    clusters: list[ClusterWeight] = Field(description="The full soft assignment.")


class Results(_Answer):
    collab: AlgorithmResult | None = None
    kmeans: KMeansResult | None = None


class Problem(_Answer):
    """Why an answer is degraded."""

    part: Literal["collab", "kmeans", "posters"]
    code: str = Field(examples=["unavailable"])
    message: str


class Ignored(_Answer):
    movie_id: int
    reason: str = Field(examples=["unknown movie"])


class RecommendationResponse(_Answer):
    request_id: str
    algorithm: Algorithm
    items: list[RecommendedMovie] = Field(
        description="What to show: the merged list for both, else the one algorithm's list."
    )
    results: Results = Field(description="Each backend's own answer.")
    fallback: bool = Field(description="Popular movies instead of personal ones.")
    degraded: bool = Field(description="A backend or the posters failed; the answer is partial.")
    problems: list[Problem]
    ignored: list[Ignored]


class SimilarMovie(MovieOut):
    score: float | None


class MovieDetail(MovieOut):
    rating_count: int
    mean_rating: float | None
    similar: list[SimilarMovie]
    similar_source: Literal["collab", "genres"] = Field(
        description="collab: from the collaborative model; genres: fallback while it is down."
    )
    degraded: bool
    problems: list[Problem]


class MovieList(_Answer):
    items: list[MovieOut]
    degraded: bool
    problems: list[Problem]


class SearchResponse(MovieList):
    query: str


class OnboardingResponse(MovieList):
    seed: int = Field(description="Pass it back as `seed` to get the same set again.")


# -- errors ------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(examples=["validation_error"])
    message: str = Field(examples=["Invalid request: body.ratings.3.rating"])
    details: Any = Field(
        None,
        description="Structured details: for 422 one entry per wrong field.",
        examples=[
            [
                {
                    "field": "body.ratings.3.rating",
                    "message": "Value error, rating must be 0.5 to 5.0 in steps of 0.5, got 4.3",
                    "type": "value_error",
                }
            ]
        ],
    )


class ErrorBody(BaseModel):
    """Every error answer of every movierec service."""

    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the shared error shape for ``statuses``."""
    meaning = {
        400: "The body is not JSON text (e.g. not UTF-8).",
        404: "Not found.",
        413: "The request body is too large.",
        422: "Invalid input; `details` names each wrong entry.",
        503: "The movie catalogue is not loaded (yet).",
    }
    return {s: {"model": ErrorBody, "description": meaning[s]} for s in statuses}


# -- legacy (the original system's shapes, field names as they were) ---------------------


class _Legacy(BaseModel):
    model_config = ConfigDict(extra="ignore")


#: A number 0-5 (snapped to half stars later); a boolean or a string is not a rating.
LegacyRating = Annotated[float, Field(ge=0.0, le=5.0, allow_inf_nan=False, strict=True)]
#: Ids as /getrandom hands them out: strings of digits, posted back by the original client.
_ID_TEXT = re.compile(r"[1-9][0-9]{0,14}")  # below 10**15 < MAX_MOVIE_ID


def _legacy_id(value: Any) -> Any:
    """``"20"`` (as /getrandom gave it) and ``20.0`` are the id 20; nothing else converts."""
    if isinstance(value, str) and _ID_TEXT.fullmatch(value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


LegacyMovieId = Annotated[
    int,
    Field(gt=0, le=MAX_MOVIE_ID, strict=True),
    BeforeValidator(_legacy_id),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "exclusiveMinimum": 0, "maximum": MAX_MOVIE_ID},
                {"type": "string", "pattern": f"^{_ID_TEXT.pattern}$"},
            ],
            "description": "A movie id, or its digits as /getrandom gives them.",
        }
    ),
]


class LegacyRandomMovie(_Legacy):
    movieId: str = Field(examples=["1"])
    title: str = Field(examples=["American President, The"])
    actual: str = Field(examples=["American President, The (1995)"])
    imageurl: str


class LegacyRandom(_Legacy):
    ids: list[LegacyRandomMovie]


class LegacyTitleRating(_Legacy):
    """One rating by title. Either field may be missing: the original client's slider also
    sends ``{}`` for movies not rated, and the original backend skipped such entries."""

    title: str | None = Field(None, max_length=500, examples=["Toy Story"])
    rating: LegacyRating | None = Field(None, examples=[4.5])


class LegacyIdRating(_Legacy):
    """One rating by movie id; entries lacking a field are skipped, as for titles."""

    movieId: LegacyMovieId | None = Field(None, examples=[1, "1"])
    rating: LegacyRating | None = Field(None, examples=[5])


class LegacyCollabMovie(_Legacy):
    movieId: int
    title: str
    imageurl: str
    year: str


class LegacyKMeansMovie(_Legacy):
    title: str
    imageurl: str


class LegacyKMeans(_Legacy):
    results: list[LegacyKMeansMovie]

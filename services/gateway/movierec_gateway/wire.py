"""What collab, kmeans and posters answer, checked on arrival (extra fields are ignored:
a backend may add some without breaking the gateway)."""

from __future__ import annotations

from typing import NotRequired

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WireItem(_Wire):
    movieId: int
    score: float | None = None
    because: int | None = None


class WireSimilar(_Wire):
    movieId: int
    items: list[WireItem]


class WireGenreShare(_Wire):
    genre: str
    share: float


class WireSignature(_Wire):
    movieId: int
    title: str
    lift: float


class WireClusterProfile(_Wire):
    id: int
    size: int
    topGenres: list[WireGenreShare] = Field(default_factory=list)
    signature: list[WireSignature] = Field(default_factory=list)


class WireModel(_Wire):
    name: str
    version: str


class WireClusters(_Wire):
    clusters: list[WireClusterProfile]
    #: The model the clusters are of; absent from kmeans before it said so.
    model: WireModel | None = None


# -- the hot path: answers checked as plain dicts (no model object per item) ------------------


class WireItemDict(TypedDict):
    movieId: int
    score: NotRequired[float | None]
    because: NotRequired[int | None]


class WireModelDict(TypedDict):
    name: str
    version: str


class WireIgnoredDict(TypedDict):
    movieId: int
    reason: str


class WireClusterDict(TypedDict):
    id: int
    weight: float


class WireRecommendationDict(TypedDict):
    """A collab/kmeans ``POST /v1/recommend`` answer; absent optional fields are filled by
    :func:`parse_recommendation`."""

    items: list[WireItemDict]
    fallback: NotRequired[bool]
    ignored: NotRequired[list[WireIgnoredDict]]
    model: WireModelDict
    clusters: NotRequired[list[WireClusterDict]]


class WirePosterDict(TypedDict):
    imdbId: str
    url: str | None
    #: Where the URL came from, or why it is null ("not-found": OMDb has none).
    source: NotRequired[str]


class WirePostersDict(TypedDict):
    posters: list[WirePosterDict]


#: TypedDicts ignore unknown keys, like the ``_Wire`` models above.
_RECOMMENDATION = TypeAdapter(WireRecommendationDict)
_POSTERS = TypeAdapter(WirePostersDict)


def parse_recommendation(content: bytes) -> WireRecommendationDict:
    """A collab/kmeans answer, checked (raises ``ValidationError``), with the optional lists
    and flags present."""
    answer = _RECOMMENDATION.validate_json(content)
    answer.setdefault("fallback", False)
    answer.setdefault("ignored", [])
    answer.setdefault("clusters", [])
    return answer


def parse_posters(content: bytes) -> WirePostersDict:
    """A posters batch answer, checked (raises ``ValidationError``)."""
    return _POSTERS.validate_json(content)

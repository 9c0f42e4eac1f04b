"""What collab, kmeans and posters answer, checked on arrival (extra fields are ignored:
a backend may add some without breaking the gateway)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WireItem(_Wire):
    movieId: int
    score: float | None = None
    because: int | None = None


class WireModel(_Wire):
    name: str
    version: str


class WireIgnored(_Wire):
    movieId: int
    reason: str


class WireCluster(_Wire):
    id: int
    weight: float


class WireRecommendation(_Wire):
    items: list[WireItem]
    fallback: bool = False
    ignored: list[WireIgnored] = Field(default_factory=list)
    model: WireModel
    clusters: list[WireCluster] = Field(default_factory=list)


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


class WireClusters(_Wire):
    clusters: list[WireClusterProfile]


class WirePoster(_Wire):
    imdbId: str
    url: str | None


class WirePosters(_Wire):
    posters: list[WirePoster]

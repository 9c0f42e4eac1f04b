"""The JSON of the model services' API, validated by pydantic (camelCase on the wire).

Numbers are strict: ``"4.5"`` or ``true`` is not a rating, so a client bug shows up as a 422
naming the entry instead of a silently coerced value. JSON itself has one number type, so an
integer may be written ``8.0`` (JSON Schema counts it as an integer too); ``8.5`` may not.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from movierec.data.dataset import MAX_RATING, MIN_RATING, RATING_STEP
from movierec.errors import InvalidYearRangeError
from movierec.http.json import CamelModel
from movierec.years import MAX_YEAR, MIN_YEAR, YearRange

#: Most ratings one request may carry; a person rates tens, a heavy MovieLens user thousands.
MAX_RATINGS = 5000
#: Most movie ids one request may exclude.
MAX_EXCLUDE = 10_000
#: Most recommendations one request may ask for.
MAX_LIMIT = 100


def _integral(value: Any) -> Any:
    """``8.0`` is the JSON number 8; strings, booleans and ``8.5`` are left to be refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: An integer as JSON (and JSON Schema) has it: strict, but ``8.0`` counts.
JsonInt = Annotated[int, BeforeValidator(_integral)]
#: Largest movie id: what a JavaScript number (the web client's) holds exactly, well inside
#: the int64 columns ids are looked up in. Bounds near 2**63 are also past what JSON tools
#: compare exactly (as doubles), so a fuzzer's "valid" id could be one we refuse.
MAX_MOVIE_ID = 2**53 - 1
#: Movie ids are positive and at most MAX_MOVIE_ID.
MovieId = Annotated[int, Field(gt=0, le=MAX_MOVIE_ID), BeforeValidator(_integral)]


#: A release year a filter may name (the OpenAPI document states the bounds).
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR), BeforeValidator(_integral)]


class YearFilter(CamelModel):
    """``yearFrom``/``yearTo``, declared once for the gateway's and the backends' requests.

    The ordering rule is :class:`movierec.years.YearRange`'s, checked here so a reversed range
    is a 422 naming the field before any work is done.
    """

    model_config = ConfigDict(strict=True)

    year_from: Year | None = Field(
        None,
        description="Only movies released in or after this year (inclusive). With any year "
        "bound set, movies of unknown year are left out.",
        examples=[1990],
    )
    year_to: Year | None = Field(
        None,
        description="Only movies released in or before this year (inclusive); not before "
        "`yearFrom`.",
        examples=[1999],
    )

    @field_validator("year_to")
    @classmethod
    def _not_before_start(cls, value: int | None, info: ValidationInfo) -> int | None:
        """A reversed range is an error on ``yearTo`` (so the 422 names the field); the rule
        itself is :class:`YearRange`'s."""
        try:
            YearRange(info.data.get("year_from"), value)
        except InvalidYearRangeError as exc:
            raise ValueError(exc.message) from None
        return value

    def years(self) -> YearRange:
        """The bounds as the domain's range (unbounded when neither is set)."""
        return YearRange(self.year_from, self.year_to)


def _at_most(value: Any, limit: int, what: str) -> Any:
    """Reject an over-long list before its entries are validated (one error, not thousands)."""
    if isinstance(value, list) and len(value) > limit:
        raise ValueError(f"at most {limit} {what} per request, got {len(value)}")
    return value


class RatingIn(CamelModel):
    model_config = ConfigDict(strict=True)

    movie_id: MovieId
    rating: float = Field(
        description=f"{MIN_RATING} to {MAX_RATING} in steps of {RATING_STEP}.",
        examples=[4.5],
        # The half-star grid in the schema, so generated clients and fuzzers know it; the
        # validator below enforces it with one message naming the scale.
        json_schema_extra={"minimum": MIN_RATING, "maximum": MAX_RATING, "multipleOf": RATING_STEP},
    )

    @field_validator("rating")
    @classmethod
    def _on_scale(cls, value: float) -> float:
        if not (MIN_RATING <= value <= MAX_RATING) or (value / RATING_STEP) % 1:
            raise ValueError(
                f"rating must be {MIN_RATING} to {MAX_RATING} in steps of {RATING_STEP}, "
                f"got {value}"
            )
        return value


class RecommendRequest(YearFilter):
    """An anonymous user's ratings and what they want back."""

    model_config = ConfigDict(strict=True)

    ratings: list[RatingIn] = Field(
        description=f"At most {MAX_RATINGS}; a movie rated twice counts with its last rating.",
        json_schema_extra={"maxItems": MAX_RATINGS},
    )
    limit: JsonInt = Field(20, ge=1, le=MAX_LIMIT, description="How many movies to return.")
    model: str | None = Field(None, description="Model to use; null = the service's default.")
    genres: list[str] | None = Field(
        None,
        max_length=100,
        description="Only movies having at least one of these genres; empty or null: all.",
    )
    exclude: list[MovieId] | None = Field(
        None,
        description="Movie ids never to return (e.g. seen but not rated).",
        json_schema_extra={"maxItems": MAX_EXCLUDE},
    )

    @field_validator("ratings", mode="before")
    @classmethod
    def _ratings_cap(cls, value: Any) -> Any:
        return _at_most(value, MAX_RATINGS, "ratings")

    @field_validator("exclude", mode="before")
    @classmethod
    def _exclude_cap(cls, value: Any) -> Any:
        return _at_most(value, MAX_EXCLUDE, "excluded movie ids")


class Item(CamelModel):
    movie_id: int
    score: float | None = Field(description="Model score (higher is better); null: fill-in.")
    because: int | None = Field(description="The rated movie that explains this one, if any.")


class Ignored(CamelModel):
    movie_id: int
    reason: Literal["unknown movie"]


class ModelRef(CamelModel):
    name: str
    version: str = Field(description="Short id of the trained weights.")


class RecommendResponse(CamelModel):
    items: list[Item]
    fallback: bool = Field(description="True: popular movies, the input told the model nothing.")
    ignored: list[Ignored]
    model: ModelRef


class DatasetInfo(CamelModel):
    name: str
    checksums: dict[str, str]
    users: int
    movies: int
    ratings: int


class ModelInfo(CamelModel):
    """What a loaded model is: from its artifact manifest."""

    name: str
    version: str
    params: dict[str, Any]
    dataset: DatasetInfo
    metrics: dict[str, Any]
    training: dict[str, Any]
    created: str = Field(description="ISO time the artifact was written; empty: in memory only.")

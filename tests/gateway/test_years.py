"""The year filter of POST /api/v1/recommendations, through the gateway to the real backends.

The data is the toy with two titles lacking a year (``data.YEARLESS``): the backends filter
before they cut to the limit, so the limit is met whenever enough movies qualify, and a
movie of unknown year never passes a bound.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from movierec.data.sources import load_dataset
from tests.gateway.conftest import Gateway, StartGateway, recommend
from tests.gateway.data import LIKES_A, LIKES_B

ALGORITHMS = ["collab", "kmeans", "both"]
#: The 1990s: plenty of the toy's movies, and plenty outside.
FROM, TO = 1990, 1999


@pytest.fixture(scope="module")
def years(yearless_dir: Path) -> dict[int, int | None]:
    """Release year by movie id, as the loader reads the titles (None: no year)."""
    movies = load_dataset(yearless_dir).movies
    return {
        int(m): None if pd.isna(y) else int(y)
        for m, y in zip(movies["movieId"].tolist(), movies["year"].tolist(), strict=True)
    }


def item_ids(items: list[dict[str, Any]]) -> list[int]:
    return [item["movieId"] for item in items]


def every_list(body: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The list shown and each backend's own list."""
    own = [r["items"] for r in body["results"].values() if r is not None]
    return [body["items"], *own]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_year_bounds_hold_and_the_limit_is_met(
    yearless_gateway: Gateway, years: dict[int, int | None], algorithm: str
) -> None:
    rated = {r["movieId"] for r in LIKES_A}
    qualifying = {m for m, y in years.items() if y is not None and FROM <= y <= TO} - rated
    assert len(qualifying) >= 20  # the premise: enough 1990s movies to fill the limit

    body = recommend(
        yearless_gateway, ratings=LIKES_A, algorithm=algorithm, limit=20, yearFrom=FROM, yearTo=TO
    )
    assert (body["degraded"], body["fallback"]) == (False, False)
    assert len(body["items"]) == 20
    for items in every_list(body):
        assert len(items) == 20
        assert set(item_ids(items)) <= qualifying
        assert all(FROM <= item["year"] <= TO for item in items)
    # Without the bounds the same user gets movies from other years: the filter did something.
    unfiltered = recommend(yearless_gateway, ratings=LIKES_A, algorithm=algorithm, limit=20)
    assert set(item_ids(unfiltered["items"])) - qualifying


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("bound", [{"yearFrom": 1800}, {"yearTo": 2200}])
def test_movies_without_a_year_never_pass_a_bound(
    yearless_gateway: Gateway, years: dict[int, int | None], algorithm: str, bound: dict[str, int]
) -> None:
    rated = {r["movieId"] for r in LIKES_B}
    yearless = {m for m, y in years.items() if y is None}
    everything = recommend(yearless_gateway, ratings=LIKES_B, algorithm=algorithm, limit=100)
    assert yearless <= set(item_ids(everything["items"]))  # shown when nothing is bounded

    body = recommend(yearless_gateway, ratings=LIKES_B, algorithm=algorithm, limit=100, **bound)
    dated = {m for m, y in years.items() if y is not None} - rated
    for items in every_list(body):
        assert set(item_ids(items)) == dated  # every dated movie, no yearless one
        assert all(item["year"] is not None for item in items)


def test_the_gateways_own_popular_movies_are_filtered_too(
    start_gateway: StartGateway, yearless_dir: Path, years: dict[int, int | None]
) -> None:
    """No backend answers: the gateway's popularity list applies the same bounds."""
    gateway = start_gateway(data_dir=str(yearless_dir))
    body = recommend(gateway, ratings=LIKES_A, limit=20, yearFrom=FROM, yearTo=TO)
    assert (body["fallback"], body["degraded"]) == (True, True)
    rated = {r["movieId"] for r in LIKES_A}
    qualifying = {m for m, y in years.items() if y is not None and FROM <= y <= TO} - rated
    assert len(body["items"]) == 20
    assert set(item_ids(body["items"])) <= qualifying
    only_from = recommend(gateway, ratings=LIKES_A, limit=100, yearFrom=1800)
    assert (
        set(item_ids(only_from["items"])) == {m for m, y in years.items() if y is not None} - rated
    )

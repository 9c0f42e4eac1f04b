"""POST /v1/recommend on both services: the right movies, never rated ones, reasons, filters."""

from __future__ import annotations

from typing import Any

import httpx
import pandas as pd
import pytest

from movierec.data.sources import load_dataset
from tests.services.conftest import Backends, ToyIds

#: A group-A fan: five A movies loved, two B movies panned.
LOVED = {10: 5.0, 20: 5.0, 30: 4.5, 40: 5.0, 50: 4.0}
PANNED = {310: 1.0, 320: 1.5}


def ratings(values: dict[int, float]) -> list[dict[str, Any]]:
    return [{"movieId": m, "rating": r} for m, r in values.items()]


def recommend(url: str, **body: Any) -> dict[str, Any]:
    answer = httpx.post(f"{url}/v1/recommend", json=body)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def ids(answer: dict[str, Any]) -> list[int]:
    return [item["movieId"] for item in answer["items"]]


def test_a_fan_gets_group_a_movies_explained_by_what_they_rated(
    service: str, toy_ids: ToyIds
) -> None:
    rated = {**LOVED, **PANNED}
    answer = recommend(service, ratings=ratings(rated), limit=10)
    got = ids(answer)
    assert len(got) == 10
    assert set(got) <= toy_ids.group_a - set(rated)
    assert answer["fallback"] is False
    assert answer["ignored"] == []
    scores = [item["score"] for item in answer["items"]]
    assert all(isinstance(s, float) for s in scores)
    assert scores == sorted(scores, reverse=True)
    reasons = [item["because"] for item in answer["items"]]
    assert any(r is not None for r in reasons)
    assert {r for r in reasons if r is not None} <= set(rated)


@pytest.mark.parametrize("model", ["ease", "als", "itemknn", "userpearson"])
def test_every_collab_model_serves_by_name(collab: str, toy_ids: ToyIds, model: str) -> None:
    answer = recommend(collab, ratings=ratings({**LOVED, **PANNED}), limit=10, model=model)
    assert answer["model"]["name"] == model
    assert answer["model"]["version"]
    assert set(ids(answer)) <= toy_ids.group_a - set(LOVED)
    assert {i["because"] for i in answer["items"]} - {None} <= set(LOVED) | set(PANNED)


def test_default_model_is_named_with_its_version(collab: str, kmeans: str) -> None:
    body = {"ratings": ratings(LOVED)}
    assert recommend(collab, **body)["model"]["name"] == "ease"
    assert recommend(kmeans, **body)["model"]["name"] == "kmeans"
    info = httpx.get(f"{collab}/v1/model").json()
    assert recommend(collab, **body)["model"] == {"name": "ease", "version": info["version"]}


def test_no_ratings_fall_back_to_popular_movies(service: str) -> None:
    answer = recommend(service, ratings=[])
    assert answer["fallback"] is True
    assert len(answer["items"]) == 20  # the default limit
    assert all(item["because"] is None for item in answer["items"])
    assert len(set(ids(answer))) == 20


def test_unknown_movies_are_ignored_and_reported(service: str, toy_ids: ToyIds) -> None:
    only_unknown = recommend(
        service, ratings=ratings({99999: 5.0, 12345: 4.0}) + ratings({99999: 3.0}), limit=5
    )
    assert only_unknown["fallback"] is True
    assert len(only_unknown["items"]) == 5
    assert only_unknown["ignored"] == [
        {"movieId": 99999, "reason": "unknown movie"},
        {"movieId": 12345, "reason": "unknown movie"},
    ]
    mixed = recommend(service, ratings=ratings({**LOVED, 99999: 5.0}), limit=5)
    assert mixed["fallback"] is False
    assert mixed["ignored"] == [{"movieId": 99999, "reason": "unknown movie"}]
    assert set(ids(mixed)) <= toy_ids.group_a


def test_genre_filter_keeps_only_movies_of_those_genres(service: str, toy_ids: ToyIds) -> None:
    rated = {**LOVED, **PANNED}
    # An A fan asking for horror gets B movies, never the panned ones; names are
    # case-insensitive.
    answer = recommend(service, ratings=ratings(rated), limit=8, genres=["horror"])
    assert len(answer["items"]) == 8
    assert set(ids(answer)) <= toy_ids.group_b - set(PANNED)
    both = recommend(service, ratings=ratings(rated), limit=40, genres=["Thriller", "Children"])
    assert set(ids(both)) <= (toy_ids.group_a | toy_ids.group_b) - set(rated)
    assert toy_ids.unrated not in ids(both)  # it has no genres
    unfiltered = recommend(service, ratings=ratings(rated), limit=8)
    assert recommend(service, ratings=ratings(rated), limit=8, genres=[]) == unfiltered


def test_year_bounds_are_applied_before_the_limit(service: str, backends: Backends) -> None:
    """The mask is built before ranking, so a filtered answer still fills the limit."""
    movies = load_dataset(backends.data_dir).movies
    year_of = dict(zip(movies["movieId"].tolist(), movies["year"].tolist(), strict=True))
    rated = {**LOVED, **PANNED}
    qualifying = {m for m, y in year_of.items() if not pd.isna(y) and 1990 <= y <= 1999}
    assert len(qualifying - set(rated)) >= 20  # the premise: enough to fill the limit
    body = {"ratings": ratings(rated), "limit": 20}
    answer = recommend(service, **body, yearFrom=1990, yearTo=1999)
    assert len(answer["items"]) == 20
    assert set(ids(answer)) <= qualifying - set(rated)
    assert set(ids(recommend(service, **body))) - qualifying  # unfiltered: other years too
    # One bound alone; the year itself is inside (inclusive). Fewer qualify than the limit:
    # all of them come back, nothing else.
    late = {m for m, y in year_of.items() if not pd.isna(y) and y >= 2005} - set(rated)
    assert len(late) < 20
    assert set(ids(recommend(service, **body, yearFrom=2005))) == late
    before = ids(recommend(service, **body, yearTo=1994, genres=["Horror"]))
    assert before
    assert all(year_of[m] <= 1994 for m in before)


def test_unknown_genre_is_422_listing_the_known_ones(service: str) -> None:
    """The same details shape as the gateway's answer (one genre error everywhere)."""
    answer = httpx.post(
        f"{service}/v1/recommend", json={"ratings": ratings(LOVED), "genres": ["Western"]}
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "unknown_genre"
    assert "Western" in error["message"]
    assert error["details"] == [
        {
            "field": "body.genres",
            "unknown": ["Western"],
            "known": ["Animation", "Children", "Horror", "Thriller"],
        }
    ]


def test_excluded_movies_never_come_back(service: str, toy_ids: ToyIds) -> None:
    first = ids(recommend(service, ratings=ratings(LOVED), limit=5))
    answer = recommend(service, ratings=ratings(LOVED), limit=5, exclude=[*first, 99999])
    again = ids(answer)
    assert len(again) == 5
    assert not set(again) & set(first)
    assert set(again) <= toy_ids.group_a - set(LOVED)


def test_limit_is_respected(service: str) -> None:
    assert len(recommend(service, ratings=ratings(LOVED), limit=3)["items"]) == 3
    assert len(recommend(service, ratings=ratings(LOVED), limit=40)["items"]) == 40


def test_a_movie_rated_twice_counts_with_its_last_rating(collab: str) -> None:
    # EASE gives a dislike no weight: with only a dislike there is nothing to go on.
    last_loved = recommend(collab, ratings=ratings({10: 1.0}) + ratings({10: 5.0}))
    last_panned = recommend(collab, ratings=ratings({10: 5.0}) + ratings({10: 1.0}))
    assert last_loved["fallback"] is False
    assert last_panned["fallback"] is True
    assert 10 not in ids(last_loved) + ids(last_panned)


def test_unknown_model_is_422_listing_the_offered_ones(collab: str, kmeans: str) -> None:
    wrong = httpx.post(f"{collab}/v1/recommend", json={"ratings": [], "model": "kmeans"})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "unknown_model"
    assert wrong.json()["error"]["details"]["valid"] == ["ease", "als", "itemknn", "userpearson"]
    also_wrong = httpx.post(f"{kmeans}/v1/recommend", json={"ratings": [], "model": "ease"})
    assert also_wrong.status_code == 422
    assert also_wrong.json()["error"]["details"] == {"model": "ease", "valid": ["kmeans"]}


def test_kmeans_reports_the_users_soft_cluster_assignment(kmeans: str) -> None:
    answer = recommend(kmeans, ratings=ratings({**LOVED, **PANNED}))
    clusters = answer["clusters"]
    assert clusters
    weights = [c["weight"] for c in clusters]
    assert weights == sorted(weights, reverse=True)
    assert sum(weights) == pytest.approx(1.0, abs=1e-4)
    assert len({c["id"] for c in clusters}) == len(clusters)
    assert recommend(kmeans, ratings=[])["clusters"] == []

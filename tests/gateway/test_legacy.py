"""The original system's routes: exactly its shapes (keys and types), real answers behind them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from movierec.data.sources import load_dataset
from movierec.data.titles import title_without_year
from movierec.recommender import popularity_scores
from tests.fakes.fake_omdb import poster_url
from tests.gateway.conftest import Gateway, StartGateway, recommend
from tests.gateway.data import GROUP_A, GROUP_B, imdb_id, movie_id

#: What /getrecomcollab returns by default: the original backend's 4 (one row on its page).
COLLAB_COUNT = 4


def new_api(
    gateway: Gateway, ratings: list[dict[str, Any]], algorithm: str, limit: int = 10
) -> list[int]:
    body = {"ratings": ratings, "algorithm": algorithm, "limit": limit}
    response = gateway.post("/api/v1/recommendations", json=body)
    return [item["movieId"] for item in response.json()["items"]]


def test_getrandom_shape(gateway: Gateway, toy_dir: Path) -> None:
    raw_titles = pd.read_csv(toy_dir / "movies.csv").set_index("movieId")["title"]
    response = gateway.get("/getrandom", params={"count": 6})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["ids"]
    assert len(body["ids"]) == 6
    for movie in body["ids"]:
        assert list(movie) == ["movieId", "title", "actual", "imageurl"]
        assert all(isinstance(v, str) for v in movie.values())
        assert movie["movieId"].isdigit()
        actual = raw_titles[int(movie["movieId"])]
        assert movie["actual"] == actual
        assert actual == f"{movie['title']} ({actual[-5:-1]})"  # the title without its year
        assert movie["imageurl"] == poster_url(imdb_id(int(movie["movieId"]) // 10 - 1))
    assert len({m["movieId"] for m in body["ids"]}) == 6
    # Default count, and a different set each time.
    first = {m["movieId"] for m in gateway.get("/getrandom").json()["ids"]}
    assert len(first) == 10
    assert any(
        {m["movieId"] for m in gateway.get("/getrandom").json()["ids"]} != first for _ in range(3)
    )


def test_getrecomcollab_matches_titles_and_answers_in_the_old_shape(
    gateway: Gateway, toy_dir: Path
) -> None:
    raw_titles = pd.read_csv(toy_dir / "movies.csv").set_index("movieId")["title"]
    body = [
        {"title": "Toy Story", "rating": 4.5},
        {"title": "Matrix, The", "rating": 5},
        {"title": "Amelie (Fabuleux destin d'Amélie Poulain, Le)", "rating": 4},
        {"title": "american president, the", "rating": 5.0},
        {"title": "No Such Film", "rating": 5},
    ]
    response = gateway.post("/getrecomcollab", json=body)
    assert response.status_code == 200
    answer = response.json()
    assert isinstance(answer, list)
    assert len(answer) == COLLAB_COUNT
    assert response.headers["x-skipped-entries"] == "0"
    rated = {movie_id(c) for c in (0, 3, 2, 5)}
    for movie in answer:
        assert list(movie) == ["movieId", "title", "imageurl", "year"]
        assert isinstance(movie["movieId"], int)
        assert isinstance(movie["title"], str)
        assert movie["year"].isdigit()
        assert movie["imageurl"] == poster_url(imdb_id(movie["movieId"] // 10 - 1))
        assert movie["movieId"] in GROUP_A
        assert movie["movieId"] not in rated
        assert movie["title"] == title_without_year(raw_titles[movie["movieId"]])
        assert movie["year"] == raw_titles[movie["movieId"]][-5:-1]
    # The same as the new API given the matched ids (the unknown title dropped).
    same = [
        {"movieId": movie_id(0), "rating": 4.5},
        {"movieId": movie_id(3), "rating": 5.0},
        {"movieId": movie_id(2), "rating": 4.0},
        {"movieId": movie_id(5), "rating": 5.0},
    ]
    assert [m["movieId"] for m in answer] == new_api(gateway, same, "collab", COLLAB_COUNT)


def test_getrecomcollab_snaps_ratings_and_prefers_the_popular_title(
    gateway: Gateway, toy_dir: Path
) -> None:
    def legacy(title: str, rating: float) -> list[int]:
        response = gateway.post("/getrecomcollab", json=[{"title": title, "rating": rating}])
        return [m["movieId"] for m in response.json()]

    def new(movie: int, rating: float) -> list[int]:
        ratings = [{"movieId": movie_id(movie), "rating": rating}]
        return new_api(gateway, ratings, "collab", COLLAB_COUNT)

    assert legacy("Toy Story 2", 4.8) == new(1, 5.0)
    assert legacy("Toy Story 2", 0) == new(1, 0.5)
    # Two films are called "Hamlet": the one more people liked is meant.
    popularity = popularity_scores(load_dataset(toy_dir).ratings)
    popular, other = (6, 36) if popularity[6] >= popularity[36] else (36, 6)
    meant = new(popular, 5.0)
    assert legacy("Hamlet", 5) == meant
    assert meant != new(other, 5.0)


def test_getrecom_is_kmeans_in_the_old_shape(gateway: Gateway, toy_dir: Path) -> None:
    raw_titles = pd.read_csv(toy_dir / "movies.csv").set_index("movieId")["title"]
    body = [{"movieId": m, "rating": 5} for m in GROUP_B[:4]] + [{"movieId": "20", "rating": 1}]
    response = gateway.post("/getrecom", json=body)
    assert response.status_code == 200
    answer = response.json()
    assert list(answer) == ["results"]
    assert len(answer["results"]) == 10
    assert response.headers["x-skipped-entries"] == "0"
    for movie in answer["results"]:
        assert list(movie) == ["title", "imageurl"]
        assert isinstance(movie["title"], str)
        assert movie["imageurl"].startswith("https://")
    expected = new_api(
        gateway,
        [{"movieId": m, "rating": 5.0} for m in GROUP_B[:4]] + [{"movieId": 20, "rating": 1.0}],
        "kmeans",
    )
    assert [m["title"] for m in answer["results"]] == [
        title_without_year(raw_titles[m]) for m in expected
    ]


@pytest.mark.parametrize(
    ("path", "complete", "incomplete"),
    [
        (
            "/getrecomcollab",
            [{"title": "Toy Story", "rating": 4.5}, {"title": "Matrix, The", "rating": 5}],
            [{}, {"title": "Jumanji"}, {"rating": 3}, None, {"title": None, "rating": 2}],
        ),
        (
            "/getrecom",
            [{"movieId": m, "rating": 5} for m in GROUP_B[:3]],
            [{}, {"movieId": 10}, {"rating": 3}, None, {"movieId": 20, "rating": None}],
        ),
    ],
)
def test_legacy_entries_lacking_a_field_are_skipped_and_counted(
    gateway: Gateway,
    caplog: pytest.LogCaptureFixture,
    path: str,
    complete: list[dict[str, Any]],
    incomplete: list[Any],
) -> None:
    """The original client's slider sends {} for unrated movies: the original backend skipped
    them, and its page went blank when ours answered 422 instead."""
    expected = gateway.post(path, json=complete)
    assert expected.status_code == 200, expected.text
    mixed = [incomplete[0], complete[0], *incomplete[1:], *complete[1:]]
    with caplog.at_level(logging.INFO, logger="movierec.gateway.legacy"):
        response = gateway.post(path, json=mixed)
    assert response.status_code == 200, response.text
    assert response.json() == expected.json()
    assert response.headers["x-skipped-entries"] == str(len(incomplete))
    (line,) = [r for r in caplog.records if r.name == "movierec.gateway.legacy"]
    assert line.__dict__["skipped_entries"] == len(incomplete)
    assert line.__dict__["request_id"] == response.headers["x-request-id"]
    assert path in line.getMessage()
    # Nothing but empty slots: the answer for no ratings, still not an error.
    only_empty = gateway.post(path, json=[{}, {}])
    assert only_empty.status_code == 200, only_empty.text
    assert only_empty.headers["x-skipped-entries"] == "2"


def test_getrecomcollab_count_is_a_setting(start_gateway: StartGateway, collab_url: str) -> None:
    gateway = start_gateway(collab_url=collab_url, legacy_collab_count=7)
    answer = gateway.post("/getrecomcollab", json=[{"title": "Toy Story", "rating": 5}]).json()
    assert len(answer) == 7


def test_legacy_routes_without_posters_say_na(start_gateway: StartGateway, collab_url: str) -> None:
    gateway = start_gateway(collab_url=collab_url)  # posters and kmeans down
    random_movies = gateway.get("/getrandom", params={"count": 3}).json()["ids"]
    assert [m["imageurl"] for m in random_movies] == ["N/A"] * 3
    collab = gateway.post("/getrecomcollab", json=[{"title": "Toy Story", "rating": 5}]).json()
    assert collab
    assert {m["imageurl"] for m in collab} == {"N/A"}
    kmeans = gateway.post("/getrecom", json=[{"movieId": 10, "rating": 5}]).json()["results"]
    assert len(kmeans) == 10  # popular movies from the gateway's own catalogue
    assert {m["imageurl"] for m in kmeans} == {"N/A"}


def test_legacy_routes_are_tagged_in_the_openapi(gateway: Gateway) -> None:
    paths = gateway.get("/openapi.json").json()["paths"]
    assert paths["/getrandom"]["get"]["tags"] == ["legacy"]
    assert paths["/getrecomcollab"]["post"]["tags"] == ["legacy"]
    assert paths["/getrecom"]["post"]["tags"] == ["legacy"]
    assert paths["/api/v1/recommendations"]["post"]["tags"] == ["recommendations"]


# -- the original system's recency rule (MOVIEREC_GATEWAY_LEGACY_RECENT) ----------------------


@pytest.fixture(scope="module")
def years_by_id(toy_dir: Path) -> dict[int, int]:
    """Release year by movie id, as the loader reads the toy's titles (0: none)."""
    movies = load_dataset(toy_dir).movies
    return {
        int(m): 0 if pd.isna(y) else int(y)
        for m, y in zip(movies["movieId"].tolist(), movies["year"].tolist(), strict=True)
    }


@pytest.fixture(scope="module")
def latest_by_title(toy_dir: Path, years_by_id: dict[int, int]) -> dict[str, int]:
    """Legacy title -> the latest year of the movies of that title (two films are "Hamlet")."""
    raw = pd.read_csv(toy_dir / "movies.csv").set_index("movieId")["title"]
    latest: dict[str, int] = {}
    for movie, title in raw.items():
        key = title_without_year(str(title))
        latest[key] = max(latest.get(key, 0), years_by_id[int(str(movie))])
    return latest


def by_id(ratings: dict[int, float]) -> list[dict[str, Any]]:
    return [{"movieId": m, "rating": r} for m, r in ratings.items()]


def test_legacy_recent_keeps_movies_from_2000_on(
    start_gateway: StartGateway,
    stack_urls: dict[str, str],
    years_by_id: dict[int, int],
    latest_by_title: dict[str, int],
) -> None:
    gateway = start_gateway(**stack_urls, legacy_recent=True)
    body = [{"title": "Toy Story", "rating": 5}, {"title": "Matrix, The", "rating": 4.5}]
    collab = gateway.post("/getrecomcollab", json=body)
    assert collab.status_code == 200, collab.text
    movies = collab.json()
    assert len(movies) == COLLAB_COUNT
    assert all(list(m) == ["movieId", "title", "imageurl", "year"] for m in movies)
    assert all(int(m["year"]) >= 2000 for m in movies)
    # The public API with the same ratings and yearFrom 2000 says the same.
    same = by_id({movie_id(0): 5.0, movie_id(3): 4.5})
    public = recommend(gateway, ratings=same, limit=COLLAB_COUNT, yearFrom=2000)
    assert [m["movieId"] for m in movies] == [i["movieId"] for i in public["items"]]

    kmeans = gateway.post("/getrecom", json=by_id(dict.fromkeys(GROUP_B[:4], 5.0)))
    assert kmeans.status_code == 200, kmeans.text
    results = kmeans.json()["results"]
    assert len(results) == 10
    assert all(list(m) == ["title", "imageurl"] for m in results)
    assert all(latest_by_title[m["title"]] >= 2000 for m in results)


def test_legacy_recent_falls_back_to_1990_then_to_no_filter(
    start_gateway: StartGateway,
    stack_urls: dict[str, str],
    years_by_id: dict[int, int],
    latest_by_title: dict[str, int],
) -> None:
    count = 15
    on = start_gateway(**stack_urls, legacy_recent=True, legacy_count=count)
    off = start_gateway(**stack_urls, legacy_count=count)

    def titles(gateway: Gateway, ratings: dict[int, float]) -> list[str]:
        response = gateway.post("/getrecom", json=by_id(ratings))
        assert response.status_code == 200, response.text
        return [m["title"] for m in response.json()["results"]]

    # Every movie from 2000 on rated (a horror fan's taste): none of them is left to show.
    recent = {m: 5.0 if m in GROUP_B else 0.5 for m, y in years_by_id.items() if y >= 2000}
    unfiltered = titles(off, recent)
    assert min(latest_by_title[t] for t in unfiltered) < 1990  # the premise: older ones rank
    shown = titles(on, recent)
    assert len(shown) == count
    assert all(latest_by_title[t] >= 1990 for t in shown)

    # Every movie from 1990 on rated but two: too few from 1990 on, so no year filter, and
    # every movie left unrated comes back, the older ones too.
    spared = sorted(m for m, y in years_by_id.items() if 1990 <= y < 2000)[:2]
    nearly_all = {m: 4.0 for m, y in years_by_id.items() if y >= 1990 and m not in spared}
    unrated = len(years_by_id) - len(nearly_all)
    assert len(spared) < unrated < count
    last_resort = titles(on, nearly_all)
    assert len(last_resort) == unrated
    assert min(latest_by_title[t] for t in last_resort) < 1990

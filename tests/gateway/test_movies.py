"""Onboarding picks, title search and the movie page, through real HTTP on the whole stack."""

from __future__ import annotations

from typing import Any

import pytest

from movierec.data.sources import load_dataset
from movierec.recommender import popularity_scores
from movierec_posters.app import create_app as create_posters
from tests.fakes.fake_omdb import FakeOmdb, poster_url
from tests.fakes.redis_server import RedisServer
from tests.fakes.uvicorn_server import UvicornThread
from tests.gateway.conftest import Gateway, StartGateway, posters_settings
from tests.gateway.data import UNRATED, imdb_id, movie_id

MOVIE_KEYS = {"movieId", "title", "year", "genres", "imdbId", "poster"}


def _titles(answer: dict[str, Any]) -> list[str]:
    return [item["title"] for item in answer["items"]]


# -- onboarding ---------------------------------------------------------------------------


def test_onboarding_gives_known_movies_with_posters(gateway: Gateway) -> None:
    answer = gateway.get("/api/v1/movies/onboarding", params={"count": 8, "seed": 3}).json()
    assert len(answer["items"]) == 8
    assert answer["degraded"] is False
    for item in answer["items"]:
        assert set(item) == MOVIE_KEYS
        assert item["imdbId"] == imdb_id(item["movieId"] // 10 - 1)
        assert item["poster"] == poster_url(item["imdbId"])
    # Never the movie nobody rated: nobody can be expected to know it.
    assert UNRATED not in {i["movieId"] for i in answer["items"]}
    assert len({i["movieId"] for i in answer["items"]}) == 8


def test_onboarding_seed_repeats_and_new_requests_differ(gateway: Gateway) -> None:
    def ids(**params: Any) -> list[int]:
        answer = gateway.get("/api/v1/movies/onboarding", params={"count": 10, **params}).json()
        return [i["movieId"] for i in answer["items"]]

    assert ids(seed=11) == ids(seed=11)
    assert ids(seed=11) != ids(seed=12)
    unseeded = [gateway.get("/api/v1/movies/onboarding").json() for _ in range(3)]
    assert len({a["seed"] for a in unseeded}) == 3
    assert len({tuple(_titles(a)) for a in unseeded}) == 3
    assert ids(seed=unseeded[0]["seed"], count=12) == [i["movieId"] for i in unseeded[0]["items"]]


def test_onboarding_spreads_over_genres(gateway: Gateway) -> None:
    """The toy has two genre groups; a pick of 10 must not come from one group only."""
    for seed in range(5):
        answer = gateway.get("/api/v1/movies/onboarding", params={"count": 10, "seed": seed})
        genres = {g for item in answer.json()["items"] for g in item["genres"]}
        assert {"Animation", "Horror"} <= genres


def test_onboarding_replaces_movies_without_poster(
    start_gateway: StartGateway,
    stack_urls: dict[str, str],
    omdb: FakeOmdb,
    own_redis: RedisServer,
) -> None:
    without = {imdb_id(col) for col in range(0, 60, 2)}  # half the catalogue has no poster
    omdb.configure(no_poster=without)
    with UvicornThread(create_posters(posters_settings(omdb, own_redis.url))) as posters:
        gateway = start_gateway(**{**stack_urls, "posters_url": posters.url})
        for seed in range(4):
            answer = gateway.get("/api/v1/movies/onboarding", params={"count": 12, "seed": seed})
            items = answer.json()["items"]
            assert len(items) == 12
            assert all(i["poster"] == poster_url(i["imdbId"]) for i in items)
            assert not {i["imdbId"] for i in items} & without


def test_onboarding_without_posters_service_is_degraded(
    start_gateway: StartGateway, collab_url: str
) -> None:
    gateway = start_gateway(collab_url=collab_url)  # posters: nobody listening
    answer = gateway.get("/api/v1/movies/onboarding", params={"count": 5})
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["items"]) == 5
    assert all(item["poster"] is None for item in body["items"])
    assert body["degraded"] is True
    assert [p["part"] for p in body["problems"]] == ["posters"]


# -- search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("toy story", "Toy Story"),
        ("TOY STORY", "Toy Story"),
        ("toy story 1995", "Toy Story"),
        ("Toy Story (1995)", "Toy Story"),
        ("toy story 2", "Toy Story 2"),
        ("toy story 1999", "Toy Story 2"),
        ("matrix", "The Matrix"),
        ("the matrix", "The Matrix"),
        ("Matrix, The", "The Matrix"),
        ("matrix reloaded", "The Matrix Reloaded"),
        ("amelie", "Amelie"),
        ("Amélie", "Amelie"),
        ("AMÉLIE poulain", "Amelie"),
        ("leon", "Léon: The Professional"),
        ("the professional", "Léon: The Professional"),
        ("se7en", "Seven"),
        ("blade runner", "Blade Runner"),
        ("blade runner 2049", "Blade Runner 2049"),
        ("2001", "2001: A Space Odyssey"),
        ("shin", "The Shining"),
        ("president american", "The American President"),
        ("amer pres", "The American President"),
    ],
)
def test_search_finds_the_title(gateway: Gateway, query: str, first: str) -> None:
    answer = gateway.get("/api/v1/movies/search", params={"q": query})
    assert answer.status_code == 200
    body = answer.json()
    assert body["query"] == query
    assert _titles(body)[0] == first
    assert set(body["items"][0]) == MOVIE_KEYS
    assert body["items"][0]["poster"] == poster_url(body["items"][0]["imdbId"])


def test_search_ranks_whole_titles_before_prefixes(gateway: Gateway) -> None:
    body = gateway.get("/api/v1/movies/search", params={"q": "toy story"}).json()
    assert _titles(body)[:2] == ["Toy Story", "Toy Story 2"]
    body = gateway.get("/api/v1/movies/search", params={"q": "blade"}).json()
    assert set(_titles(body)) == {"Blade Runner", "Blade Runner 2049"}


def test_search_breaks_ties_by_popularity(gateway: Gateway, toy_dir: Any) -> None:
    data = load_dataset(toy_dir)
    popularity = popularity_scores(data.ratings)
    hamlets = [6, 36]  # columns of "Hamlet (1990)" and "Hamlet (1996)"
    expected = sorted(hamlets, key=lambda col: -popularity[col])
    body = gateway.get("/api/v1/movies/search", params={"q": "hamlet"}).json()
    assert [i["movieId"] for i in body["items"]] == [movie_id(c) for c in expected]
    # A year picks one of two films of the same name.
    body = gateway.get("/api/v1/movies/search", params={"q": "hamlet 1996"}).json()
    assert body["items"][0]["movieId"] == movie_id(36)


def test_search_limit_and_no_match(gateway: Gateway) -> None:
    body = gateway.get("/api/v1/movies/search", params={"q": "movie", "limit": 3}).json()
    assert len(body["items"]) == 3
    for query in ("zzzz nothing", "!!!", "   "):
        body = gateway.get("/api/v1/movies/search", params={"q": query}).json()
        assert body["items"] == []


# -- one movie ----------------------------------------------------------------------------


def test_movie_has_poster_stats_and_similar_movies_from_collab(gateway: Gateway) -> None:
    answer = gateway.get(f"/api/v1/movies/{movie_id(0)}", params={"similar": 5})
    assert answer.status_code == 200
    body = answer.json()
    assert body["title"] == "Toy Story"
    assert body["year"] == 1995
    assert body["genres"] == ["Animation", "Children"]
    assert body["poster"] == poster_url(imdb_id(0))
    assert body["ratingCount"] > 0
    assert 0.5 <= body["meanRating"] <= 5.0
    assert body["similarSource"] == "collab"
    assert body["degraded"] is False
    similar = body["similar"]
    assert len(similar) == 5
    assert movie_id(0) not in {s["movieId"] for s in similar}
    # Similar to an animation film: the other animation films (the toy's taste group A).
    assert all("Animation" in s["genres"] for s in similar)
    assert all(s["poster"] == poster_url(s["imdbId"]) for s in similar)
    scores = [s["score"] for s in similar]
    assert scores == sorted(scores, reverse=True)


def test_movie_similar_falls_back_to_genres_when_collab_is_down(
    start_gateway: StartGateway, posters_url: str
) -> None:
    gateway = start_gateway(posters_url=posters_url)
    body = gateway.get(f"/api/v1/movies/{movie_id(31)}").json()
    assert body["title"] == "Blade Runner"
    assert body["similarSource"] == "genres"
    assert body["degraded"] is True
    assert [p["part"] for p in body["problems"]] == ["collab"]
    assert body["similar"]
    assert all(set(s["genres"]) & {"Horror", "Thriller"} for s in body["similar"])


#: Movies of both taste groups, popular and not, and the unrated one without genres.
PAGES = [movie_id(c) for c in (0, 3, 17, 29, 30, 36, 59)] + [UNRATED]


def _similar_ids(gateway: Gateway, movie: int) -> tuple[str, list[int]]:
    answer = gateway.get(f"/api/v1/movies/{movie}", params={"similar": 12})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return body["similarSource"], [s["movieId"] for s in body["similar"]]


def test_similar_movies_never_include_the_movie_itself(gateway: Gateway) -> None:
    for movie in PAGES:
        source, similar = _similar_ids(gateway, movie)
        assert source == "collab"
        assert len(similar) == len(set(similar)) == 12
        assert movie not in similar


def test_similar_by_genre_never_include_the_movie_itself(
    start_gateway: StartGateway, posters_url: str
) -> None:
    gateway = start_gateway(posters_url=posters_url)  # collab down: the genre fallback
    for movie in PAGES:
        source, similar = _similar_ids(gateway, movie)
        assert source == "genres"
        assert len(similar) == len(set(similar))
        assert movie not in similar
        if movie != UNRATED:  # 29 others share its genres; the unrated one has none
            assert len(similar) == 12


def test_unknown_movie_is_404_in_the_error_shape(gateway: Gateway) -> None:
    for unknown in (999_999, 15, 0, -3):
        answer = gateway.get(f"/api/v1/movies/{unknown}")
        assert answer.status_code == 404
        error = answer.json()["error"]
        assert error["code"] == "movie_not_found"
        assert str(unknown) in error["message"]

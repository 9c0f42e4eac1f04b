"""The fake OMDb's self-served posters: what the web app's browser tests load offline."""

from __future__ import annotations

import httpx

from tests.fakes.fake_omdb import FakeOmdb


def test_poster_urls_point_at_the_fake_which_serves_the_image() -> None:
    with FakeOmdb(api_key="k", serve_posters=True) as fake:
        movie = httpx.get(f"{fake.url}/", params={"i": "tt0114709", "apikey": "k"}).json()
        assert movie["Poster"] == f"{fake.url}/posters/tt0114709.svg"
        image = httpx.get(movie["Poster"])
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/svg+xml"
        assert image.text.startswith("<svg")
        assert "Toy Story" in image.text
        assert httpx.get(f"{fake.url}/posters/nonsense.svg").status_code == 404


def test_posters_are_stable_per_id_and_differ_between_ids() -> None:
    with FakeOmdb(serve_posters=True) as fake:
        first = httpx.get(f"{fake.url}/posters/tt0133093.svg").text
        assert httpx.get(f"{fake.url}/posters/tt0133093.svg").text == first
        assert httpx.get(f"{fake.url}/posters/tt0114709.svg").text != first


def test_without_the_option_nothing_is_served_and_urls_keep_omdb_shape() -> None:
    with FakeOmdb(api_key="k") as fake:
        movie = httpx.get(f"{fake.url}/", params={"i": "tt0114709", "apikey": "k"}).json()
        assert movie["Poster"].startswith("https://m.media-amazon.com/")
        assert httpx.get(f"{fake.url}/posters/tt0114709.svg").status_code == 404

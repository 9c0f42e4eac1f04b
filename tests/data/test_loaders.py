"""Each official layout loads into exactly the Dataset its files describe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from movierec.data.dataset import Dataset
from movierec.data.loaders import load_directory, sha256_file
from movierec.data.sources import load_dataset
from tests.data.layouts import write_csv, write_ml1m, write_ml100k


def dense(dataset: Dataset) -> np.ndarray:
    return np.asarray(dataset.ratings.toarray())


def records(dataset: Dataset) -> list[dict[str, Any]]:
    """Movies as plain dicts, a missing year as None."""
    rows: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()} for row in dataset.movies.to_dict("records")
    ]
    for row in rows:
        row["year"] = None if pd.isna(row["year"]) else int(row["year"])
    return rows


def test_csv_layout(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "ml-tiny")
    dataset = load_directory(root)

    assert (dataset.name, dataset.layout) == ("ml-tiny", "csv")
    assert records(dataset) == [
        {
            "movieId": 1,
            "title": "Toy Story (1995)",
            "display_title": "Toy Story",
            "year": 1995,
            "genres": ("Adventure", "Animation", "Children", "Comedy", "Fantasy"),
            "imdbId": "tt0114709",
        },
        {
            "movieId": 2,
            "title": "American President, The (1995)",
            "display_title": "The American President",
            "year": 1995,
            "genres": ("Comedy", "Drama", "Romance"),
            "imdbId": "tt0112346",
        },
        {
            "movieId": 5,
            "title": "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            "display_title": "The City of Lost Children",
            "year": 1995,
            "genres": ("Adventure", "Drama", "Fantasy"),
            "imdbId": "tt0112682",
        },
        {
            "movieId": 10,
            "title": "Babylon 5",
            "display_title": "Babylon 5",
            "year": None,
            "genres": (),
            "imdbId": None,
        },
    ]
    assert str(dataset.movies["year"].dtype) == "Int64"
    assert dataset.user_ids.tolist() == [1, 3]
    assert dataset.ratings.dtype == np.float32
    assert dense(dataset).tolist() == [[4.0, 0.0, 0.5, 0.0], [3.5, 5.0, 0.0, 0.0]]
    assert dataset.skipped.total == 0
    assert dataset.checksums == {
        name: sha256_file(root / name) for name in ("movies.csv", "links.csv", "ratings.csv")
    }


def test_csv_layout_with_crlf_quotes_and_unsorted_movies(tmp_path: Path) -> None:
    movies = 'movieId,title,genres\r\n7,"Sabrina (1995)",Comedy|Romance\r\n3,Heat (1995),Action\r\n'
    links = "movieId,imdbId,tmdbId\r\n3,113277,949\r\n7,114319,11860\r\n"
    ratings = "userId,movieId,rating,timestamp\r\n9,7,2.5,1\r\n2,3,1.0,2\r\n"
    dataset = load_directory(write_csv(tmp_path / "x", movies=movies, links=links, ratings=ratings))
    assert dataset.movie_ids.tolist() == [3, 7]
    assert dataset.movies["display_title"].tolist() == ["Heat", "Sabrina"]
    assert dataset.movies["imdbId"].tolist() == ["tt0113277", "tt0114319"]
    assert dataset.user_ids.tolist() == [2, 9]
    assert dense(dataset).tolist() == [[1.0, 0.0], [0.0, 2.5]]


def test_ml1m_layout(tmp_path: Path) -> None:
    dataset = load_directory(write_ml1m(tmp_path / "ml-1m"))

    assert (dataset.name, dataset.layout) == ("ml-1m", "ml-1m")
    assert records(dataset) == [
        {
            "movieId": 1,
            "title": "Toy Story (1995)",
            "display_title": "Toy Story",
            "year": 1995,
            "genres": ("Animation", "Children", "Comedy"),
            "imdbId": None,
        },
        {
            "movieId": 73,
            "title": "Misérables, Les (1995)",
            "display_title": "Les Misérables",
            "year": 1995,
            "genres": ("Drama", "War"),
            "imdbId": None,
        },
        {
            "movieId": 3952,
            "title": "Contender, The (2000)",
            "display_title": "The Contender",
            "year": 2000,
            "genres": ("Drama", "Thriller"),
            "imdbId": None,
        },
    ]
    assert dataset.user_ids.tolist() == [1, 6040]
    assert dense(dataset).tolist() == [[5.0, 3.0, 0.0], [4.0, 0.0, 1.0]]
    assert set(dataset.checksums) == {"movies.dat", "ratings.dat"}
    assert dataset.checksums["ratings.dat"] == sha256_file(tmp_path / "ml-1m" / "ratings.dat")


def test_ml1m_without_users_dat(tmp_path: Path) -> None:
    dataset = load_directory(write_ml1m(tmp_path / "ml-1m", users=False))
    assert dataset.n_ratings == 4


def test_ml100k_layout(tmp_path: Path) -> None:
    dataset = load_directory(write_ml100k(tmp_path / "ml-100k"))

    assert (dataset.name, dataset.layout) == ("ml-100k", "ml-100k")
    assert dataset.movie_ids.tolist() == [1, 242, 267, 1300, 1570, 1682]
    assert dataset.movies["title"].tolist() == [
        "Toy Story (1995)",
        "Kolya (1996)",
        "unknown",
        "'Til There Was You (1997)",
        "Misérables, Les (1995)",
        "Scream of Stone (Schrei aus Stein) (1991)",
    ]
    assert dataset.movies["display_title"].tolist() == [
        "Toy Story",
        "Kolya",
        "unknown",
        "'Til There Was You",
        "Les Misérables",
        "Scream of Stone",
    ]
    assert records(dataset)[2]["year"] is None
    assert [r["year"] for r in records(dataset)] == [1995, 1996, None, 1997, 1995, 1991]
    assert dataset.movies["genres"].tolist() == [
        ("Animation", "Children", "Comedy"),
        ("Comedy",),
        (),
        ("Drama", "Romance"),
        ("Drama", "War"),
        ("Drama",),
    ]
    assert dataset.movies["imdbId"].tolist() == [None] * 6
    assert dataset.user_ids.tolist() == [186, 196]
    expected = np.zeros((2, 6))
    expected[0, 0] = 5
    expected[1, 1] = 3
    expected[1, 5] = 1
    assert dense(dataset).tolist() == expected.tolist()


def test_layout_one_level_down(tmp_path: Path) -> None:
    """A zip extracted into cache/ml-100k/ leaves the files in cache/ml-100k/ml-100k/."""
    write_ml100k(tmp_path / "cache" / "ml-100k" / "ml-100k")
    dataset = load_directory(tmp_path / "cache" / "ml-100k")
    assert dataset.name == "ml-100k"
    assert dataset.n_ratings == 3


def test_load_dataset_accepts_a_directory(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "ml-tiny")
    assert load_dataset(root).n_ratings == load_dataset(str(root)).n_ratings == 4


def test_real_ml_latest_small(ml_latest_small: Path) -> None:
    dataset = load_dataset(ml_latest_small, strict=True)

    assert (dataset.n_users, dataset.n_movies, dataset.n_ratings) == (610, 9742, 100836)
    assert dataset.name == ml_latest_small.name
    assert dataset.skipped.total == 0
    toy_story = dataset.movies.iloc[0]
    assert (toy_story["movieId"], toy_story["display_title"], toy_story["year"]) == (
        1,
        "Toy Story",
        1995,
    )
    assert toy_story["imdbId"] == "tt0114709"
    assert dataset.ratings[0, 0] == 4.0  # user 1 rated Toy Story 4.0
    assert set(np.unique(dataset.ratings.data)) == set(np.arange(1, 11) / 2)
    assert dataset.movies["imdbId"].str.fullmatch(r"tt\d{7,}").all()
    assert dataset.movies["movieId"].is_monotonic_increasing


@pytest.mark.parametrize("strict", [False, True])
def test_tags_and_readme_are_tolerated(tmp_path: Path, strict: bool) -> None:
    root = write_csv(tmp_path / "d")
    (root / "README.txt").write_text("licence terms\n", encoding="utf-8")
    assert load_directory(root, strict=strict).n_ratings == 4


def test_matrix_matches_a_row_by_row_reference(tmp_path: Path) -> None:
    """Shuffled rows with repeats: each (user, movie) keeps the rating of its last line."""
    rng = np.random.default_rng(7)
    movie_ids = np.array([1, 2, 5, 10])
    n = 400
    users = rng.choice([3, 40, 41, 900, 12345], n)
    movies = rng.choice(movie_ids, n)
    ratings = rng.integers(1, 11, n) / 2
    body = "".join(
        f"{u},{m},{r:.1f},{i}\n"
        for i, (u, m, r) in enumerate(zip(users, movies, ratings, strict=True))
    )
    dataset = load_directory(
        write_csv(tmp_path / "d", ratings="userId,movieId,rating,timestamp\n" + body)
    )

    last: dict[tuple[int, int], float] = {}
    for u, m, r in zip(users, movies, ratings, strict=True):
        last[(int(u), int(m))] = float(r)
    expected_users = sorted({u for u, _ in last})
    expected = np.zeros((len(expected_users), movie_ids.size))
    for (u, m), r in last.items():
        expected[expected_users.index(u), movie_ids.tolist().index(m)] = r

    assert dataset.user_ids.tolist() == expected_users
    assert dense(dataset).tolist() == expected.tolist()
    assert dataset.skipped.total == n - len(last)
    assert dataset.ratings.has_canonical_format


def test_huge_user_ids(tmp_path: Path) -> None:
    """User ids far apart take the lexicographic path; repeats still keep the last line."""
    big = 2**61
    ratings = f"userId,movieId,rating,timestamp\n{big},5,1.0,1\n1,2,3.0,2\n{big},5,2.0,3\n"
    dataset = load_directory(write_csv(tmp_path / "d", ratings=ratings))
    assert dataset.user_ids.tolist() == [1, big]
    assert dense(dataset).tolist() == [[0, 3.0, 0, 0], [0, 0, 2.0, 0]]
    assert dataset.skipped.total == 1

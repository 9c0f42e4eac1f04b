"""``movierec data synth``: exact shape, determinism, the loader's approval, long tails, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from movierec.cli.main import build_app
from movierec.data.loaders import load_directory
from movierec.data.synth import SHAPES, synthesize
from movierec.errors import MovierecError
from tests.commands import run_cli

app = build_app()  # the whole CLI, as `movierec` runs it

TINY = SHAPES["ml-latest-small"].resized(users=150, movies=400, ratings=15_000, listed=412)
FILES = ("movies.csv", "links.csv", "ratings.csv", "README.txt")
GENRES = {
    *("Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary"),
    *("Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance"),
    *("Sci-Fi", "Thriller", "War", "Western", "(no genres listed)"),
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(tmp_path_factory.mktemp("synth") / "tiny", TINY, seed=7)


@pytest.fixture(scope="module")
def ratings(tiny: Path) -> pd.DataFrame:
    return pd.read_csv(tiny / "ratings.csv")


def test_shape_is_exact(tiny: Path, ratings: pd.DataFrame) -> None:
    movies = pd.read_csv(tiny / "movies.csv")
    links = pd.read_csv(tiny / "links.csv", dtype=str)
    per_user = ratings.groupby("userId").size()
    assert len(ratings) == 15_000
    assert per_user.index.tolist() == list(range(1, 151))
    assert per_user.min() >= 20
    assert ratings["movieId"].nunique() == 400
    assert len(movies) == len(links) == 412
    assert movies["movieId"].is_monotonic_increasing
    assert movies["movieId"].is_unique
    assert links["movieId"].astype(int).tolist() == movies["movieId"].tolist()
    assert set(ratings["movieId"]) < set(movies["movieId"])  # 12 listed, never rated
    assert not ratings.duplicated(["userId", "movieId"]).any()
    order = ratings.sort_values(["userId", "movieId"]).index
    assert (order == ratings.index).all()


def test_catalogue_looks_like_movielens(tiny: Path) -> None:
    movies = pd.read_csv(tiny / "movies.csv")
    links = pd.read_csv(tiny / "links.csv", dtype=str)
    years = movies["title"].str.extract(r" \((\d{4})\)$")[0].dropna().astype(int)
    assert years.between(1900, 2018).all()
    assert len(years) > 0.95 * len(movies)
    genres = movies["genres"].str.split("|")
    assert genres.map(len).between(1, 4).all()
    assert set(genres.explode()) <= GENRES
    assert links["imdbId"].str.fullmatch(r"\d{7}").all()
    assert links["imdbId"].is_unique
    assert links["tmdbId"].str.fullmatch(r"\d+").all()


def test_ratings_are_half_stars_with_long_tails(ratings: pd.DataFrame) -> None:
    assert set(ratings["rating"]) <= {v / 2 for v in range(1, 11)}
    assert ratings["rating"].mode()[0] in (3.0, 3.5, 4.0)
    per_movie = ratings.groupby("movieId").size()
    assert (per_movie <= 5).sum() >= 20  # a tail of rarely rated movies
    assert per_movie.max() > 3 * per_movie.median()  # and a head
    per_user = ratings.groupby("userId").size()
    assert per_user.max() > 3 * per_user.median()


def test_timestamps_follow_release_years(tiny: Path, ratings: pd.DataFrame) -> None:
    movies = pd.read_csv(tiny / "movies.csv")
    year = movies.set_index("movieId")["title"].str.extract(r" \((\d{4})\)$")[0].astype(float)
    rated_year = pd.to_datetime(ratings["timestamp"], unit="s").dt.year
    released = year.reindex(ratings["movieId"]).to_numpy()
    known = ~np.isnan(released)
    assert (rated_year.to_numpy()[known] >= released[known]).all()
    assert rated_year.between(1996, 2018).all()


def test_the_loader_accepts_it(tiny: Path) -> None:
    dataset = load_directory(tiny, strict=True)
    assert dataset.skipped.total == 0
    assert (dataset.n_users, dataset.n_movies, dataset.n_ratings) == (150, 412, 15_000)


def test_same_seed_same_bytes_other_seed_other_bytes(tiny: Path, tmp_path: Path) -> None:
    again = synthesize(tmp_path / "again", TINY, seed=7)
    other = synthesize(tmp_path / "other", TINY, seed=8)
    for name in FILES:
        assert (again / name).read_bytes() == (tiny / name).read_bytes(), name
    assert (other / "ratings.csv").read_bytes() != (tiny / "ratings.csv").read_bytes()
    assert (other / "movies.csv").read_bytes() != (tiny / "movies.csv").read_bytes()


def test_whole_stars_for_ml_1m(tmp_path: Path) -> None:
    shape = SHAPES["ml-1m"].resized(users=60, movies=200, ratings=4_000)
    out = synthesize(tmp_path / "ml-1m", shape, seed=1)
    values = set(pd.read_csv(out / "ratings.csv")["rating"])
    assert values == {1.0, 2.0, 3.0, 4.0, 5.0}


def test_cli_writes_a_set_that_validates_strictly(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    made = run_cli(
        "data", "synth", str(out), "--like", "ml-1m",
        "--users", "80", "--movies", "300", "--ratings", "6000", "--seed", "3",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == (
        f"wrote {out}: 80 users, 300 rated movies (314 listed), 6,000 ratings (like ml-1m, seed 3)"
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    checked = run_cli("data", "validate", "--strict", str(out))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == "ok: cli (csv): 80 users, 314 movies, 6,000 ratings"


def test_an_impossible_shape_is_one_line_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "data", "synth", str(out), "--like", "ml-1m", "--users", "100", "--ratings", "1999"
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: impossible shape: 1,999 ratings for 100 users: every user needs 20, "
        "so at least 2,000"
    )
    assert result.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--like", "ml-latest-small", "--users", "30", "--movies", "25", "--ratings", "751"),
            "impossible shape: 751 ratings: 30 users x 25 movies allow at most 750",
        ),
        (
            ("--like", "ml-1m", "--movies", "3000", "--listed", "2999"),
            "impossible shape: 2,999 listed movies: fewer than the 3,000 rated",
        ),
        (
            ("--like", "ml-2m"),
            "unknown shape 'ml-2m'; choose from ml-latest-small, ml-1m, ml-25m, ml-32m",
        ),
    ],
)
def test_other_refusals(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(app, ["data", "synth", str(tmp_path / "out"), *args])
    assert result.exit_code == 1
    assert isinstance(result.exception, MovierecError)
    assert str(result.exception) == message
    assert list(tmp_path.iterdir()) == []


def test_a_non_empty_out_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    args = ["data", "synth", str(out), "--like", "ml-latest-small", "--users", "30"]
    args += ["--movies", "100", "--ratings", "900"]
    refused = run_cli(*args)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"error: {out}: exists and is not empty (pass --force to replace it)"
    )
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    replaced = run_cli(*args, "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)

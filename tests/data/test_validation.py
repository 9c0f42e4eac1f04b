"""Bad data: a clear error naming file, line and problem, or rows skipped and counted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from movierec.data.loaders import load_directory
from movierec.data.table import TextFile, read_numbers
from movierec.errors import DataError
from tests.data.layouts import (
    LINKS_CSV,
    MOVIES_CSV,
    MOVIES_DAT,
    RATINGS_CSV,
    U_ITEM,
    write_csv,
    write_ml1m,
    write_ml100k,
)

HEADER = "userId,movieId,rating,timestamp\n"


def ratings_with(*rows: str) -> str:
    """ratings.csv whose line 2 is a good row and lines 3.. are ``rows``."""
    return HEADER + "1,1,4.0,1\n" + "".join(f"{row}\n" for row in rows)


# (rows from line 3 on, the strict error, the skipped-row reason)
BAD_RATING_ROWS = [
    (["1,2,7.0,2"], "ratings.csv, line 3: rating 7.0 outside 0.5–5.0", "rating out of range"),
    (["1,2,0.0,2"], "ratings.csv, line 3: rating 0.0 outside 0.5–5.0", "rating out of range"),
    (
        ["1,2,3.3,2"],
        "ratings.csv, line 3: rating 3.3 is not a multiple of 0.5",
        "rating off the grid",
    ),
    (
        ["1,99,4.0,2"],
        "ratings.csv, line 3: movie id 99 not in movies.csv",
        "movie id not in movies.csv",
    ),
    (
        ["1,2,abc,2"],
        "ratings.csv, line 3: rating 'abc' is not a number",
        "missing or unparsable number",
    ),
    (
        ["x1,2,4.0,2"],
        "ratings.csv, line 3: userId 'x1' is not a number",
        "missing or unparsable number",
    ),
    (["1,2,,2"], "ratings.csv, line 3: rating is missing", "missing or unparsable number"),
    (["1,2"], "ratings.csv, line 3: rating is missing", "missing or unparsable number"),
    (
        ["1,2,4.0,2,extra"],
        "ratings.csv, line 3: expected 4 fields, saw 5",
        "wrong number of fields",
    ),
    (["1.5,2,4.0,2"], "ratings.csv, line 3: userId 1.5 is not an integer", "id not an integer"),
    (
        ["1,1,2.0,2"],
        "ratings.csv, line 2: user 1 rated movie 1 again on a later line (the last rating is kept)",
        "duplicate rating of the same movie by the same user (last kept)",
    ),
]


@pytest.mark.parametrize(("rows", "message", "reason"), BAD_RATING_ROWS)
def test_strict_names_file_line_and_problem(
    tmp_path: Path, rows: list[str], message: str, reason: str
) -> None:
    root = write_csv(tmp_path / "d", ratings=ratings_with(*rows))
    with pytest.raises(DataError) as caught:
        load_directory(root, strict=True)
    assert str(caught.value) == message
    assert caught.value.file == "ratings.csv"


@pytest.mark.parametrize(("rows", "message", "reason"), BAD_RATING_ROWS)
def test_non_strict_skips_and_counts(
    tmp_path: Path, rows: list[str], message: str, reason: str
) -> None:
    root = write_csv(tmp_path / "d", ratings=ratings_with(*rows, "3,5,2.5,9"))
    dataset = load_directory(root)
    assert dataset.skipped.counts == {("ratings.csv", reason): 1}
    assert dataset.skipped.lines() == [f"ratings.csv: 1 rows skipped ({reason})"]
    assert dataset.n_ratings == 2
    assert dataset.user_ids.tolist() == [1, 3]
    expected_first = 2.0 if reason.startswith("duplicate") else 4.0  # the last rating is kept
    assert dataset.ratings[0, 0] == expected_first
    assert dataset.ratings[1, 2] == 2.5


def test_many_problems_are_counted_by_reason(tmp_path: Path) -> None:
    ratings = ratings_with(
        "1,2,7.0,2",  # 3 out of range
        "",  # 4 blank: ignored
        "1,2,9.0,2",  # 5 out of range
        "1,2,x,2",  # 6 unparsable
        "1,2,4.0,2,9",  # 7 wrong field count
        "1,99,4.0,2",  # 8 unknown movie
        "3,2,4.5,2",  # 9 fine
        "3,2,5.0,3",  # 10 duplicate of 9, kept (the last)
    )
    dataset = load_directory(write_csv(tmp_path / "d", ratings=ratings))
    assert dataset.skipped.counts == {
        ("ratings.csv", "wrong number of fields"): 1,
        ("ratings.csv", "missing or unparsable number"): 1,
        ("ratings.csv", "rating out of range"): 2,
        ("ratings.csv", "movie id not in movies.csv"): 1,
        ("ratings.csv", "duplicate rating of the same movie by the same user (last kept)"): 1,
    }
    assert dataset.skipped.total == 6
    assert dataset.ratings.toarray().tolist() == [[4.0, 0, 0, 0], [0, 5.0, 0, 0]]
    with pytest.raises(DataError, match=r"^ratings.csv, line 3: rating 7.0 outside 0.5–5.0$"):
        load_directory(write_csv(tmp_path / "d", ratings=ratings), strict=True)


def test_line_numbers_survive_blank_and_skipped_lines(tmp_path: Path) -> None:
    """Each problem's first line is the physical line, counting header, blanks and bad lines."""
    path = tmp_path / "ratings.csv"
    path.write_text(
        ratings_with("", "1,2,4.0,2,9", "", "1,2,q,2", "1,2,4.0,2,9", "2,2,3.0,3"), encoding="utf-8"
    )
    table = read_numbers(path, TextFile("ratings.csv", ("userId", "movieId", "rating")))
    found = {issue.reason: (issue.count, issue.first_line) for issue in table.issues.found}
    assert found == {"wrong number of fields": (2, 4), "missing or unparsable number": (1, 6)}
    assert table.lines.tolist() == [2, 8]
    assert table.values["userId"].tolist() == [1.0, 2.0]


def test_blank_lines_are_not_rows(tmp_path: Path) -> None:
    dataset = load_directory(write_csv(tmp_path / "d", ratings=ratings_with("", "3,5,2.5,9", "")))
    assert dataset.skipped.total == 0
    assert dataset.n_ratings == 2
    with pytest.raises(DataError, match=r"^ratings.csv, line 5: rating 9.0 outside"):
        load_directory(
            write_csv(tmp_path / "e", ratings=ratings_with("", "3,5,2.5,9", "3,1,9.0,1")),
            strict=True,
        )


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"ratings": ratings_with("1,2,4.0,2", HEADER.strip(), "1,5,3.0,3")},
            "ratings.csv, line 4: duplicate header line inside the file",
        ),
        (
            {"movies": MOVIES_CSV + 'movieId,title,genres\n11,"Heat (1995)",Action\n'},
            "movies.csv, line 6: duplicate header line inside the file",
        ),
        (
            {"ratings": "userId,movieId,score,timestamp\n1,1,4.0,1\n"},
            "ratings.csv, line 1: missing column 'rating' "
            "(the header has: userId, movieId, score, timestamp)",
        ),
        (
            {"movies": "movieId,name,genres\n1,Heat (1995),Action\n"},
            "movies.csv, line 1: missing column 'title' (the header has: movieId, name, genres)",
        ),
        (
            {"links": "movieId,tmdbId\n1,862\n"},
            "links.csv, line 1: missing column 'imdbId' (the header has: movieId, tmdbId)",
        ),
        (
            {"movies": MOVIES_CSV + "2,Another (2001),Drama\n"},
            "movies.csv, line 6: duplicate movieId 2 (first on line 3)",
        ),
        (
            {"movies": MOVIES_CSV + "x7,Another (2001),Drama\n"},
            "movies.csv, line 6: movieId 'x7' is not an integer",
        ),
        (
            {"movies": MOVIES_CSV + "12,Another (2001),Drama,extra\n"},
            "movies.csv, line 6: expected 3 fields, saw 4",
        ),
        (
            {"links": LINKS_CSV + "10,tt0099,\n"},
            "links.csv, line 5: imdbId 'tt0099' is not an integer",
        ),
        (
            {"links": LINKS_CSV + "2,0112346,9087\n"},
            "links.csv, line 5: duplicate movieId 2 (first on line 3)",
        ),
        ({"ratings": ""}, "ratings.csv: file is empty"),
    ],
)
def test_structural_problems_are_always_fatal(
    tmp_path: Path, files: dict[str, str], message: str, strict: bool
) -> None:
    root = write_csv(
        tmp_path / "d",
        movies=files.get("movies", MOVIES_CSV),
        links=files.get("links", LINKS_CSV),
        ratings=files.get("ratings", RATINGS_CSV),
    )
    with pytest.raises(DataError) as caught:
        load_directory(root, strict=strict)
    assert str(caught.value) == message


def test_links_to_unknown_movies(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "d", links=LINKS_CSV + "404,0000404,\n")
    dataset = load_directory(root)
    assert dataset.skipped.counts == {("links.csv", "movie id not in movies.csv"): 1}
    with pytest.raises(DataError, match=r"^links.csv, line 5: movie id 404 not in movies.csv$"):
        load_directory(root, strict=True)


def test_not_utf8(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "d")
    (root / "movies.csv").write_bytes(MOVIES_CSV.encode("latin-1"))
    with pytest.raises(DataError, match=r"^movies.csv: not utf-8 text"):
        load_directory(root)


@pytest.mark.parametrize(
    ("ratings", "message", "reason"),
    [
        (
            "1::1::5::1\n1::73::3.5::2\n",
            "ratings.dat, line 2: rating 3.5 is not a whole number of stars (1–5)",
            "rating off the grid",
        ),
        (
            "1::1::5::1\n1::73::6::2\n",
            "ratings.dat, line 2: rating 6.0 outside 1–5",
            "rating out of range",
        ),
        (
            "1::1::5::1\n1::7::4::2\n",
            "ratings.dat, line 2: movie id 7 not in movies.dat",
            "movie id not in movies.dat",
        ),
        (
            "1::1::5::1\n1::73::4::2::0\n",
            "ratings.dat, line 2: expected 4 fields, saw 5",
            "wrong number of fields",
        ),
        (
            "1::1::5::1\n1:73::4::2\n",
            "ratings.dat, line 2: userId '1:73' is not a number",
            "missing or unparsable number",
        ),
    ],
)
def test_ml1m_rating_rows(tmp_path: Path, ratings: str, message: str, reason: str) -> None:
    root = write_ml1m(tmp_path / "ml-1m", ratings=ratings)
    with pytest.raises(DataError) as caught:
        load_directory(root, strict=True)
    assert str(caught.value) == message
    dataset = load_directory(root)
    assert dataset.skipped.counts == {("ratings.dat", reason): 1}
    assert dataset.n_ratings == 1


def test_ml1m_catalogue_problems_are_fatal(tmp_path: Path) -> None:
    root = write_ml1m(tmp_path / "a", movies=MOVIES_DAT + "73::Again (1999)::Drama\n")
    with pytest.raises(
        DataError, match=r"^movies.dat, line 4: duplicate movieId 73 \(first on line 2\)$"
    ):
        load_directory(root)
    root = write_ml1m(tmp_path / "b", movies=MOVIES_DAT + "74::Again (1999)\n")
    with pytest.raises(DataError, match=r"^movies.dat, line 4: expected 3 fields, saw 2$"):
        load_directory(root)


def test_ml100k_rating_rows(tmp_path: Path) -> None:
    root = write_ml100k(tmp_path / "ml-100k", data="196\t242\t0\t1\n186\t1\t5\t2\n")
    with pytest.raises(DataError, match=r"^u.data, line 1: rating 0.0 outside 1–5$"):
        load_directory(root, strict=True)
    dataset = load_directory(root)
    assert dataset.skipped.counts == {("u.data", "rating out of range"): 1}
    assert dataset.ratings.toarray().sum() == 5.0


def test_ml100k_bad_genre_flag_is_fatal(tmp_path: Path) -> None:
    lines = U_ITEM.splitlines()
    lines[1] = lines[1][:-1] + "y"
    root = write_ml100k(tmp_path / "ml-100k", item="\n".join(lines) + "\n")
    with pytest.raises(
        DataError, match=r"^u.item, line 2: genre flag 'Western' 'y' is not an integer$"
    ):
        load_directory(root)


def test_a_user_with_only_bad_rows_is_not_a_user(tmp_path: Path) -> None:
    dataset = load_directory(write_csv(tmp_path / "d", ratings=ratings_with("8,1,11,1")))
    assert dataset.user_ids.tolist() == [1]
    assert np.asarray(dataset.ratings.shape).tolist() == [1, 4]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nope: directory does not exist$"):
        load_directory(tmp_path / "nope")


def test_a_file_is_not_a_directory(tmp_path: Path) -> None:
    (tmp_path / "ratings.csv").write_text(RATINGS_CSV, encoding="utf-8")
    with pytest.raises(DataError, match=r"ratings.csv: not a directory$"):
        load_directory(tmp_path / "ratings.csv")


def test_no_layout_says_what_was_looked_for_and_found(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty-sub").mkdir()
    with pytest.raises(DataError) as caught:
        load_directory(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: no MovieLens layout found: looked for "
        "movies.csv + ratings.csv + links.csv (csv); movies.dat + ratings.dat (ml-1m); "
        "u.data + u.item (ml-100k); found empty-sub, notes.txt"
    )


def _ml1m_without_movies(root: Path) -> None:
    write_ml1m(root)
    (root / "movies.dat").unlink()


def _ml100k_without_ratings(root: Path) -> None:
    write_ml100k(root)
    (root / "u.data").unlink()


@pytest.mark.parametrize(
    ("write", "message"),
    [
        (
            lambda root: write_csv(root, links=None),
            "links.csv: missing required file (the csv layout needs "
            "movies.csv, ratings.csv, links.csv)",
        ),
        (
            _ml1m_without_movies,
            "movies.dat: missing required file (the ml-1m layout needs movies.dat, ratings.dat)",
        ),
        (
            _ml100k_without_ratings,
            "u.data: missing required file (the ml-100k layout needs u.data, u.item)",
        ),
    ],
)
def test_missing_required_file(
    tmp_path: Path, write: Callable[[Path], object], message: str
) -> None:
    root = tmp_path / "d"
    write(root)
    with pytest.raises(DataError) as caught:
        load_directory(root)
    assert str(caught.value) == f"{root}/{message}"


def test_two_data_sets_one_level_down_are_ambiguous(tmp_path: Path) -> None:
    write_csv(tmp_path / "a")
    write_ml100k(tmp_path / "b")
    with pytest.raises(DataError, match=r"several data sets found \(a, b\); point at one of them"):
        load_directory(tmp_path)
    assert load_directory(tmp_path / "b").layout == "ml-100k"

"""ratings.csv read block by block: the same Dataset, lines and problems as one whole read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from movierec.data.blocks import read_blocks
from movierec.data.dataset import Dataset
from movierec.data.loaders import load_csv
from movierec.data.table import Issues, TextFile
from movierec.errors import DataError
from tests.data.layouts import write_csv

HEADER = "userId,movieId,rating,timestamp\n"
WHOLE = 1 << 30  # one block for the whole file
TINY = 24  # about one line per block


def good_rows(n: int, *, users: int = 7) -> list[str]:
    """``n`` distinct valid rows sorted by (user, movie) over the catalogue 1, 2, 5, 10."""
    pairs = [(u, m) for u in range(1, users + 1) for m in (1, 2, 5, 10)]
    return [f"{u},{m},{1 + (i % 9) / 2},{i}" for i, (u, m) in enumerate(pairs[:n])]


def write(tmp_path: Path, rows: list[str]) -> Path:
    return write_csv(tmp_path / "d", ratings=HEADER + "".join(f"{r}\n" for r in rows))


def assert_same(a: Dataset, b: Dataset) -> None:
    assert a.user_ids.tolist() == b.user_ids.tolist()
    assert a.ratings.shape == b.ratings.shape
    assert np.array_equal(a.ratings.indptr, b.ratings.indptr)
    assert np.array_equal(a.ratings.indices, b.ratings.indices)
    assert np.array_equal(a.ratings.data, b.ratings.data)
    assert list(a.skipped.counts.items()) == list(b.skipped.counts.items())


@pytest.mark.parametrize("block_bytes", [TINY, 100])
def test_a_bad_row_in_a_later_block_is_named_by_its_file_line(
    tmp_path: Path, block_bytes: int
) -> None:
    rows = good_rows(28)
    rows[20] = "4,2,9.5,1"  # file line 22
    root = write(tmp_path, rows)
    with pytest.raises(DataError) as caught:
        load_csv(root, strict=True, block_bytes=block_bytes)
    assert str(caught.value) == "ratings.csv, line 22: rating 9.5 outside 0.5–5.0"
    dataset = load_csv(root, block_bytes=block_bytes)
    assert dataset.skipped.counts == {("ratings.csv", "rating out of range"): 1}
    assert dataset.n_ratings == 27


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("4,2,abc,1", "ratings.csv, line 22: rating 'abc' is not a number"),
        ("4,2,4.0,1,9", "ratings.csv, line 22: expected 4 fields, saw 5"),
        ("4,2", "ratings.csv, line 22: rating is missing"),
        ("4.5,2,4.0,1", "ratings.csv, line 22: userId 4.5 is not an integer"),
    ],
)
@pytest.mark.parametrize("block_bytes", [TINY, 100, WHOLE])
def test_an_unparsable_block_is_read_carefully(
    tmp_path: Path, bad: str, message: str, block_bytes: int
) -> None:
    """A block the fast pass rejects falls back to the text pass, which names the line."""
    rows = good_rows(28)
    rows[20] = bad
    root = write(tmp_path, ["", *rows[:10], "", *rows[10:]])  # blank lines: lines 2 and 13
    with pytest.raises(DataError) as caught:
        load_csv(root, strict=True, block_bytes=block_bytes)
    assert str(caught.value) == message.replace("line 22", "line 24")
    dataset = load_csv(root, block_bytes=block_bytes)
    assert dataset.skipped.total == 1
    assert dataset.n_ratings == 27


def test_a_long_block_is_cut_down_to_the_bad_line(tmp_path: Path) -> None:
    """One bad line in a block of 20,000: only a small piece around it is read as text."""
    n = 20_000
    rows = [f"{1 + i // 4},{(1, 2, 5, 10)[i % 4]},3.5,{i}" for i in range(n)]
    rows[13_001] = "3251,5,x,1"
    root = write(tmp_path, rows)
    with pytest.raises(DataError, match=r"^ratings.csv, line 13003: rating 'x' is not a number$"):
        load_csv(root, strict=True)
    dataset = load_csv(root)
    assert dataset.n_ratings == n - 1
    assert dataset.skipped.counts == {("ratings.csv", "missing or unparsable number"): 1}


def test_a_block_starting_with_an_extra_field_is_not_misread(tmp_path: Path) -> None:
    """pandas would take a first line's extra field for an index column and shift the rest."""
    rows = good_rows(8)
    rows[3] = "1,10,4.0,9,extra"
    root = write(tmp_path, rows)
    for block_bytes in (TINY, WHOLE):
        with pytest.raises(DataError, match=r"^ratings.csv, line 5: expected 4 fields, saw 5$"):
            load_csv(root, strict=True, block_bytes=block_bytes)
        dataset = load_csv(root, block_bytes=block_bytes)
        assert dataset.skipped.counts == {("ratings.csv", "wrong number of fields"): 1}
        assert dataset.n_ratings == 7
    first_long = write(tmp_path, ["1,10,4.0,9,extra", *good_rows(3)])
    assert load_csv(first_long).skipped.counts == {("ratings.csv", "wrong number of fields"): 1}


@pytest.mark.parametrize("block_bytes", [TINY, 60, WHOLE])
def test_repeats_across_blocks_keep_the_last_line(tmp_path: Path, block_bytes: int) -> None:
    rows = good_rows(20)
    rows.insert(15, "1,2,0.5,99")  # line 17 repeats (1, 2) of line 3; it is the one kept
    root = write(tmp_path, rows)
    dataset = load_csv(root, block_bytes=block_bytes)
    assert dataset.ratings[0, 1] == 0.5
    assert dataset.n_ratings == 20
    duplicate = "duplicate rating of the same movie by the same user (last kept)"
    assert dataset.skipped.counts == {("ratings.csv", duplicate): 1}
    with pytest.raises(DataError) as caught:
        load_csv(root, strict=True, block_bytes=block_bytes)
    assert str(caught.value) == (
        "ratings.csv, line 3: user 1 rated movie 2 again on a later line (the last rating is kept)"
    )


@pytest.mark.parametrize("block_bytes", [TINY, 60, WHOLE])
def test_unsorted_rows_load_like_sorted_ones(tmp_path: Path, block_bytes: int) -> None:
    rows = good_rows(28)
    sorted_set = load_csv(write(tmp_path / "a", rows), block_bytes=WHOLE)
    shuffled = [rows[i] for i in np.random.default_rng(3).permutation(len(rows))]
    unsorted_set = load_csv(write(tmp_path / "b", shuffled), block_bytes=block_bytes)
    assert_same(unsorted_set, sorted_set)
    assert unsorted_set.ratings.has_canonical_format


def test_a_sorted_file_that_falls_out_of_order_late(tmp_path: Path) -> None:
    rows = good_rows(28)
    rows.append("2,1,5.0,1")  # sorted until the last line, which repeats (2, 1)
    dataset = load_csv(write(tmp_path, rows), block_bytes=TINY)
    assert dataset.ratings[1, 0] == 5.0
    assert dataset.skipped.total == 1
    assert_same(dataset, load_csv(tmp_path / "d", block_bytes=WHOLE))


def test_real_data_in_small_blocks(ml_latest_small: Path) -> None:
    assert_same(load_csv(ml_latest_small, block_bytes=64 << 10), load_csv(ml_latest_small))


def test_blocks_carry_their_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text(HEADER + "1,1,4,1\n\n2,2,4,1\n3,3,4,1,9\n4,4,4,1\n", encoding="utf-8")
    issues = Issues("ratings.csv")
    tables = list(
        read_blocks(
            path, TextFile("ratings.csv", ("userId", "rating")), issues=issues, block_bytes=1
        )
    )
    lines = [line for t in tables for line in t.lines.tolist()]
    users = [u for t in tables for u in t.values["userId"].tolist()]
    assert (lines, users) == ([2, 4, 6], [1.0, 2.0, 4.0])
    assert [(i.reason, i.count, i.first_line) for i in issues.found] == [
        ("wrong number of fields", 1, 5)
    ]

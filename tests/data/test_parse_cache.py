"""The parse cache: a second load reads the parsed form, equal to a fresh parse, or parses again."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from movierec.cli.main import build_app
from movierec.data.dataset import Dataset
from movierec.data.loaders import load_directory
from movierec.data.parse_cache import STALE_SECONDS, ParseCache, cache_key
from movierec.data.sources import load_dataset
from movierec.errors import DataError
from tests.data.layouts import RATINGS_CSV, write_csv, write_ml1m, write_ml100k

app = build_app()  # the whole CLI, as `movierec` runs it

CACHE_LOG = "movierec.data.parse_cache"
HIT = "read from the parse cache"
runner = CliRunner()


def assert_same_dataset(a: Dataset, b: Dataset) -> None:
    """Everything a Dataset holds, dtypes and order included."""
    assert (a.name, a.layout) == (b.name, b.layout)
    assert a.ratings.shape == b.ratings.shape
    for part in ("data", "indices", "indptr"):
        x, y = getattr(a.ratings, part), getattr(b.ratings, part)
        assert x.dtype == y.dtype
        assert np.array_equal(x, y)
    assert a.ratings.has_sorted_indices
    assert b.ratings.has_sorted_indices
    assert a.user_ids.dtype == b.user_ids.dtype == np.int64
    assert np.array_equal(a.user_ids, b.user_ids)
    pd.testing.assert_frame_equal(a.movies, b.movies)
    assert list(a.checksums.items()) == list(b.checksums.items())
    assert list(a.skipped.counts.items()) == list(b.skipped.counts.items())


def write_other(root: Path, n: int) -> Path:
    """A csv set whose ratings.csv differs from the default one's (so its checksum does)."""
    return write_csv(root, ratings=RATINGS_CSV.replace("964982703", str(n)))


def entries(cache_dir: Path) -> list[Path]:
    parsed = cache_dir / "parsed"
    return (
        sorted(p for p in parsed.iterdir() if not p.name.startswith(".")) if parsed.is_dir() else []
    )


def hits(caplog: pytest.LogCaptureFixture) -> int:
    return sum(HIT in r.getMessage() for r in caplog.records if r.name == CACHE_LOG)


def test_a_second_load_reads_the_cache(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root, cache = write_csv(tmp_path / "ml-tiny"), tmp_path / "cache"
    caplog.set_level(logging.INFO, logger=CACHE_LOG)
    first = load_directory(root, cache_dir=cache)
    [entry] = entries(cache)
    written = {p.name: p.stat().st_mtime_ns for p in entry.iterdir()}
    assert hits(caplog) == 0

    second = load_directory(root, cache_dir=cache)
    assert hits(caplog) == 1
    assert_same_dataset(second, first)
    assert {p.name: p.stat().st_mtime_ns for p in entry.iterdir()} == written  # not rewritten


def test_what_the_cache_holds_is_what_a_load_returns(tmp_path: Path) -> None:
    """Proof without timing that the parse is skipped: a value changed in the entry comes back."""
    root, cache = write_csv(tmp_path / "ml-tiny"), tmp_path / "cache"
    load_directory(root, cache_dir=cache)
    [entry] = entries(cache)
    data = np.load(entry / "data.npy")
    np.save(entry / "data.npy", np.full_like(data, 2.5))
    assert set(load_directory(root, cache_dir=cache).ratings.data.tolist()) == {2.5}


@pytest.mark.parametrize(
    ("write", "changed"),
    [
        (write_csv, "ratings.csv"),
        (write_csv, "movies.csv"),
        (write_csv, "links.csv"),
        (write_ml1m, "ratings.dat"),
        (write_ml100k, "u.item"),
    ],
)
def test_a_changed_file_misses_the_cache(
    tmp_path: Path, write: Callable[[Path], Path], changed: str
) -> None:
    root, cache = write(tmp_path / "d"), tmp_path / "cache"
    before = load_directory(root, cache_dir=cache)
    path = root / changed
    path.write_bytes(path.read_bytes() + b"\n")  # same data, other bytes: another checksum
    after = load_directory(root, cache_dir=cache)
    assert after.checksums[changed] != before.checksums[changed]
    assert len(entries(cache)) == 1  # the entry of the older files is gone

    ratings = "userId,movieId,rating,timestamp\n7,1,1.5,1\n"
    changed_set = load_directory(write_csv(tmp_path / "e", ratings=RATINGS_CSV), cache_dir=cache)
    assert changed_set.n_ratings == 4
    (tmp_path / "e" / "ratings.csv").write_text(ratings, encoding="utf-8")
    assert load_directory(tmp_path / "e", cache_dir=cache).user_ids.tolist() == [7]


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: (entry / "data.npy").write_bytes(b"not an array"),
        lambda entry: (entry / "indices.npy").write_bytes(
            (entry / "indices.npy").read_bytes()[:-4]
        ),
        lambda entry: (entry / "meta.json").write_text("{", encoding="utf-8"),
        lambda entry: (entry / "movies.json").unlink(),
        lambda entry: (entry / "meta.json").unlink(),
        lambda entry: np.save(entry / "indptr.npy", np.array([0, 1], dtype=np.int32)),
        lambda entry: np.save(entry / "indices.npy", np.full(4, 99, dtype=np.int32)),
        lambda entry: np.save(entry / "user_ids.npy", np.zeros(2, dtype=np.int64)),
    ],
    ids=[
        "garbage",
        "truncated",
        "bad-json",
        "missing-file",
        "missing-meta",
        "wrong-shape",
        "out-of-range",
        "zeroed-users",
    ],
)
def test_a_damaged_entry_is_rebuilt(
    tmp_path: Path, damage: Callable[[Path], object], caplog: pytest.LogCaptureFixture
) -> None:
    root, cache = write_csv(tmp_path / "ml-tiny"), tmp_path / "cache"
    fresh = load_directory(root, cache_dir=cache)
    [entry] = entries(cache)
    damage(entry)
    caplog.set_level(logging.INFO, logger=CACHE_LOG)
    assert_same_dataset(load_directory(root, cache_dir=cache), fresh)
    assert any(r.levelno == logging.WARNING for r in caplog.records if r.name == CACHE_LOG)
    assert hits(caplog) == 0
    assert_same_dataset(load_directory(root, cache_dir=cache), fresh)  # rebuilt: a hit again
    assert hits(caplog) == 1


def test_strict_and_lenient_loads_do_not_share_an_entry(tmp_path: Path) -> None:
    ratings = RATINGS_CSV + "3,5,7.0,1\n"
    root, cache = write_csv(tmp_path / "d", ratings=ratings), tmp_path / "cache"
    assert load_directory(root, cache_dir=cache).skipped.total == 1
    assert load_directory(root, cache_dir=cache).skipped.total == 1  # from the cache
    with pytest.raises(DataError, match=r"^ratings.csv, line 6: rating 7.0 outside 0.5–5.0$"):
        load_directory(root, strict=True, cache_dir=cache)
    clean = write_csv(tmp_path / "clean")
    load_directory(clean, cache_dir=cache)
    load_directory(clean, strict=True, cache_dir=cache)
    assert len(entries(cache)) == 3


@pytest.mark.parametrize(
    "write",
    [
        write_csv,
        lambda root: write_csv(root, ratings=RATINGS_CSV + "1,1,2.5,9\n3,99,4,1\nx,1,1,1\n"),
        write_ml1m,
        write_ml100k,
        lambda root: write_ml100k(root, data="196\t242\t0\t1\n186\t1\t5\t2\n"),
    ],
    ids=["csv", "csv-skipped-rows", "ml-1m", "ml-100k", "ml-100k-skipped-rows"],
)
def test_the_cached_dataset_equals_a_fresh_parse(
    tmp_path: Path, write: Callable[[Path], Path], caplog: pytest.LogCaptureFixture
) -> None:
    root, cache = write(tmp_path / "set"), tmp_path / "cache"
    fresh = load_directory(root, parse_cache=False)
    load_directory(root, cache_dir=cache)
    caplog.set_level(logging.INFO, logger=CACHE_LOG)
    cached = load_directory(root, cache_dir=cache)
    assert hits(caplog) == 1
    assert_same_dataset(cached, fresh)


def test_real_data_from_the_cache(ml_latest_small: Path, tmp_path: Path) -> None:
    fresh = load_dataset(ml_latest_small, cache_dir=tmp_path, strict=True)
    assert_same_dataset(load_dataset(ml_latest_small, cache_dir=tmp_path, strict=True), fresh)
    cache = ParseCache(tmp_path / "parsed")
    key = cache_key("csv", fresh.checksums, strict=True)
    mapped = cache.read(key, name=fresh.name, mmap=True)
    assert mapped is not None
    assert not mapped.ratings.data.flags.writeable  # mapped read-only, not read
    assert_same_dataset(mapped, fresh)


def test_the_name_follows_the_directory_not_the_entry(tmp_path: Path) -> None:
    """Entries are keyed by content: the same files elsewhere share one."""
    cache = tmp_path / "cache"
    load_directory(write_csv(tmp_path / "first"), cache_dir=cache)
    assert load_directory(write_csv(tmp_path / "second"), cache_dir=cache).name == "second"


def test_the_environment_turns_it_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_csv(tmp_path / "d")
    monkeypatch.setenv("MOVIEREC_CACHE_DIR", str(tmp_path / "env-cache"))
    monkeypatch.setenv("MOVIEREC_PARSE_CACHE", "0")
    load_directory(root)
    load_dataset(root)
    assert entries(tmp_path / "env-cache") == []
    load_directory(root, parse_cache=True)  # asked for explicitly
    assert len(entries(tmp_path / "env-cache")) == 1

    monkeypatch.delenv("MOVIEREC_PARSE_CACHE")
    load_dataset(write_other(tmp_path / "e", 1))  # MOVIEREC_CACHE_DIR, as the services load
    assert len(entries(tmp_path / "env-cache")) == 2
    load_directory(write_other(tmp_path / "f", 2), parse_cache=False)
    assert len(entries(tmp_path / "env-cache")) == 2


def test_a_shared_cache_dir_filled_once_is_read_by_every_other_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """As in a cluster: the prepare Job parses into ``MOVIEREC_PARSE_CACHE_DIR`` on the models
    volume; a service, with a ``MOVIEREC_CACHE_DIR`` of its own, reads that entry, parses
    nothing and writes nothing (its mount of the volume is read-only)."""
    root, shared = write_csv(tmp_path / "d"), tmp_path / "models" / ".parsed"
    monkeypatch.setenv("MOVIEREC_PARSE_CACHE_DIR", str(shared))
    monkeypatch.setenv("MOVIEREC_CACHE_DIR", str(tmp_path / "job-tmp"))
    parsed = load_dataset(root)
    written = {p.name: p.stat().st_mtime_ns for p in shared.iterdir()}
    assert len(written) == 1
    assert not (tmp_path / "job-tmp" / "parsed").exists()

    monkeypatch.setenv("MOVIEREC_CACHE_DIR", str(tmp_path / "pod-tmp"))
    caplog.set_level(logging.INFO, logger=CACHE_LOG)
    assert_same_dataset(load_dataset(root), parsed)
    assert hits(caplog) == 1
    assert {p.name: p.stat().st_mtime_ns for p in shared.iterdir()} == written
    assert not (tmp_path / "pod-tmp").exists()
    # An explicit cache_dir (the CLI's --cache-dir) still wins over the environment.
    load_directory(root, cache_dir=tmp_path / "mine")
    assert len(entries(tmp_path / "mine")) == 1


def test_a_dead_writers_leftovers_are_ignored_then_removed(tmp_path: Path) -> None:
    root, cache = write_csv(tmp_path / "d"), tmp_path / "cache"
    fresh = load_directory(root, parse_cache=False)
    key = cache_key("csv", fresh.checksums, strict=False)
    leftover = cache / "parsed" / f".{key}.dead"
    leftover.mkdir(parents=True)
    (leftover / "data.npy").write_bytes(b"half")
    assert_same_dataset(load_directory(root, cache_dir=cache), fresh)
    assert leftover.is_dir()  # could still be a live writer's
    old = leftover.stat().st_mtime - STALE_SECONDS - 60
    os.utime(leftover, (old, old))
    load_directory(write_other(tmp_path / "other", 1), cache_dir=cache)
    assert not leftover.exists()


def test_entries_of_directories_that_are_gone_are_removed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    gone = write_csv(tmp_path / "gone")
    load_directory(gone, cache_dir=cache)
    for path in gone.iterdir():
        path.unlink()
    gone.rmdir()
    load_directory(write_other(tmp_path / "kept", 1), cache_dir=cache)
    [entry] = entries(cache)
    assert str(tmp_path / "kept") in (entry / "meta.json").read_text(encoding="utf-8")


def test_an_unwritable_cache_is_no_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    root = write_csv(tmp_path / "d")
    assert load_directory(root, cache_dir=blocked).n_ratings == 4
    assert any("cannot write the parse cache" in r.getMessage() for r in caplog.records)


def test_a_second_writer_of_the_same_entry_is_no_error(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "d")
    dataset = load_directory(root, parse_cache=False)
    cache = ParseCache(tmp_path / "parsed")
    key = cache_key("csv", dataset.checksums, strict=False)
    assert cache.write(key, dataset, source=root, strict=False)
    assert cache.write(key, dataset, source=root, strict=False)
    cached = cache.read(key, name="d")
    assert cached is not None
    assert_same_dataset(cached, dataset)


def test_the_cli_reads_the_cache(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root, cache = write_csv(tmp_path / "ml-tiny"), tmp_path / "cache"
    caplog.set_level(logging.INFO, logger=CACHE_LOG)
    args = ["data", "info", str(root), "--cache-dir", str(cache)]
    first = runner.invoke(app, args, env={"COLUMNS": "200"})
    second = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert first.exit_code == second.exit_code == 0
    assert second.output == first.output
    assert hits(caplog) == 1
    assert len(entries(cache)) == 1


def test_a_parse_above_the_memory_budget_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before parsing, the load estimates its memory from the files' size and refuses in one
    line when the budget cannot hold it; a cached data set needs no parse and still loads."""
    from movierec.memory import MemoryBudgetError

    directory = write_csv(tmp_path / "small")
    cache = tmp_path / "cache"
    load_directory(directory, cache_dir=cache)  # cached while the budget is the default
    monkeypatch.setenv("MOVIEREC_MEMORY_BUDGET", "1MiB")
    with pytest.raises(MemoryBudgetError) as refused:
        load_directory(directory, cache_dir=tmp_path / "empty-cache")
    assert str(refused.value).startswith("loading small needs about ")
    assert "\n" not in str(refused.value)
    assert load_directory(directory, cache_dir=cache).n_ratings > 0

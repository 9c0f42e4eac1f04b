"""Parsed data sets kept on disk, so a second load of the same files skips the parsing.

An entry is a directory named by a key over the sha256 of every file the loader read, the
layout, the strict flag and :data:`FORMAT`. It holds the CSR arrays and the user ids as .npy
files (no pickle; they can be memory-mapped) and the catalogue, checksums and skipped-row
counts as JSON. An entry is written into a temporary directory and renamed into place, so a
writer that dies leaves nothing that reads as valid; an entry that cannot be read is logged,
removed and rebuilt by the caller, never an error for the user.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from movierec.data.catalogue import movies_frame
from movierec.data.dataset import Dataset, SkippedRows

#: Bump whenever parsing changes what a Dataset holds: older entries then stop matching.
FORMAT = 1
#: Temporary directories older than this are left by writers that died; they are removed.
STALE_SECONDS = 3600.0

log = logging.getLogger("movierec.data.parse_cache")

_ARRAYS = ("data", "indices", "indptr", "user_ids")
_META = "meta.json"
_MOVIES = "movies.json"
# Everything that can go wrong reading a damaged entry (np.load, json, the checks below).
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, EOFError)


def cache_key(layout: str, checksums: Mapping[str, str], *, strict: bool) -> str:
    """The entry name for these files (by content, not by path) loaded in this mode."""
    text = json.dumps(
        {"format": FORMAT, "layout": layout, "strict": strict, "files": sorted(checksums.items())}
    )
    return hashlib.sha256(text.encode()).hexdigest()[:40]


class ParseCache:
    """The entries under ``root`` (``$MOVIEREC_CACHE_DIR/parsed`` by default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, key: str, *, name: str, mmap: bool = False) -> Dataset | None:
        """The Dataset stored under ``key`` (named ``name``), or None when there is none.

        ``mmap`` maps the matrix arrays read-only instead of reading them into memory.
        """
        entry = self.root / key
        if not entry.exists():
            return None
        try:
            dataset = _read_entry(entry, name=name, mmap=mmap)
        except _UNREADABLE as exc:
            log.warning("parse cache entry %s is unreadable (%s); parsing again", entry, exc)
            shutil.rmtree(entry, ignore_errors=True)
            return None
        log.info("data set %s read from the parse cache", name, extra={"entry": str(entry)})
        return dataset

    def write(self, key: str, dataset: Dataset, *, source: Path, strict: bool) -> bool:
        """Store ``dataset`` under ``key``; False (logged) when the cache cannot be written.

        Entries of older versions of the same ``source`` directory (same mode) are removed.
        """
        entry = self.root / key
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.root))
            try:
                _write_entry(temp, dataset, source=source, strict=strict)
                os.rename(temp, entry)
            except BaseException:
                shutil.rmtree(temp, ignore_errors=True)
                raise
            _sync_directory(self.root)
        except OSError as exc:
            if (entry / _META).is_file():  # another process stored the same entry first
                return True
            log.warning("cannot write the parse cache in %s: %s", self.root, exc)
            return False
        self._sweep(keep=key, source=source, strict=strict)
        return True

    def _sweep(self, *, keep: str, source: Path, strict: bool) -> None:
        """Remove what no load will read again, so the cache does not grow without bound:
        older entries of ``source``, entries of directories that are gone, dead writers' dirs.
        """
        now = time.time()
        for path in self.root.iterdir():
            try:
                if path.name.startswith("."):
                    if now - path.stat().st_mtime > STALE_SECONDS:
                        shutil.rmtree(path, ignore_errors=True)
                elif path.name != keep:
                    meta = json.loads((path / _META).read_text(encoding="utf-8"))
                    replaced = meta["source"] == str(source) and meta["strict"] == strict
                    if replaced or not Path(meta["source"]).is_dir():
                        shutil.rmtree(path, ignore_errors=True)
            except _UNREADABLE:
                continue


def _write_entry(temp: Path, dataset: Dataset, *, source: Path, strict: bool) -> None:
    matrix = dataset.ratings
    arrays = {
        "data": matrix.data,
        "indices": matrix.indices,
        "indptr": matrix.indptr,
        "user_ids": dataset.user_ids,
    }
    for name, array in arrays.items():
        with (temp / f"{name}.npy").open("wb") as handle:
            np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
            _flush(handle)
    _write_json(temp / _MOVIES, _movies_to_json(dataset.movies))
    meta = {
        "format": FORMAT,
        "layout": dataset.layout,
        "strict": strict,
        "source": str(source),
        "checksums": dataset.checksums,
        "skipped": [[file, reason, n] for (file, reason), n in dataset.skipped.counts.items()],
        "shape": list(matrix.shape),
    }
    _write_json(temp / _META, meta)  # last: an entry without it is never read


def _read_entry(entry: Path, *, name: str, mmap: bool) -> Dataset:
    meta = json.loads((entry / _META).read_text(encoding="utf-8"))
    if meta["format"] != FORMAT:
        raise ValueError(f"format {meta['format']}, expected {FORMAT}")
    arrays = {
        n: np.load(entry / f"{n}.npy", mmap_mode="r" if mmap else None, allow_pickle=False)
        for n in _ARRAYS
    }
    movies = _movies_from_json(json.loads((entry / _MOVIES).read_text(encoding="utf-8")))
    n_users, n_movies = (int(n) for n in meta["shape"])
    _check_arrays(arrays, n_users=n_users, n_movies=n_movies, catalogue=len(movies))
    matrix = sp.csr_matrix(
        (arrays["data"], arrays["indices"], arrays["indptr"]), shape=(n_users, n_movies)
    )
    matrix.has_sorted_indices = True
    return Dataset(
        name=name,
        layout=str(meta["layout"]),
        movies=movies,
        ratings=matrix,
        user_ids=arrays["user_ids"],
        checksums={str(f): str(s) for f, s in meta["checksums"].items()},
        skipped=SkippedRows({(str(f), str(r)): int(n) for f, r, n in meta["skipped"]}),
    )


def _check_arrays(
    arrays: dict[str, np.ndarray], *, n_users: int, n_movies: int, catalogue: int
) -> None:
    """Cheap checks that the arrays are the matrix the metadata describes (not damaged)."""
    data, indices, indptr, users = (arrays[n] for n in _ARRAYS)
    nnz = data.shape[0] if data.ndim == 1 else -1
    problems = [
        (data.dtype != np.float32, "data is not float32"),
        (indices.shape != (nnz,) or indptr.shape != (n_users + 1,), "array sizes disagree"),
        (users.shape != (n_users,) or users.dtype != np.int64, "user ids do not fit"),
        (catalogue != n_movies, "catalogue size disagrees"),
    ]
    for failed, problem in problems:
        if failed:
            raise ValueError(problem)
    if indptr[0] != 0 or indptr[-1] != nnz or (np.diff(indptr) < 0).any():
        raise ValueError("indptr is not a CSR row index")
    if (np.diff(users) <= 0).any():
        raise ValueError("user ids are not strictly increasing")
    if nnz and (int(indices.min()) < 0 or int(indices.max()) >= n_movies or data.min() <= 0):
        raise ValueError("column index or rating out of range")


def _movies_to_json(movies: pd.DataFrame) -> dict[str, Any]:
    genre_sets: dict[tuple[str, ...], int] = {}
    genre_codes = [genre_sets.setdefault(g, len(genre_sets)) for g in movies["genres"]]
    return {
        "movieId": movies["movieId"].astype(np.int64).tolist(),
        "title": movies["title"].astype(object).tolist(),
        "display_title": movies["display_title"].astype(object).tolist(),
        "year": [None if pd.isna(y) else int(y) for y in movies["year"].tolist()],
        "genre_sets": [list(g) for g in genre_sets],
        "genres": genre_codes,
        "imdbId": movies["imdbId"].tolist(),
    }


def _movies_from_json(data: dict[str, Any]) -> pd.DataFrame:
    sets = np.empty(len(data["genre_sets"]), dtype=object)
    sets[:] = [tuple(str(g) for g in genres) for genres in data["genre_sets"]]
    codes = np.asarray(data["genres"], dtype=np.int64)
    return movies_frame(
        np.asarray(data["movieId"], dtype=np.int64),
        [str(t) for t in data["title"]],
        [str(t) for t in data["display_title"]],
        [None if y is None else int(y) for y in data["year"]],
        sets[codes] if codes.size else np.empty(0, dtype=object),
        [None if i is None else str(i) for i in data["imdbId"]],
    )


def _write_json(path: Path, value: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False)
        _flush(handle)


def _flush(handle: Any) -> None:
    """Data on disk before the rename publishes it, so a crash cannot leave empty files."""
    handle.flush()
    os.fsync(handle.fileno())


def _sync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

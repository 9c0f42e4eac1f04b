"""One loader per MovieLens layout, each returning a Dataset; ``load_directory`` picks one
and keeps what it parsed in the parse cache."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.data import catalogue as cat
from movierec.data.blocks import BLOCK_BYTES, estimate_rows, read_blocks
from movierec.data.dataset import Dataset, SkippedRows
from movierec.data.layouts import CSV, ML_1M, ML_100K, Layout, detect_layout
from movierec.data.matrix import RatingMatrix, RatingRows, build_ratings
from movierec.data.parse_cache import ParseCache, cache_key
from movierec.data.ratings import HALF_STARS, WHOLE_STARS
from movierec.data.settings import DataSettings
from movierec.data.table import Issues, NumericTable, TextFile, read_numbers, read_strings
from movierec.memory import check_fits

#: ml-100k's u.item genre flags, in file order.
ML_100K_GENRES = (
    "unknown",
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
)
_RATING_COLUMNS = ("userId", "movieId", "rating")
_RATING_FIELDS = ("userId", "movieId", "rating", "timestamp")
# ml-1m's "::" separator becomes one byte pandas' fast C parser accepts.
_UNIT_SEPARATOR = "\x1f"
#: The files each layout's loader reads (the ones its checksums cover), in report order.
_FILES_READ = {
    CSV.name: ("movies.csv", "links.csv", "ratings.csv"),
    ML_1M.name: ("movies.dat", "ratings.dat"),
    ML_100K.name: ("u.item", "u.data"),
}
#: Where in the cache directory parsed data sets go.
PARSED_SUBDIR = "parsed"


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _checksums(directory: Path, layout: Layout, known: Mapping[str, str] | None) -> dict[str, str]:
    if known is not None:
        return dict(known)
    return {name: sha256_file(directory / name) for name in _FILES_READ[layout.name]}


def _dataset(
    directory: Path,
    layout: Layout,
    *,
    strict: bool,
    issues: list[Issues],
    checksums: dict[str, str],
    movies: pd.DataFrame,
    built: RatingMatrix,
) -> Dataset:
    """Strict: raise the earliest problem of the first file with one; else count them all."""
    counts: dict[tuple[str, str], int] = {}
    for file_issues in issues:
        if strict:
            file_issues.raise_first()
        counts.update(file_issues.counts())
    return Dataset(
        name=directory.name,
        layout=layout.name,
        checksums=checksums,
        skipped=SkippedRows(counts),
        movies=movies,
        ratings=built.matrix,
        user_ids=built.user_ids,
    )


def _whole_star_dataset(
    directory: Path,
    layout: Layout,
    movies: pd.DataFrame,
    table: NumericTable,
    catalogue: str,
    strict: bool,
    checksums: Mapping[str, str] | None,
) -> Dataset:
    """The older GroupLens sets: whole-star ratings in one file, checked against ``catalogue``."""
    built = build_ratings(
        table, movies["movieId"].to_numpy(np.int64), scale=WHOLE_STARS, catalogue=catalogue
    )
    return _dataset(
        directory,
        layout,
        strict=strict,
        issues=[table.issues],
        checksums=_checksums(directory, layout, checksums),
        movies=movies,
        built=built,
    )


def load_csv(
    directory: Path,
    *,
    strict: bool = False,
    checksums: Mapping[str, str] | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> Dataset:
    """ml-latest-small / ml-latest / ml-25m / ml-32m: movies.csv, ratings.csv, links.csv.

    ratings.csv (up to ~900 MB) is read ``block_bytes`` at a time into compact arrays.
    ``checksums``: the files' sha256 when the caller has them already.
    """
    text, lines = read_strings(
        directory / "movies.csv", TextFile("movies.csv", ("movieId", "title", "genres"))
    )
    ids = cat.parse_ids(text["movieId"], lines, file="movies.csv", column="movieId")
    cat.reject_duplicates(ids, lines, file="movies.csv", column="movieId")
    movies = cat.build_movies(ids, text["title"].tolist(), cat.split_genres(text["genres"]))
    movie_ids = movies["movieId"].to_numpy(np.int64)

    links, link_lines = read_strings(
        directory / "links.csv", TextFile("links.csv", ("movieId", "imdbId"))
    )
    link_ids = cat.parse_ids(links["movieId"], link_lines, file="links.csv", column="movieId")
    cat.reject_duplicates(link_ids, link_lines, file="links.csv", column="movieId")
    imdb = cat.imdb_ids(links["imdbId"], link_lines, file="links.csv")
    link_issues = Issues("links.csv")
    movies["imdbId"] = pd.Series(
        cat.attach(movie_ids, link_ids, imdb, link_lines, link_issues, catalogue="movies.csv"),
        dtype=object,
    )

    rating_issues = Issues("ratings.csv")
    rows = RatingRows(movie_ids, scale=HALF_STARS, catalogue="movies.csv", issues=rating_issues)
    rows.reserve(estimate_rows(directory / "ratings.csv"))
    for table in read_blocks(
        directory / "ratings.csv",
        TextFile("ratings.csv", _RATING_COLUMNS),
        issues=rating_issues,
        block_bytes=block_bytes,
    ):
        rows.add(table)
    return _dataset(
        directory,
        CSV,
        strict=strict,
        issues=[link_issues, rating_issues],
        checksums=_checksums(directory, CSV, checksums),
        movies=movies,
        built=rows.finish(),
    )


def _dat_bytes(path: Path) -> bytes:
    return path.read_bytes().replace(b"::", _UNIT_SEPARATOR.encode())


def _dat_file(file: str, columns: Sequence[str], names: Sequence[str]) -> TextFile:
    """An ml-1m ``.dat`` file as :func:`_dat_bytes` rewrites it: header-less latin-1."""
    return TextFile(file, columns, sep=_UNIT_SEPARATOR, names=names, encoding="latin-1")


def load_ml1m(
    directory: Path, *, strict: bool = False, checksums: Mapping[str, str] | None = None
) -> Dataset:
    """ml-1m: "::"-separated latin-1 movies.dat and ratings.dat (whole-star ratings 1-5)."""
    movies_bytes = _dat_bytes(directory / "movies.dat")
    fields = ("movieId", "title", "genres")
    text, lines = read_strings(movies_bytes, _dat_file("movies.dat", fields, fields))
    ids = cat.parse_ids(text["movieId"], lines, file="movies.dat", column="movieId")
    cat.reject_duplicates(ids, lines, file="movies.dat", column="movieId")
    movies = cat.build_movies(ids, text["title"].tolist(), cat.split_genres(text["genres"]))

    table = read_numbers(
        _dat_bytes(directory / "ratings.dat"),
        _dat_file("ratings.dat", _RATING_COLUMNS, _RATING_FIELDS),
    )
    return _whole_star_dataset(directory, ML_1M, movies, table, "movies.dat", strict, checksums)


def load_ml100k(
    directory: Path, *, strict: bool = False, checksums: Mapping[str, str] | None = None
) -> Dataset:
    """ml-100k: tab-separated u.data, pipe-separated latin-1 u.item with 19 genre flags."""
    fields = ("movieId", "title", "release", "video_release", "imdb_url", *ML_100K_GENRES)
    text, lines = read_strings(
        directory / "u.item", TextFile("u.item", fields, sep="|", names=fields, encoding="latin-1")
    )
    ids = cat.parse_ids(text["movieId"], lines, file="u.item", column="movieId")
    cat.reject_duplicates(ids, lines, file="u.item", column="movieId")
    flags = np.column_stack(
        [
            cat.parse_ids(text[g], lines, file="u.item", column=f"genre flag {g!r}")
            for g in ML_100K_GENRES
        ]
    )
    genres = cat.genres_from_flags(flags, ML_100K_GENRES)
    movies = cat.build_movies(ids, text["title"].tolist(), genres)

    table = read_numbers(
        directory / "u.data", TextFile("u.data", _RATING_COLUMNS, sep="\t", names=_RATING_FIELDS)
    )
    return _whole_star_dataset(directory, ML_100K, movies, table, "u.item", strict, checksums)


_LOADERS = {CSV.name: load_csv, ML_1M.name: load_ml1m, ML_100K.name: load_ml100k}


def load_directory(
    directory: Path | str,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
    parse_cache: bool | None = None,
) -> Dataset:
    """Load whichever layout ``directory`` (or its single sub-directory) holds.

    The parsed data set is kept in ``cache_dir/parsed`` (default ``$MOVIEREC_PARSE_CACHE_DIR``,
    else ``$MOVIEREC_CACHE_DIR/parsed``), keyed by the files' checksums, so loading the same
    files again skips parsing. A cache that cannot be written (a read-only volume) is still
    read. ``parse_cache`` False turns it off (default ``$MOVIEREC_PARSE_CACHE``, on).
    """
    layout, root = detect_layout(Path(directory))
    files = [root / name for name in _FILES_READ[layout.name]]
    stamps = [_stamp(path) for path in files]
    checksums = {path.name: sha256_file(path) for path in files}
    cache = _parse_cache(cache_dir, parse_cache)
    key = cache_key(layout.name, checksums, strict=strict)
    if cache is not None and (cached := cache.read(key, name=root.name)) is not None:
        return cached
    check_fits(
        f"loading {root.name}",
        parse_memory(sum(size for size, _ in stamps)),
        lambda _left: "load it on a machine with more memory",
    )
    dataset = _LOADERS[layout.name](root, strict=strict, checksums=checksums)
    if cache is not None and [_stamp(path) for path in files] == stamps:
        cache.write(key, dataset, source=root.resolve(), strict=strict)
    return dataset


def parse_memory(file_bytes: int) -> int:
    """Most memory a parse of files this large takes: about 0.75 bytes per byte of CSV was
    measured at 25M and 32M ratings (0.51 and 0.67 GB peak); the estimate errs high."""
    return file_bytes + (64 << 20)


def _parse_cache(cache_dir: Path | None, enabled: bool | None) -> ParseCache | None:
    settings = DataSettings()
    if not (settings.parse_cache if enabled is None else enabled):
        return None
    if cache_dir is None and settings.parse_cache_dir is not None:
        return ParseCache(settings.parse_cache_dir)
    return ParseCache(Path(cache_dir or settings.cache_dir) / PARSED_SUBDIR)


def _stamp(path: Path) -> tuple[int, int]:
    """Size and modification time: a file that changed while it was parsed is not cached."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns

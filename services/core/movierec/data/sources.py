"""Where a data set comes from: a directory, ``s3://``, an official GroupLens name or a zip URL."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from movierec.data import grouplens, s3
from movierec.data.dataset import Dataset
from movierec.data.grouplens import OFFICIAL_ZIPS, KnownZip
from movierec.data.layouts import detect_layout
from movierec.data.loaders import load_directory
from movierec.data.settings import DataSettings
from movierec.errors import DataError, MovierecError


def fetch_source(
    source: str | Path,
    *,
    cache_dir: Path | None = None,
    progress: bool = False,
    grouplens_url: str | None = None,
    checksums: Mapping[str, KnownZip] | None = None,
) -> Path:
    """A local directory holding the data set ``source`` names, downloading it if needed.

    ``grouplens_url`` and ``checksums`` default to ``MOVIEREC_GROUPLENS_URL`` and the known
    official zips; tests pass their own.
    """
    settings = DataSettings()
    cache = Path(cache_dir) if cache_dir is not None else settings.cache_dir
    table = OFFICIAL_ZIPS if checksums is None else checksums
    text = str(source)
    if text.startswith("s3://"):
        return s3.sync(text, cache, progress=progress)
    if text.startswith(("http://", "https://")):
        return grouplens.fetch_url(text, cache, checksums=table, progress=progress)
    if isinstance(source, str) and text in OFFICIAL_ZIPS and not Path(text).exists():
        base = grouplens_url or settings.grouplens_url
        return grouplens.fetch_official(
            text, cache, base_url=base, checksums=table, progress=progress
        )
    path = Path(text).expanduser()
    if not path.exists():
        raise DataError(
            text,
            "no such directory (a source is a directory, s3://bucket/prefix, an http(s) zip URL "
            f"or one of {', '.join(OFFICIAL_ZIPS)})",
        )
    return path


def require_source(source: str | None) -> str:
    """``source``, or the one-line error a service without a data set reports (its /readyz
    says it until the variable is set)."""
    if not source:
        raise MovierecError("no data: set MOVIEREC_DATA_DIR to a MovieLens data source")
    return source


def load_dataset(
    source: str | Path,
    *,
    cache_dir: Path | None = None,
    strict: bool = False,
    progress: bool = False,
    grouplens_url: str | None = None,
    checksums: Mapping[str, KnownZip] | None = None,
    parse_cache: bool | None = None,
) -> Dataset:
    """Load a MovieLens data set from any source; see :func:`fetch_source`.

    ``strict`` raises on the first bad rating row; otherwise bad rows are skipped and counted
    in ``Dataset.skipped``. Structural problems always raise :class:`DataError`. The parsed
    form is cached in ``cache_dir/parsed`` unless ``parse_cache`` is False (see
    :func:`movierec.data.loaders.load_directory`).
    """
    directory = fetch_source(
        source,
        cache_dir=cache_dir,
        progress=progress,
        grouplens_url=grouplens_url,
        checksums=checksums,
    )
    return load_directory(directory, strict=strict, cache_dir=cache_dir, parse_cache=parse_cache)


def copy_layout(directory: Path, dest: Path) -> Path:
    """Copy the layout's files from ``directory`` into ``dest`` (each via temp file + rename)."""
    layout, root = detect_layout(directory)
    dest.mkdir(parents=True, exist_ok=True)
    if dest.resolve() == root.resolve():
        return dest
    for name in layout.files:
        if (root / name).is_file():
            temp = dest / f".{name}.part"
            shutil.copyfile(root / name, temp)
            temp.replace(dest / name)
    return dest

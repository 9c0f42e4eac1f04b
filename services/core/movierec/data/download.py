"""Streaming HTTP download into a file, atomically, verified while it is written."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from movierec.errors import DataError, MovierecError

_CHUNK = 1 << 20

# httpx and rich are imported where they are used: every service imports this package to load
# its data set at start, and only a download needs them (a tenth of a second of start-up).


@dataclass(frozen=True)
class Expected:
    """What a download must match; None means not known (that part is not checked)."""

    size: int | None = None
    sha256: str | None = None
    md5: str | None = None


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str
    size: int


@contextmanager
def progress_bar(enabled: bool, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A rich byte progress bar on stderr (or a no-op); yields ``advance(n_bytes)``."""
    if not enabled:
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def fsync_directory(directory: Path) -> None:
    """Make a rename inside ``directory`` durable (best effort where dirs cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _verify(url: str, name: str, expected: Expected, size: int, sha256: str, md5: str) -> None:
    if expected.size is not None and size != expected.size:
        raise DataError(
            name, f"download of {url} has {size} bytes, expected {expected.size}; deleted it"
        )
    if expected.sha256 is not None and sha256 != expected.sha256.lower():
        raise DataError(
            name,
            f"checksum mismatch for {url}: expected sha256 {expected.sha256}, got {sha256}; "
            "deleted the download",
        )
    if expected.md5 is not None and md5 != expected.md5.lower():
        raise DataError(
            name,
            f"checksum mismatch for {url}: expected md5 {expected.md5}, got {md5}; "
            "deleted the download",
        )


def download(
    url: str,
    dest: Path,
    *,
    expected: Expected,
    progress: bool = False,
    timeout: float = 60.0,
) -> Downloaded:
    """Stream ``url`` to a temp file beside ``dest``, fsync, verify, then rename onto ``dest``.

    A failed or mismatching download leaves nothing behind.
    """
    import httpx

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    temp = Path(temp_name)
    sha256, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    try:
        with (
            os.fdopen(fd, "wb") as out,
            httpx.stream("GET", url, follow_redirects=True, timeout=timeout) as response,
        ):
            if response.status_code != httpx.codes.OK:
                raise MovierecError(f"download of {url} failed: HTTP {response.status_code}")
            length = int(response.headers.get("Content-Length") or 0) or expected.size
            with progress_bar(progress, length, dest.name) as advance:
                for chunk in response.iter_bytes(_CHUNK):
                    out.write(chunk)
                    sha256.update(chunk)
                    md5.update(chunk)
                    size += len(chunk)
                    advance(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        _verify(url, dest.name, expected, size, sha256.hexdigest(), md5.hexdigest())
        os.replace(temp, dest)
        fsync_directory(dest.parent)
    except httpx.HTTPError as exc:
        raise MovierecError(f"download of {url} failed: {exc}") from None
    finally:
        temp.unlink(missing_ok=True)
    return Downloaded(dest, sha256.hexdigest(), size)


def fetch_text(url: str, *, timeout: float = 30.0) -> str | None:
    """Body of a small text resource, or None when it is not there (any HTTP or network error)."""
    import httpx

    try:
        response = httpx.get(url, follow_redirects=True, timeout=timeout)
    except httpx.HTTPError:
        return None
    return response.text if response.status_code == httpx.codes.OK else None

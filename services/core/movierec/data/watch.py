"""Whether a local data set changed: a cheap signature of its files, checked while serving.

Hashing a 900 MB ratings.csv takes seconds, so a running service compares sizes and
modification times instead; a change makes it load the data again (the parse cache, keyed
by the files' checksums, then decides whether anything is really new).
"""

from __future__ import annotations

from pathlib import Path

from movierec.data.layouts import detect_layout
from movierec.errors import DataError

Signature = tuple[tuple[str, int, int], ...]


def files_signature(source: str | None) -> Signature | None:
    """``(file, size, mtime_ns)`` of the layout files of a local data directory; None for a
    remote source (s3://, a URL, a GroupLens name) or a directory that holds no data set."""
    if not source or "://" in source:
        return None
    path = Path(source).expanduser()
    if not path.is_dir():
        return None
    try:
        layout, root = detect_layout(path)
    except DataError:
        return None
    found = []
    for name in layout.files:
        try:
            stat = (root / name).stat()
        except OSError:
            continue
        found.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)

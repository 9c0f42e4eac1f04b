"""Reading a big ratings file block by block, so memory holds one block of its text at a time.

A block is a run of whole lines. Each one goes through the fast typed pass; a block that fails
it is cut into smaller pieces until the failing pieces are small enough for the careful text
pass, so one bad line costs a careful read of a few thousand lines rather than of the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import numpy as np

from movierec.data.table import (
    FIELD_COUNT,
    Issues,
    NumericTable,
    TextFile,
    header_of,
    read_carefully,
    read_typed,
)

#: Bytes of text per block: ~700k rating lines, a few tens of MB of parser memory.
BLOCK_BYTES = 16 << 20
#: A piece that fails the fast pass is cut into this many pieces...
_PIECES = 16
#: ...until it has at most this many lines; then it is read carefully.
_CAREFUL_LINES = 4096


def read_blocks(
    path: Path, form: TextFile, *, issues: Issues, block_bytes: int = BLOCK_BYTES
) -> Iterator[NumericTable]:
    """Numeric ``form.columns`` of a file with a header, as tables of consecutive rows in file
    order.

    Bad rows go to ``issues`` and a stray header raises, as with
    :func:`movierec.data.table.read_numbers` on the whole file.
    """
    form = replace(form, names=tuple(header_of(path, form)))
    line = 2
    with path.open("rb") as handle:
        handle.readline()  # the header, read above
        for block in _blocks(handle, block_bytes):
            for table in _parse(block, line, form, issues):
                line += table.span
                yield table


def estimate_rows(path: Path, *, sample_bytes: int = 1 << 20) -> int:
    """Roughly how many lines ``path`` has, from the line length of its first ``sample_bytes``."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        sample = handle.read(sample_bytes)
    if not sample:
        return 0
    return int(size * max(sample.count(b"\n"), 1) / len(sample) * 1.05) + 1024


def _blocks(handle: BinaryIO, size: int) -> Iterator[bytes]:
    """About ``size`` bytes at a time, always ending at the end of a line (or of the file)."""
    while block := handle.read(size):
        if not block.endswith(b"\n"):
            block += handle.readline()
        yield block


def _parse(data: bytes, first_line: int, form: TextFile, issues: Issues) -> Iterator[NumericTable]:
    """``data`` (whole lines, the first on ``first_line``) as tables, fast where possible."""
    problem = _too_many_fields(data, form)
    if problem is not None:
        # pandas would silently take the extra field of a first line for an index column.
        issues.add(FIELD_COUNT, np.array([first_line]), problem)
        yield NumericTable({c: np.zeros(0) for c in form.columns}, np.zeros(0, np.int64), issues, 1)
        end = data.find(b"\n")
        if 0 <= end < len(data) - 1:
            yield from _parse(data[end + 1 :], first_line + 1, form, issues)
        return
    table = read_typed(data, form, first_line=first_line, issues=issues)
    if table is not None:
        yield table
        return
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n")) + 1
    if ends.size <= _CAREFUL_LINES:
        yield read_carefully(data, form, header_names=True, first_line=first_line, issues=issues)
        return
    cuts = ends[np.arange(1, _PIECES) * ends.size // _PIECES - 1]
    line = first_line
    for start, end in zip([0, *cuts.tolist()], [*cuts.tolist(), len(data)], strict=True):
        for table in _parse(data[start:end], line, form, issues):
            line += table.span
            yield table


def _too_many_fields(data: bytes, form: TextFile) -> str | None:
    """What is wrong with the first line of ``data`` if it has more fields than the header."""
    width = len(form.names or ())
    end = data.find(b"\n")
    line = data[: end if end >= 0 else len(data)]
    if line.count(form.sep.encode()) < width:
        return None  # the common case, decided without decoding
    text = line.decode(form.encoding, errors="replace").rstrip("\r")
    fields = next(csv.reader([text], delimiter=form.sep))
    if len(fields) <= width:
        return None
    return f"expected {width} fields, saw {len(fields)}"

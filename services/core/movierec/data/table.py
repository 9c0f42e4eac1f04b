"""Reading delimited MovieLens files with pandas while keeping track of file line numbers.

Every error has to name the 1-based line in the file (header included), so each row carries
its line number. The common case — a clean file — takes one fast typed ``read_csv`` pass; only
a file that fails it is re-read as text to find out which lines are wrong and why. Both passes
also read blocks from inside a file (``movierec.data.blocks``), given the block's first line.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from movierec.errors import DataError

#: Reason under which rows with an empty or non-numeric field are counted.
UNPARSABLE = "missing or unparsable number"
#: Reason under which rows with too many or too few fields are counted.
FIELD_COUNT = "wrong number of fields"

_SKIPPED_LINE = re.compile(r"Skipping line (\d+): (.*)")

Source = Path | bytes


@dataclass(frozen=True)
class TextFile:
    """How one delimited file is written, as every reader here needs to know it.

    ``file`` names it in errors; ``columns`` are the fields wanted; ``names`` gives the fields
    of a header-less file (None: the first line is a header that must hold ``columns``).
    """

    file: str
    columns: Sequence[str]
    sep: str = ","
    names: Sequence[str] | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Issue:
    """Rows of one file dropped for one reason: how many, and the first one (line + problem)."""

    reason: str
    count: int
    first_line: int
    first_problem: str


@dataclass
class Issues:
    """Everything wrong with the rows of one file: one Issue per reason, however many chunks."""

    file: str
    found: list[Issue] = field(default_factory=list)

    def add(self, reason: str, lines: np.ndarray, problem_of_first: str) -> None:
        if lines.size:
            self.record(reason, int(lines.size), int(lines.min()), problem_of_first)

    def record(self, reason: str, count: int, first_line: int, first_problem: str) -> None:
        """Count ``count`` more rows under ``reason``; the earliest line names the problem."""
        for i, issue in enumerate(self.found):
            if issue.reason == reason:
                earlier = issue.first_line <= first_line
                self.found[i] = Issue(
                    reason,
                    issue.count + count,
                    issue.first_line if earlier else first_line,
                    issue.first_problem if earlier else first_problem,
                )
                return
        self.found.append(Issue(reason, count, first_line, first_problem))

    def add_mask(
        self, reason: str, mask: np.ndarray, lines: np.ndarray, describe: Callable[[int], str]
    ) -> np.ndarray:
        """Record the rows in ``mask``; ``describe(row)`` words the first. Returns ``~mask``."""
        if mask.any():
            first = int(np.flatnonzero(mask)[0])
            self.add(reason, lines[mask], describe(first))
        return np.asarray(~mask)

    def sort_by(self, reasons: Sequence[str]) -> None:
        """Put the issues in the order of the checks that found them (as a one-pass read does)."""
        rank = {reason: i for i, reason in enumerate(reasons)}
        self.found.sort(key=lambda issue: rank.get(issue.reason, len(rank)))

    def raise_first(self) -> None:
        """Strict mode: raise the earliest problem in the file, if any."""
        if self.found:
            first = min(self.found, key=lambda issue: issue.first_line)
            raise DataError(self.file, first.first_problem, first.first_line)

    def counts(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for issue in self.found:
            key = (self.file, issue.reason)
            counts[key] = counts.get(key, 0) + issue.count
        return counts


@dataclass
class NumericTable:
    """Numeric columns (float64) of the rows that parsed, their file lines, and what did not.

    ``span`` is how many lines the source held (blank and skipped ones included), so a
    reader going block by block knows the file line the next block starts on.
    """

    values: dict[str, np.ndarray]
    lines: np.ndarray
    issues: Issues
    span: int = 0


def _open(source: Source) -> Any:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def _read(source: Source, form: TextFile, **kwargs: Any) -> pd.DataFrame:
    """``pd.read_csv`` of ``source`` as ``form`` says; an empty or undecodable file is an error."""
    try:
        frame: pd.DataFrame = pd.read_csv(
            _open(source), sep=form.sep, encoding=form.encoding, **kwargs
        )
        return frame
    except UnicodeDecodeError as exc:
        raise DataError(form.file, f"not {form.encoding} text ({exc.reason})") from None
    except pd.errors.EmptyDataError:
        raise DataError(form.file, "file is empty") from None


def header_of(source: Source, form: TextFile) -> list[str]:
    """The column names in the first line, which must hold ``form.columns``."""
    found = [str(c).strip() for c in _read(source, form, nrows=0).columns]
    for name in form.columns:
        if name not in found:
            raise DataError(
                form.file, f"missing column {name!r} (the header has: {', '.join(found)})", 1
            )
    return found


def _read_rows(source: Source, form: TextFile, **kwargs: Any) -> pd.DataFrame:
    """Every row, blank lines included, under the header's names or ``form.names``."""
    names = form.names
    return _read(
        source,
        form,
        skip_blank_lines=False,
        header=None if names else 0,
        names=list(names) if names else None,
        **kwargs,
    )


def _read_text(
    source: Source, form: TextFile, first_line: int | None = None
) -> tuple[pd.DataFrame, np.ndarray, list[tuple[int, str]]]:
    """All fields as text, the file line of each row, and the lines pandas had to skip.

    ``first_line`` is the file line of the source's first line when the source is a block
    from inside a file (its lines are then counted from there).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        frame = _read_rows(
            source,
            form,
            dtype=str,
            keep_default_na=False,
            on_bad_lines="warn",
            quoting=csv.QUOTE_NONE if form.sep != "," else csv.QUOTE_MINIMAL,
        )
    shift = 0 if first_line is None else first_line - 1
    bad = sorted(
        (int(m.group(1)) + shift, m.group(2).strip())
        for w in caught
        for m in _SKIPPED_LINE.finditer(str(w.message))
    )
    first = (1 if form.names else 2) + shift
    every = np.arange(first, first + len(frame) + len(bad), dtype=np.int64)
    lines = np.setdiff1d(every, np.array([b[0] for b in bad], dtype=np.int64))
    return frame, lines, bad


def texts(column: pd.Series) -> np.ndarray:
    """A text column as an object array with "" for missing fields."""
    return np.asarray(column.to_numpy(dtype=object, na_value=""), dtype=object)


def to_numbers(text: np.ndarray) -> np.ndarray:
    """float64 of each string, NaN where it is not a number (fast when all parse)."""
    try:
        return np.asarray(text, dtype=object).astype(np.float64)
    except (ValueError, TypeError):
        return np.asarray(pd.to_numeric(pd.Series(text, dtype=object), errors="coerce"), np.float64)


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    filled = np.zeros(len(frame), dtype=bool)
    for column in frame.columns:
        filled |= texts(frame[column]) != ""
    return ~filled


def _reject_repeated_header(frame: pd.DataFrame, lines: np.ndarray, form: TextFile) -> None:
    repeated = np.ones(len(frame), dtype=bool)
    for name in form.columns:
        repeated &= texts(frame[name]) == name
    if repeated.any():
        line = int(lines[np.flatnonzero(repeated)[0]])
        raise DataError(form.file, "duplicate header line inside the file", line)


def check_field_counts(data: bytes, *, file: str, sep: str, expected: int, quoted: bool) -> None:
    """Every non-blank line has ``expected`` fields, counted on the raw bytes (vectorised).

    pandas pads a short row with empty fields without a word, so a catalogue line that lost a
    field would slip through; separators inside double quotes do not count when ``quoted``.
    Works on the positions of the few bytes that matter, so memory stays near the file's size.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    if buf.size == 0:
        return
    newlines, seps = _positions(buf, "\n"), _positions(buf, sep)
    quoted_newlines = np.zeros(0, dtype=np.int64)
    if quoted:
        quotes = _positions(buf, '"')
        outside = np.searchsorted(quotes, newlines) % 2 == 0  # an even number of quotes before
        newlines, quoted_newlines = newlines[outside], newlines[~outside]
        seps = seps[np.searchsorted(quotes, seps) % 2 == 0]
    starts = np.concatenate(([0], newlines + 1))
    ends = np.append(newlines, buf.size)  # line i is data[starts[i]:ends[i]]
    # Bytes that are not content: carriage returns and newlines inside quotes.
    filler = np.concatenate((_positions(buf, "\r"), quoted_newlines))
    line_of = np.searchsorted(newlines, filler)
    content = (ends - starts) - np.bincount(line_of, minlength=ends.size)
    fields = np.bincount(np.searchsorted(newlines, seps), minlength=ends.size) + 1
    wrong = (content > 0) & (fields != expected)
    if wrong.any():
        line = int(np.flatnonzero(wrong)[0])
        raise DataError(file, f"expected {expected} fields, saw {int(fields[line])}", line + 1)


def _positions(buf: np.ndarray, char: str) -> np.ndarray:
    return np.flatnonzero(buf == ord(char))


def read_strings(source: Source, form: TextFile) -> tuple[pd.DataFrame, np.ndarray]:
    """A catalogue-style file as text columns plus file lines; any malformed line is fatal."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    expected = len(form.names) if form.names is not None else len(header_of(data, form))
    check_field_counts(
        data, file=form.file, sep=form.sep, expected=expected, quoted=form.sep == ","
    )
    frame, lines, bad = _read_text(data, form)
    if bad:
        raise DataError(form.file, bad[0][1], bad[0][0])
    frame.columns = [str(c).strip() for c in frame.columns]
    if form.names is None:
        _reject_repeated_header(frame, lines, form)
    keep = ~_blank_rows(frame)
    return frame.loc[keep, list(form.columns)].reset_index(drop=True), lines[keep]


def read_numbers(source: Source, form: TextFile) -> NumericTable:
    """Numeric ``columns`` of a ratings-style file; bad rows become Issues, not exceptions.

    Malformed rows (wrong field count, empty or non-numeric values) are left out and recorded;
    a repeated header or a missing column is structural and raises.
    """
    header = form.names is None
    if header:
        header_of(source, form)
    issues = Issues(form.file)
    table = read_typed(source, form, first_line=2 if header else 1, issues=issues)
    if table is None:
        table = read_carefully(source, form, header_names=header, issues=issues)
    return table


def read_typed(
    source: Source, form: TextFile, *, first_line: int, issues: Issues
) -> NumericTable | None:
    """The fast pass: every field read as float64, or None when some field is not a number.

    Row ``i`` is taken to be on line ``first_line + i`` (blank lines are rows of NaN here), so
    a source starting with a header (``names`` None) has ``first_line`` 2.
    """
    columns = form.columns
    try:
        frame = _read_rows(source, form, dtype="float64", engine="c")
    except (ValueError, pd.errors.ParserError):
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    lines = np.arange(len(frame), dtype=np.int64) + first_line
    raw = {name: frame[name].to_numpy(dtype=np.float64) for name in columns}
    blank = frame.isna().to_numpy().all(axis=1)
    missing = np.zeros(len(frame), dtype=bool)
    for name in columns:
        missing |= np.isnan(raw[name])
    missing &= ~blank

    def describe(row: int) -> str:
        return next(f"{n} is missing" for n in columns if np.isnan(raw[n][row]))

    keep = issues.add_mask(UNPARSABLE, missing, lines, describe) & ~blank
    if keep.all():  # the common case: no copies
        return NumericTable(raw, lines, issues, len(frame))
    return NumericTable({n: v[keep] for n, v in raw.items()}, lines[keep], issues, len(frame))


def read_carefully(
    source: Source,
    form: TextFile,
    *,
    header_names: bool,
    issues: Issues,
    first_line: int | None = None,
) -> NumericTable:
    """The careful pass: text, then per-column conversion, naming each bad line.

    ``header_names``: the names come from the file's header, so a line repeating them is a
    stray header (structural, raised). ``first_line`` as for :func:`_read_text`.
    """
    frame, lines, bad = _read_text(source, form, first_line)
    frame.columns = [str(c).strip() for c in frame.columns]
    if bad:
        issues.add(FIELD_COUNT, np.array([b[0] for b in bad]), bad[0][1])
    if header_names:
        _reject_repeated_header(frame, lines, form)
    columns = form.columns
    blank = _blank_rows(frame)
    text = {n: np.char.strip(texts(frame[n]).astype(str)) for n in columns}
    raw = {n: to_numbers(text[n]) for n in columns}
    unparsable = np.zeros(len(frame), dtype=bool)
    for name in columns:
        unparsable |= np.isnan(raw[name])
    unparsable &= ~blank

    def describe(row: int) -> str:
        name = next(n for n in columns if np.isnan(raw[n][row]))
        value = text[name][row]
        return f"{name} is missing" if value == "" else f"{name} {str(value)!r} is not a number"

    keep = issues.add_mask(UNPARSABLE, unparsable, lines, describe) & ~blank
    span = len(frame) + len(bad)
    return NumericTable({n: v[keep] for n, v in raw.items()}, lines[keep], issues, span)

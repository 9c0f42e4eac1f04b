"""The official MovieLens file layouts, and which one a directory (or S3 listing) holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from movierec.errors import DataError


@dataclass(frozen=True)
class Layout:
    """One MovieLens layout: the files that identify it, need to be there, or may be."""

    name: str
    markers: tuple[str, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        return self.required + self.optional

    def describe(self) -> str:
        return f"{' + '.join(self.required)} ({self.name})"


#: ml-latest-small, ml-latest, ml-25m, ml-32m (and ml-20m).
CSV = Layout(
    "csv",
    markers=("ratings.csv", "movies.csv"),
    required=("movies.csv", "ratings.csv", "links.csv"),
    optional=("tags.csv", "README.txt"),
)
#: ml-1m: "::"-separated latin-1 .dat files.
ML_1M = Layout(
    "ml-1m",
    markers=("ratings.dat", "movies.dat"),
    required=("movies.dat", "ratings.dat"),
    optional=("users.dat", "README"),
)
#: ml-100k: tab-separated u.data, pipe-separated u.item with genre flags.
ML_100K = Layout(
    "ml-100k",
    markers=("u.data", "u.item"),
    required=("u.data", "u.item"),
    optional=("u.user", "u.genre", "u.info", "README"),
)
LAYOUTS = (CSV, ML_1M, ML_100K)


def looked_for() -> str:
    return "; ".join(layout.describe() for layout in LAYOUTS)


def _layout_of(names: set[str]) -> Layout | None:
    for layout in LAYOUTS:
        if names.intersection(layout.markers):
            return layout
    return None


def find_layout(paths: Iterable[str]) -> tuple[Layout, str] | None:
    """Layout and sub-directory ("" for top level) among relative posix paths, or None.

    The layout may sit one level down, as when a zip holding ``ml-100k/`` is extracted.
    A top-level layout wins; below that exactly one sub-directory may hold one.
    """
    by_dir: dict[str, set[str]] = {}
    for path in paths:
        parts = path.strip("/").split("/")
        if len(parts) == 1:
            by_dir.setdefault("", set()).add(parts[0])
        elif len(parts) == 2:
            by_dir.setdefault(parts[0], set()).add(parts[1])
    top = _layout_of(by_dir.get("", set()))
    if top is not None:
        return top, ""
    matches: list[tuple[Layout, str]] = []
    for sub, names in sorted(by_dir.items()):
        layout = _layout_of(names) if sub else None
        if layout is not None:
            matches.append((layout, sub))
    if len(matches) > 1:
        subs = ", ".join(sub for _, sub in matches)
        raise DataError("", f"several data sets found ({subs}); point at one of them")
    return matches[0] if matches else None


def missing_files(layout: Layout, names: Iterable[str]) -> list[str]:
    present = set(names)
    return [name for name in layout.required if name not in present]


def detect_layout(directory: Path) -> tuple[Layout, Path]:
    """The layout in ``directory`` (or one level down) and the directory holding its files."""
    if not directory.exists():
        raise DataError(str(directory), "directory does not exist")
    if not directory.is_dir():
        raise DataError(str(directory), "not a directory")
    paths: list[str] = [p.name for p in directory.iterdir() if p.is_file()]
    for sub in directory.iterdir():
        if sub.is_dir():
            paths.extend(f"{sub.name}/{p.name}" for p in sub.iterdir() if p.is_file())
    try:
        found = find_layout(paths)
    except DataError as exc:
        raise DataError(str(directory), exc.problem) from None
    if found is None:
        listing = ", ".join(sorted(p.name for p in directory.iterdir())[:20]) or "nothing"
        raise DataError(
            str(directory), f"no MovieLens layout found: looked for {looked_for()}; found {listing}"
        )
    layout, sub_dir = found
    root = directory / sub_dir if sub_dir else directory
    missing = missing_files(layout, (p.name for p in root.iterdir() if p.is_file()))
    if missing:
        raise DataError(
            str(root / missing[0]),
            f"missing required file (the {layout.name} layout needs {', '.join(layout.required)})",
        )
    return layout, root

"""Safe, atomic zip extraction: no member may land outside the target directory."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from movierec.errors import DataError

#: Written last into an extracted directory; its presence means the extraction finished.
COMPLETE_MARKER = ".movierec-complete"


def _check_member(archive: str, name: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise DataError(archive, f"unsafe path {name!r} in zip (absolute or with '..'); refused")


def extract_zip(zip_path: Path, target: Path, *, note: str = "") -> Path:
    """Extract ``zip_path`` into ``target`` via a temp dir and a rename; returns ``target``.

    ``note`` (e.g. the zip's sha256) goes into the completion marker.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        try:
            with zipfile.ZipFile(zip_path) as archive:
                for name in archive.namelist():
                    _check_member(zip_path.name, name)
                archive.extractall(staging)
        except zipfile.BadZipFile as exc:
            raise DataError(zip_path.name, f"not a valid zip file ({exc})") from None
        (staging / COMPLETE_MARKER).write_text(note + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def is_complete(directory: Path) -> bool:
    return (directory / COMPLETE_MARKER).is_file()

"""The official GroupLens MovieLens zips: where they are, what they must hash to, the cache.

Sizes and SHA-256 sums are the ones the tensorflow-datasets project records for these URLs
(``tensorflow_datasets/url_checksums/movielens.txt``). ml-latest changes over time and ml-32m
has no SHA-256 published there; for those GroupLens' own ``<zip>.md5`` file is checked when
the server has one, and otherwise the download is used with a warning naming its sha256.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from movierec.data.archive import extract_zip, is_complete
from movierec.data.download import Expected, download, fetch_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KnownZip:
    """What an official zip must be: byte size and SHA-256 (None where no verified value)."""

    size: int | None
    sha256: str | None


#: Official data sets by name. Never add a value that was not checked against a published one.
OFFICIAL_ZIPS: Mapping[str, KnownZip] = {
    "ml-latest-small": KnownZip(
        978202, "696d65a3dfceac7c45750ad32df2c259311949efec81f0f144fdfb91ebc9e436"
    ),
    "ml-100k": KnownZip(
        4924029, "50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229"
    ),
    "ml-1m": KnownZip(5917549, "a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20"),
    "ml-25m": KnownZip(
        261978986, "8b21cfb7eb1706b4ec0aac894368d90acf26ebdfb6aced3ebd4ad5bd1eb9c6aa"
    ),
    "ml-latest": KnownZip(None, None),
    "ml-32m": KnownZip(None, None),
}

_MD5 = re.compile(r"\b([0-9a-fA-F]{32})\b")


def official_url(name: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{name}.zip"


def zip_name(url: str) -> str:
    """'https://host/x/ml-100k.zip?y' -> 'ml-100k'."""
    base = Path(urlsplit(url).path).name
    return base[:-4] if base.lower().endswith(".zip") else base or "download"


def _expected(url: str, known: KnownZip | None) -> Expected:
    if known is not None and known.sha256 is not None:
        return Expected(size=known.size, sha256=known.sha256)
    published = fetch_text(url + ".md5")
    match = _MD5.search(published or "")
    size = known.size if known is not None else None
    return Expected(size=size, md5=match.group(1) if match else None)


def fetch_zip(
    url: str,
    root: Path,
    *,
    known: KnownZip | None,
    progress: bool = False,
) -> Path:
    """Directory holding the extracted zip at ``url`` (``root/<zip name>``); cached after once.

    Verified against ``known`` when it has a SHA-256; a mismatch deletes the download and raises.
    """
    name = zip_name(url)
    target = root / name
    if is_complete(target):
        return target
    expected = _expected(url, known)
    got = download(url, root / f"{name}.zip", expected=expected, progress=progress)
    if expected.sha256 is None and expected.md5 is None:
        log.warning("no published checksum known for %s; its sha256 is %s", url, got.sha256)
    extract_zip(got.path, target, note=f"sha256 {got.sha256} {url}")
    got.path.unlink(missing_ok=True)
    return target


def fetch_official(
    name: str,
    cache_dir: Path,
    *,
    base_url: str,
    checksums: Mapping[str, KnownZip] = OFFICIAL_ZIPS,
    progress: bool = False,
) -> Path:
    return fetch_zip(
        official_url(name, base_url),
        cache_dir / "grouplens",
        known=checksums.get(name),
        progress=progress,
    )


def fetch_url(
    url: str,
    cache_dir: Path,
    *,
    checksums: Mapping[str, KnownZip] = OFFICIAL_ZIPS,
    progress: bool = False,
) -> Path:
    """Any zip URL; one whose file name is an official zip's is verified like that one."""
    key = hashlib.sha256(url.encode()).hexdigest()[:12]
    return fetch_zip(
        url, cache_dir / "urls" / key, known=checksums.get(zip_name(url)), progress=progress
    )

"""Official zips and zip URLs: download over real HTTP, checksum, safe extraction, cache."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from pathlib import Path

import pytest

from movierec.data.archive import COMPLETE_MARKER
from movierec.data.grouplens import OFFICIAL_ZIPS, KnownZip
from movierec.data.sources import load_dataset
from movierec.errors import DataError, MovierecError
from tests.data.layouts import write_csv, write_ml100k, zip_directory
from tests.data.servers import FileServer


@pytest.fixture
def ml100k_zip(tmp_path: Path) -> bytes:
    """A small ml-100k.zip laid out as GroupLens ships it (files under ml-100k/)."""
    return zip_directory(write_ml100k(tmp_path / "src" / "ml-100k"), inside="ml-100k")


def known(data: bytes) -> dict[str, KnownZip]:
    return {"ml-100k": KnownZip(len(data), hashlib.sha256(data).hexdigest())}


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*")) if directory.exists() else []


def test_official_name_is_downloaded_verified_and_cached(
    tmp_path: Path, file_server: FileServer, ml100k_zip: bytes
) -> None:
    file_server.put("movielens/ml-100k.zip", ml100k_zip)
    cache, base, sums = tmp_path / "cache", f"{file_server.url}/movielens", known(ml100k_zip)
    dataset = load_dataset(
        "ml-100k", cache_dir=cache, grouplens_url=base, checksums=sums, progress=True
    )

    assert (dataset.name, dataset.layout, dataset.n_ratings) == ("ml-100k", "ml-100k", 3)
    assert dataset.movies["display_title"].iloc[4] == "Les Misérables"
    assert file_server.requests == ["/movielens/ml-100k.zip"]
    extracted = tmp_path / "cache" / "grouplens" / "ml-100k"
    assert (extracted / COMPLETE_MARKER).is_file()
    assert not (tmp_path / "cache" / "grouplens" / "ml-100k.zip").exists()

    again = load_dataset("ml-100k", cache_dir=cache, grouplens_url=base, checksums=sums)
    assert file_server.requests == ["/movielens/ml-100k.zip"]  # no second download
    assert again.ratings.toarray().tolist() == dataset.ratings.toarray().tolist()


def test_checksum_mismatch_deletes_the_download(
    tmp_path: Path, file_server: FileServer, ml100k_zip: bytes
) -> None:
    file_server.put("ml-100k.zip", ml100k_zip)
    wrong = {"ml-100k": KnownZip(len(ml100k_zip), "0" * 64)}
    with pytest.raises(
        DataError, match=r"checksum mismatch .*expected sha256 0{64}, got [0-9a-f]{64}"
    ):
        load_dataset(
            "ml-100k", cache_dir=tmp_path / "cache", grouplens_url=file_server.url, checksums=wrong
        )
    assert leftovers(tmp_path / "cache") == ["grouplens"]


def test_size_mismatch_is_refused(
    tmp_path: Path, file_server: FileServer, ml100k_zip: bytes
) -> None:
    file_server.put("ml-100k.zip", ml100k_zip)
    digest = hashlib.sha256(ml100k_zip).hexdigest()
    with pytest.raises(DataError, match=rf"has {len(ml100k_zip)} bytes, expected 12"):
        load_dataset(
            "ml-100k",
            cache_dir=tmp_path / "cache",
            grouplens_url=file_server.url,
            checksums={"ml-100k": KnownZip(12, digest)},
        )
    assert leftovers(tmp_path / "cache") == ["grouplens"]


def test_published_md5_is_checked_where_no_sha256_is_known(
    tmp_path: Path, file_server: FileServer, ml100k_zip: bytes
) -> None:
    file_server.put("ml-100k.zip", ml100k_zip)
    unknown = {"ml-100k": KnownZip(None, None)}
    file_server.put("ml-100k.zip.md5", f"MD5 (ml-100k.zip) = {'f' * 32}\n".encode())
    with pytest.raises(DataError, match=r"expected md5 f{32}"):
        load_dataset(
            "ml-100k", cache_dir=tmp_path / "c1", grouplens_url=file_server.url, checksums=unknown
        )

    md5 = hashlib.md5(ml100k_zip).hexdigest()
    file_server.put("ml-100k.zip.md5", f"MD5 (ml-100k.zip) = {md5}\n".encode())
    dataset = load_dataset(
        "ml-100k", cache_dir=tmp_path / "c2", grouplens_url=file_server.url, checksums=unknown
    )
    assert dataset.n_ratings == 3


def test_grouplens_url_and_cache_dir_from_the_environment(
    tmp_path: Path, file_server: FileServer, ml100k_zip: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_server.put("mirror/ml-100k.zip", ml100k_zip)
    monkeypatch.setenv("MOVIEREC_GROUPLENS_URL", f"{file_server.url}/mirror")
    monkeypatch.setenv("MOVIEREC_CACHE_DIR", str(tmp_path / "env-cache"))
    dataset = load_dataset("ml-100k", checksums=known(ml100k_zip))
    assert dataset.n_ratings == 3
    assert (tmp_path / "env-cache" / "grouplens" / "ml-100k" / COMPLETE_MARKER).is_file()


def test_zip_url_with_files_at_the_top(
    tmp_path: Path, file_server: FileServer, caplog: pytest.LogCaptureFixture
) -> None:
    data = zip_directory(write_csv(tmp_path / "src"))
    url = file_server.put("exports/my-ratings.zip", data)
    with caplog.at_level(logging.WARNING, logger="movierec.data.grouplens"):
        dataset = load_dataset(url, cache_dir=tmp_path / "cache")
    assert (dataset.name, dataset.layout, dataset.n_ratings) == ("my-ratings", "csv", 4)
    assert hashlib.sha256(data).hexdigest() in caplog.text  # unverified: says what it got
    load_dataset(url, cache_dir=tmp_path / "cache")
    assert file_server.requests.count("/exports/my-ratings.zip") == 1


def test_zip_url_named_like_an_official_zip_is_verified(
    tmp_path: Path, file_server: FileServer, ml100k_zip: bytes
) -> None:
    url = file_server.put("elsewhere/ml-latest-small.zip", ml100k_zip)
    with pytest.raises(DataError, match=rf"has {len(ml100k_zip)} bytes, expected 978202"):
        load_dataset(url, cache_dir=tmp_path / "cache")


def test_unsafe_zip_members_are_refused(tmp_path: Path, file_server: FileServer) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ml-evil/u.data", "1\t1\t5\t1\n")
        archive.writestr("../escaped.txt", "gotcha")
    url = file_server.put("ml-evil.zip", buffer.getvalue())
    with pytest.raises(DataError, match=r"unsafe path '../escaped.txt' in zip"):
        load_dataset(url, cache_dir=tmp_path / "cache" / "deep")
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not list((tmp_path / "cache").rglob("u.data"))


def test_not_a_zip(tmp_path: Path, file_server: FileServer) -> None:
    url = file_server.put("broken.zip", b"this is no zip")
    with pytest.raises(DataError, match=r"broken.zip: not a valid zip file"):
        load_dataset(url, cache_dir=tmp_path / "cache")


def test_http_errors_are_reported(tmp_path: Path, file_server: FileServer) -> None:
    with pytest.raises(MovierecError, match=r"download of .*/ml-1m.zip failed: HTTP 404"):
        load_dataset("ml-1m", cache_dir=tmp_path / "cache", grouplens_url=file_server.url)
    assert leftovers(tmp_path / "cache") == ["grouplens"]


def test_unreachable_server_is_reported(tmp_path: Path) -> None:
    from tests.fakes.ports import free_port

    base = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(MovierecError, match=r"download of .*/ml-1m.zip failed"):
        load_dataset("ml-1m", cache_dir=tmp_path / "cache", grouplens_url=base)


def test_the_official_table_only_has_verified_sums() -> None:
    """Values come from a published list; missing ones stay None rather than guessed."""
    for name, entry in OFFICIAL_ZIPS.items():
        assert name.startswith("ml-")
        if entry.sha256 is not None:
            assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256)
            assert entry.size is not None
            assert entry.size > 0
    assert set(OFFICIAL_ZIPS) == {
        "ml-latest-small",
        "ml-latest",
        "ml-25m",
        "ml-32m",
        "ml-1m",
        "ml-100k",
    }

"""s3:// sources against moto's S3 server on loopback (real HTTP, dummy credentials)."""

from __future__ import annotations

import uuid
from pathlib import Path

import boto3
import pytest

from movierec.data.s3 import STATE_FILE
from movierec.data.sources import fetch_source, load_dataset
from movierec.errors import DataError, MovierecError
from tests.data.layouts import RATINGS_CSV, write_csv, write_ml100k


def new_bucket(endpoint: str) -> tuple[object, str]:
    client = boto3.client("s3", endpoint_url=endpoint)
    bucket = f"movielens-{uuid.uuid4().hex[:10]}"
    client.create_bucket(Bucket=bucket)
    return client, bucket


def upload(client: object, bucket: str, prefix: str, directory: Path) -> None:
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            key = f"{prefix}/{path.relative_to(directory).as_posix()}".lstrip("/")
            client.put_object(Bucket=bucket, Key=key, Body=path.read_bytes())  # type: ignore[attr-defined]


def test_csv_layout_from_s3_and_resync(tmp_path: Path, s3_env: str) -> None:
    client, bucket = new_bucket(s3_env)
    upload(client, bucket, "datasets/ml-small", write_csv(tmp_path / "src"))
    client.put_object(Bucket=bucket, Key="datasets/ml-small/genome-scores.csv", Body=b"big")  # type: ignore[attr-defined]
    cache = tmp_path / "cache"

    dataset = load_dataset(f"s3://{bucket}/datasets/ml-small/", cache_dir=cache)
    assert (dataset.name, dataset.layout, dataset.n_ratings) == ("ml-small", "csv", 4)
    assert dataset.ratings.toarray().tolist() == [[4.0, 0, 0.5, 0], [3.5, 5.0, 0, 0]]
    local = cache / "s3" / bucket / "datasets" / "ml-small"
    assert sorted(p.name for p in local.iterdir()) == sorted(
        ["links.csv", "movies.csv", "ratings.csv", "tags.csv", STATE_FILE]
    )
    stamps = {p.name: p.stat().st_mtime_ns for p in local.iterdir()}

    assert fetch_source(f"s3://{bucket}/datasets/ml-small", cache_dir=cache) == local
    for name in ("links.csv", "movies.csv", "ratings.csv", "tags.csv"):
        assert (local / name).stat().st_mtime_ns == stamps[name]  # unchanged: not fetched again

    client.put_object(  # type: ignore[attr-defined]
        Bucket=bucket,
        Key="datasets/ml-small/ratings.csv",
        Body=(RATINGS_CSV + "3,10,1.5,7\n").encode(),
    )
    changed = load_dataset(f"s3://{bucket}/datasets/ml-small", cache_dir=cache)
    assert changed.n_ratings == 5
    assert changed.ratings[1, 3] == 1.5
    assert (local / "movies.csv").stat().st_mtime_ns == stamps["movies.csv"]


def test_layout_one_level_below_the_prefix(tmp_path: Path, s3_env: str) -> None:
    client, bucket = new_bucket(s3_env)
    upload(client, bucket, "", write_ml100k(tmp_path / "src" / "ml-100k").parent)
    dataset = load_dataset(f"s3://{bucket}", cache_dir=tmp_path / "cache")
    assert (dataset.name, dataset.layout, dataset.n_ratings) == ("ml-100k", "ml-100k", 3)


def test_no_layout_lists_what_was_found(tmp_path: Path, s3_env: str) -> None:
    client, bucket = new_bucket(s3_env)
    client.put_object(Bucket=bucket, Key="data/notes.md", Body=b"x")  # type: ignore[attr-defined]
    client.put_object(Bucket=bucket, Key="data/scores.parquet", Body=b"x")  # type: ignore[attr-defined]
    with pytest.raises(DataError) as caught:
        load_dataset(f"s3://{bucket}/data", cache_dir=tmp_path / "cache")
    message = str(caught.value)
    assert message.startswith(f"s3://{bucket}/data: no MovieLens layout found: looked for ")
    assert "movies.csv + ratings.csv + links.csv (csv)" in message
    assert message.endswith("found notes.md, scores.parquet")


def test_missing_required_file_on_s3(tmp_path: Path, s3_env: str) -> None:
    client, bucket = new_bucket(s3_env)
    upload(client, bucket, "d", write_csv(tmp_path / "src", links=None))
    with pytest.raises(DataError, match=rf"^s3://{bucket}/d/links.csv: missing required file"):
        load_dataset(f"s3://{bucket}/d", cache_dir=tmp_path / "cache")


def test_missing_bucket_is_one_clear_error(tmp_path: Path, s3_env: str) -> None:
    with pytest.raises(MovierecError, match=r"^s3://no-such-bucket-x1/d: .*NoSuchBucket"):
        load_dataset("s3://no-such-bucket-x1/d", cache_dir=tmp_path / "cache")


def test_bad_uri(tmp_path: Path) -> None:
    with pytest.raises(MovierecError, match=r"no bucket in 's3:///x'"):
        load_dataset("s3:///x", cache_dir=tmp_path)

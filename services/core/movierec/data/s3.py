"""Sync a MovieLens layout from ``s3://bucket/prefix`` into the cache (any S3-compatible store).

Only the layout's files are fetched; a file whose size and ETag match the last sync is kept,
and every download goes to a temp file that is renamed into place once complete.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from movierec.data.download import fsync_directory, progress_bar
from movierec.data.layouts import find_layout, looked_for, missing_files
from movierec.errors import DataError, MovierecError

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

#: Per-directory record of what each synced file was on S3 (ETag and size).
STATE_FILE = ".movierec-s3.json"


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str  # without leading or trailing "/"

    @classmethod
    def parse(cls, uri: str) -> S3Location:
        if not uri.startswith("s3://"):
            raise MovierecError(f"not an s3:// URI: {uri!r}")
        bucket, _, prefix = uri[len("s3://") :].partition("/")
        if not bucket:
            raise MovierecError(f"no bucket in {uri!r} (expected s3://bucket/prefix)")
        return cls(bucket, prefix.strip("/"))

    def key(self, relative: str) -> str:
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def uri(self, relative: str = "") -> str:
        return f"s3://{self.bucket}/{self.key(relative)}".rstrip("/")


def _client() -> S3Client:
    try:
        import boto3
    except ImportError:
        raise MovierecError("s3:// sources need boto3: pip install 'movierec[s3]'") from None
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    return boto3.client("s3", endpoint_url=endpoint or None)


def _list(client: S3Client, where: S3Location) -> dict[str, dict[str, Any]]:
    """Objects under the prefix by relative path (ETag, Size)."""
    start = f"{where.prefix}/" if where.prefix else ""
    found: dict[str, dict[str, Any]] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=where.bucket, Prefix=start):
        for obj in page.get("Contents", []):
            relative = obj["Key"][len(start) :]
            if relative and not relative.endswith("/"):
                found[relative] = {"ETag": obj.get("ETag", ""), "Size": obj.get("Size", 0)}
    return found


def _fetch(
    client: S3Client, where: S3Location, relative: str, dest: Path, size: int, progress: bool
) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out, progress_bar(progress, size, dest.name) as advance:
            client.download_fileobj(where.bucket, where.key(relative), out, Callback=advance)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, dest)
    finally:
        temp.unlink(missing_ok=True)


def _write_state(path: Path, state: dict[str, dict[str, Any]]) -> None:
    temp = path.with_name(f".{path.name}.part")
    temp.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    temp.replace(path)


def sync(uri: str, cache_dir: Path, *, progress: bool = False) -> Path:
    """Local directory (under ``cache_dir/s3``) holding the layout found under ``uri``."""
    where = S3Location.parse(uri)
    client = _client()
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return _sync(client, where, cache_dir, progress)
    except (BotoCoreError, ClientError) as exc:
        raise MovierecError(f"{where.uri()}: {exc}") from None


def _sync(client: S3Client, where: S3Location, cache_dir: Path, progress: bool) -> Path:
    objects = _list(client, where)
    found = find_layout(objects)
    if found is None:
        listing = ", ".join(sorted(objects)[:20]) or "nothing"
        raise DataError(
            where.uri(), f"no MovieLens layout found: looked for {looked_for()}; found {listing}"
        )
    layout, sub = found

    def rel(name: str) -> str:
        return f"{sub}/{name}" if sub else name

    names = [name for name in layout.files if rel(name) in objects]
    missing = missing_files(layout, names)
    if missing:
        raise DataError(
            where.uri(rel(missing[0])),
            f"missing required file (the {layout.name} layout needs {', '.join(layout.required)})",
        )
    parts = [p for p in (where.prefix, sub) if p]
    target = (
        cache_dir / "s3" / where.bucket / Path(*parts) if parts else cache_dir / "s3" / where.bucket
    )
    target.mkdir(parents=True, exist_ok=True)
    state_path = target / STATE_FILE
    state: dict[str, dict[str, Any]] = (
        json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    )
    for name in names:
        remote = objects[rel(name)]
        local = target / name
        fresh = (
            local.is_file()
            and local.stat().st_size == remote["Size"]
            and state.get(name, {}).get("ETag") == remote["ETag"]
        )
        if not fresh:
            _fetch(client, where, rel(name), local, int(remote["Size"]), progress)
            state[name] = remote
            _write_state(state_path, state)
    fsync_directory(target)
    return target

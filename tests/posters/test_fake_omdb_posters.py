"""The fake OMDb's self-served posters: what the web app's browser tests load offline."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.fakes.fake_omdb import FakeOmdb
from tests.fakes.ports import free_port


def test_poster_urls_point_at_the_fake_which_serves_the_image() -> None:
    with FakeOmdb(api_key="k", serve_posters=True) as fake:
        movie = httpx.get(f"{fake.url}/", params={"i": "tt0114709", "apikey": "k"}).json()
        assert movie["Poster"] == f"{fake.url}/posters/tt0114709.svg"
        image = httpx.get(movie["Poster"])
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/svg+xml"
        assert image.text.startswith("<svg")
        assert "Toy Story" in image.text
        assert httpx.get(f"{fake.url}/posters/nonsense.svg").status_code == 404


def test_posters_are_stable_per_id_and_differ_between_ids() -> None:
    with FakeOmdb(serve_posters=True) as fake:
        first = httpx.get(f"{fake.url}/posters/tt0133093.svg").text
        assert httpx.get(f"{fake.url}/posters/tt0133093.svg").text == first
        assert httpx.get(f"{fake.url}/posters/tt0114709.svg").text != first


def test_without_the_option_nothing_is_served_and_urls_keep_omdb_shape() -> None:
    with FakeOmdb(api_key="k") as fake:
        movie = httpx.get(f"{fake.url}/", params={"i": "tt0114709", "apikey": "k"}).json()
        assert movie["Poster"].startswith("https://m.media-amazon.com/")
        assert httpx.get(f"{fake.url}/posters/tt0114709.svg").status_code == 404


def _run_fake(tmp_path: Path, *args: str, **env: str) -> tuple[subprocess.Popen[bytes], str]:
    """The fake as `movierec up` runs it: its own process, the key never on its command line."""
    port = free_port()
    out = (tmp_path / f"fake-{port}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "movierec_posters.fake_omdb", "--port", str(port), *args],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={"PATH": os.environ["PATH"], **env},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/_fake/stats", timeout=1.0)
            return proc, url
        except httpx.TransportError:
            assert proc.poll() is None, (tmp_path / f"fake-{port}.log").read_text()
            assert time.monotonic() < deadline, "the fake OMDb did not start"
            time.sleep(0.05)


def _accepts(url: str, key: str) -> bool:
    answer = httpx.get(f"{url}/", params={"i": "tt0114709", "apikey": key})
    return answer.status_code == 200 and answer.json()["Response"] == "True"


def test_the_fake_reads_its_key_from_the_environment_or_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n")
    runs = [
        ((), {"OMDB_API_KEY": "from-env"}, "from-env"),
        (("--api-key-file", str(key_file)), {}, "from-a-file"),
        ((), {"OMDB_API_KEY_FILE": str(key_file)}, "from-a-file"),
        ((), {}, "demo"),
    ]
    for args, env, key in runs:
        proc, url = _run_fake(tmp_path, *args, **env)
        try:
            assert _accepts(url, key), (args, env)
            assert not _accepts(url, "wrong"), (args, env)
        finally:
            proc.terminate()
            proc.wait(timeout=10)

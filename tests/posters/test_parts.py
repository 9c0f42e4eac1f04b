"""The parts on their own: in-process cache, single-flight, settings, the fake's controls."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from movierec_posters.local_cache import TtlCache
from movierec_posters.settings import PostersSettings
from movierec_posters.singleflight import SingleFlight
from tests.fakes.clock import ManualClock
from tests.fakes.fake_omdb import FakeOmdb


def test_ttl_cache_expires_entries() -> None:
    clock = ManualClock()
    cache: TtlCache[str | None] = TtlCache(10, clock=clock)
    cache.set("hit", "http://poster", ttl_s=100)
    cache.set("miss", None, ttl_s=10)
    assert cache.get("hit") == (True, "http://poster")
    assert cache.get("miss") == (True, None)  # "no poster" is an answer, not an absence
    clock.now = 10
    assert cache.get("miss") == (False, None)
    assert cache.get("hit") == (True, "http://poster")
    clock.now = 100
    assert cache.get("hit") == (False, None)
    assert len(cache) == 0


def test_ttl_cache_evicts_least_recently_used() -> None:
    cache: TtlCache[int] = TtlCache(3)
    for i, key in enumerate("abc"):
        cache.set(key, i, ttl_s=60)
    assert cache.get("a") == (True, 0)  # "a" is now the most recent
    cache.set("d", 3, ttl_s=60)
    assert cache.get("b") == (False, None)
    assert [cache.get(k)[0] for k in "acd"] == [True, True, True]
    assert len(cache) == 3
    with pytest.raises(ValueError, match="max_entries"):
        TtlCache(0)


async def test_single_flight_shares_one_call() -> None:
    flights: SingleFlight[str] = SingleFlight()
    calls: list[str] = []
    release = asyncio.Event()

    async def fetch(key: str) -> str:
        calls.append(key)
        await release.wait()
        return key.upper()

    waiting = [asyncio.create_task(flights.do("a", lambda: fetch("a"))) for _ in range(10)]
    other = asyncio.create_task(flights.do("b", lambda: fetch("b")))
    await asyncio.sleep(0)
    assert len(flights) == 2
    release.set()
    assert await asyncio.gather(*waiting) == ["A"] * 10
    assert await other == "B"
    assert sorted(calls) == ["a", "b"]
    assert len(flights) == 0  # done flights are forgotten: the next call fetches again
    assert await flights.do("a", lambda: fetch("a")) == "A"
    assert calls.count("a") == 2


async def test_single_flight_survives_a_caller_giving_up() -> None:
    flights: SingleFlight[str] = SingleFlight()
    release = asyncio.Event()

    async def fetch() -> str:
        await release.wait()
        return "done"

    quitter = asyncio.create_task(flights.do("k", fetch))
    stayer = asyncio.create_task(flights.do("k", fetch))
    await asyncio.sleep(0)
    quitter.cancel()
    release.set()
    assert await stayer == "done"
    with pytest.raises(asyncio.CancelledError):
        await quitter


def test_settings_read_key_and_urls_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMDB_API_KEY", "env-key-1234")
    monkeypatch.setenv("OMDB_BASE_URL", "http://omdb.local")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/2")
    monkeypatch.setenv("MOVIEREC_POSTERS_HIT_TTL_S", "60")
    settings = PostersSettings()
    assert settings.omdb_api_key is not None
    assert settings.omdb_api_key.get_secret_value() == "env-key-1234"
    assert "env-key-1234" not in repr(settings)
    assert settings.omdb_base_url == "http://omdb.local"
    assert settings.redis_url == "redis://cache:6379/2"
    assert settings.hit_ttl_s == 60
    assert settings.miss_ttl_s == 24 * 3600


def test_settings_read_key_from_a_mounted_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OMDB_API_KEY", raising=False)
    secret = tmp_path / "omdb-key"
    secret.write_text("file-key-5678\n")
    monkeypatch.setenv("OMDB_API_KEY_FILE", str(secret))
    settings = PostersSettings()
    assert settings.omdb_api_key is not None
    assert settings.omdb_api_key.get_secret_value() == "file-key-5678"


def test_settings_name_an_unreadable_key_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OMDB_API_KEY", raising=False)
    monkeypatch.setenv("OMDB_API_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(ValidationError, match=r"OMDB_API_KEY_FILE .*absent: cannot read"):
        PostersSettings()


def test_settings_blank_values_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMDB_API_KEY", "")
    monkeypatch.setenv("REDIS_URL", "")
    monkeypatch.delenv("OMDB_API_KEY_FILE", raising=False)
    settings = PostersSettings()
    assert settings.omdb_api_key is None
    assert settings.redis_url is None


def test_fake_omdb_is_controllable_over_http(fake_omdb: FakeOmdb) -> None:
    key = fake_omdb.config.api_key
    with httpx.Client(base_url=fake_omdb.url) as client:
        config = client.post("/_fake/config", json={"no_poster": ["tt0000080"]})
        answer = client.get("/", params={"i": "tt0000080", "apikey": key}).json()
        unknown = client.post("/_fake/config", json={"colour": "red"})
        stats = client.get("/_fake/stats").json()
    assert config.json() == {"ok": True}
    assert answer["Poster"] == "N/A"
    assert answer["Response"] == "True"
    assert answer["imdbID"] == "tt0000080"
    assert unknown.status_code == 400
    assert stats == {"total": 1, "requests": {"tt0000080": 1}}


def test_fake_omdb_speaks_the_wire_format(fake_omdb: FakeOmdb) -> None:
    key = fake_omdb.config.api_key
    fake_omdb.configure(not_found={"tt0000081"})

    with httpx.Client(base_url=fake_omdb.url) as client:
        found = client.get("/", params={"i": "tt0114709", "apikey": key})
        unknown = client.get("/", params={"i": "tt0000081", "apikey": key})
        bad_key = client.get("/", params={"i": "tt0114709", "apikey": "nope"})
        no_key = client.get("/", params={"i": "tt0114709"})
        fake_omdb.configure(rate_limited=True)
        limited = client.get("/", params={"i": "tt0114709", "apikey": key})
    assert found.status_code == 200
    assert found.json()["Title"] == "Toy Story"
    assert found.json()["Response"] == "True"
    assert found.json()["Poster"].startswith("https://m.media-amazon.com/images/M/")
    assert (unknown.status_code, unknown.json()) == (
        200,
        {"Response": "False", "Error": "Movie not found!"},
    )
    assert (bad_key.status_code, bad_key.json()["Error"]) == (401, "Invalid API key!")
    assert (no_key.status_code, no_key.json()["Error"]) == (401, "No API key provided.")
    assert (limited.status_code, limited.json()["Error"]) == (401, "Request limit reached!")
    assert fake_omdb.requests_for("tt0114709") == 4

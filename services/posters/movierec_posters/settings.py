"""Posters settings: ``MOVIEREC_POSTERS_*``, plus the usual ``OMDB_*``/``REDIS_URL`` names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from movierec.http.settings import ServiceSettings

_PREFIX = "MOVIEREC_POSTERS_"
DAY = 24 * 3600


def _env(name: str) -> AliasChoices:
    """Accept ``MOVIEREC_POSTERS_<NAME>`` and the bare ``<NAME>`` other tools already use."""
    return AliasChoices(name.lower(), f"{_PREFIX}{name}", name)


class PostersSettings(ServiceSettings):
    """Where OMDb and Redis are, how long answers are cached, how hard OMDb is pushed.

    The OMDb key comes from ``OMDB_API_KEY`` or from a file named by ``OMDB_API_KEY_FILE`` (a
    mounted secret); it is a SecretStr, so it never shows up in a repr or a log.
    """

    model_config = SettingsConfigDict(env_prefix=_PREFIX)

    port: int = Field(8003, ge=0, le=65535, description="TCP port to listen on.")
    omdb_api_key: SecretStr | None = Field(
        None, validation_alias=_env("OMDB_API_KEY"), description="OMDb API key; none = no posters."
    )
    omdb_api_key_file: Path | None = Field(
        None,
        validation_alias=_env("OMDB_API_KEY_FILE"),
        description="File holding the OMDb key (used when OMDB_API_KEY is unset).",
    )
    omdb_base_url: str = Field(
        "https://www.omdbapi.com", validation_alias=_env("OMDB_BASE_URL"), description="OMDb API."
    )
    omdb_attempt_timeout_s: float = Field(1.5, gt=0, description="Timeout of one OMDb call.")
    omdb_timeout_s: float = Field(
        3.0, gt=0, description="Budget of one lookup: queueing, retries and backoff included."
    )
    omdb_retries: int = Field(2, ge=0, le=10, description="Retries after a timeout or 5xx.")
    omdb_backoff_s: float = Field(0.1, ge=0, description="First retry delay; doubles each time.")
    omdb_max_concurrency: int = Field(8, gt=0, description="OMDb calls in flight at most.")
    omdb_cooldown_s: float = Field(
        60.0, ge=0, description="Pause OMDb calls this long after a rate limit or a bad key."
    )
    redis_url: str | None = Field(
        "redis://127.0.0.1:6379/0",
        validation_alias=_env("REDIS_URL"),
        description="Redis for the shared cache; empty = in-process cache only.",
    )
    redis_timeout_s: float = Field(0.25, gt=0, description="Connect/read timeout towards Redis.")
    redis_retry_s: float = Field(5.0, ge=0, description="After a Redis failure, retry this late.")
    hit_ttl_s: int = Field(30 * DAY, gt=0, description="How long a found poster is cached.")
    miss_ttl_s: int = Field(DAY, gt=0, description="How long 'no poster' is cached.")
    local_cache_size: int = Field(50_000, gt=0, description="Entries of the in-process cache.")
    max_batch: int = Field(200, gt=0, description="Most ids one batch request may ask for.")

    @model_validator(mode="before")
    @classmethod
    def _key_from_file(cls, data: Any) -> Any:
        """Read the key from its file when no key is given; name the file, never the key."""
        if not isinstance(data, dict):
            return data
        names = ("omdb_api_key", f"{_PREFIX}OMDB_API_KEY", "OMDB_API_KEY")
        if any(data.get(name) for name in names):
            return data
        file_names = ("omdb_api_key_file", f"{_PREFIX}OMDB_API_KEY_FILE", "OMDB_API_KEY_FILE")
        path = next((data[name] for name in file_names if data.get(name)), None)
        if path is None:
            return data
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ValueError(f"OMDB_API_KEY_FILE {path}: cannot read ({exc.strerror})") from None
        return {**data, "omdb_api_key": key or None}

    @field_validator("omdb_api_key", "redis_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """An empty key or Redis URL (``OMDB_API_KEY=``) means 'not configured'."""
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        return None if isinstance(text, str) and not text.strip() else value

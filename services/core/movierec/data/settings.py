"""Where data comes from and where downloads go, read from MOVIEREC_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_GROUPLENS_URL = "https://files.grouplens.org/datasets/movielens"


def _default_cache_dir() -> Path:
    return Path("~/.cache/movierec").expanduser()


class DataSettings(BaseSettings):
    """``MOVIEREC_DATA_DIR`` (default source), ``MOVIEREC_CACHE_DIR``, ``MOVIEREC_GROUPLENS_URL``,
    ``MOVIEREC_PARSE_CACHE`` (keep parsed data sets; "0" turns it off) and
    ``MOVIEREC_PARSE_CACHE_DIR`` (where: default ``CACHE_DIR/parsed``; in a cluster, a
    directory on the models volume, which the prepare Job fills and the services read).

    Read when needed rather than at import, so a changed environment takes effect.
    """

    model_config = SettingsConfigDict(env_prefix="MOVIEREC_", extra="ignore")

    data_dir: str | None = None
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    grouplens_url: str = DEFAULT_GROUPLENS_URL
    parse_cache: bool = True
    parse_cache_dir: Path | None = None

"""Gateway settings: ``MOVIEREC_GATEWAY_*``, plus the shared ``MOVIEREC_DATA_DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from movierec.http.settings import BlankIsNone, DataServiceSettings, TextList

PREFIX = "MOVIEREC_GATEWAY_"


def _default_web_dir() -> Path | None:
    built = Path("web/dist")
    return built if (built / "index.html").is_file() else None


class GatewaySettings(DataServiceSettings):
    """Where the data and the backends are, how long to wait for them, what to serve at ``/``.

    Every backend call has its own timeout: a slow backend degrades the answer (the other
    algorithm, or popularity from the local catalogue) instead of holding the request.
    """

    model_config = SettingsConfigDict(env_prefix=PREFIX)

    port: int = Field(8000, ge=0, le=65535, description="TCP port to listen on.")
    collab_url: str = Field("http://127.0.0.1:8001", description="Base URL of the collab service.")
    kmeans_url: str = Field("http://127.0.0.1:8002", description="Base URL of the kmeans service.")
    posters_url: str = Field(
        "http://127.0.0.1:8003", description="Base URL of the posters service."
    )
    backend_timeout_s: float = Field(
        2.0, gt=0, description="Timeout of one call to collab or kmeans."
    )
    posters_timeout_s: float = Field(2.0, gt=0, description="Timeout of one posters call.")
    connect_timeout_s: float = Field(0.5, gt=0, description="Timeout to open a connection.")
    probe_timeout_s: float = Field(1.0, gt=0, description="Timeout of a backend /readyz call.")
    max_connections: int = Field(100, gt=0, description="Pooled connections per backend.")
    posters_max_batch: int = Field(200, gt=0, description="Ids per posters batch call at most.")
    posters_cache_ttl_s: float = Field(
        300.0,
        ge=0,
        description="How long the gateway keeps a poster URL it was given before asking the "
        "posters service again; 0 = always ask.",
    )
    posters_cache_size: int = Field(
        50_000, ge=0, description="Poster URLs the gateway keeps at most (oldest go first)."
    )
    onboarding_pool: int = Field(
        300, gt=0, description="How many of the best-known movies onboarding picks come from."
    )
    legacy_count: int = Field(
        10, gt=0, le=100, description="Recommendations the legacy /getrecom returns."
    )
    legacy_collab_count: int = Field(
        4,
        gt=0,
        le=100,
        description="Recommendations the legacy /getrecomcollab returns: 4, as the original "
        "backend did (its page shows one row of 4).",
    )
    legacy_recent: bool = Field(
        False,
        description="Legacy /getrecom and /getrecomcollab apply the original system's recency "
        "rule: movies from 2000 on; from 1990 on when fewer than the count qualify; no year "
        "filter when even those are too few (the count is always met if the catalogue can).",
    )
    web_dir: Annotated[Path | None, BlankIsNone] = Field(
        default_factory=_default_web_dir,
        description="Built web app served at / (SPA fallback to index.html); default web/dist "
        "when it exists; empty (``MOVIEREC_GATEWAY_WEB_DIR=``) or missing = no web app.",
    )
    image_sources: TextList = Field(
        default_factory=lambda: ["https:"],
        description="Where the web app may load images (posters) from besides the gateway, as "
        "Content-Security-Policy sources, comma-separated: https: for OMDb's poster hosts; add "
        "e.g. http://127.0.0.1:8099 for a local fake OMDb.",
    )
    cors_allow_credentials: bool = Field(
        True,
        description="Let the listed CORS origins send cookies (never with the '*' origin).",
    )

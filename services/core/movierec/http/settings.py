"""Settings every service shares, read from the environment.

One naming scheme: a service's own settings carry its prefix (``MOVIEREC_GATEWAY_PORT``,
``MOVIEREC_COLLAB_THREADS``, ...); what several parts share has one project-wide name and no
service prefix (``MOVIEREC_DATA_DIR``, ``MOVIEREC_MODEL_DIR``, ``MOVIEREC_GC_FREEZE``), so one
variable configures every part the same way. The posters service also reads the public
names other tools use for its own settings (``OMDB_API_KEY``, ``REDIS_URL``, ...).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


def _list_of(value: Any) -> Any:
    """One variable's text as a list: comma-separated, or a JSON list."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


def _none_if_blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


#: A list setting read from one variable: ``a, b`` or ``["a", "b"]``.
TextList = Annotated[list[str], NoDecode, BeforeValidator(_list_of)]
#: An optional setting that ``NAME=`` unsets, rather than naming the empty path or source.
BlankIsNone = BeforeValidator(_none_if_blank)


class ServiceSettings(BaseSettings):
    """Host, port, logging, CORS and the body's size and time limits.

    Subclasses set their own ``env_prefix`` (``MOVIEREC_POSTERS_``, ...), so two services on
    one machine can be configured side by side.
    """

    model_config = SettingsConfigDict(
        env_prefix="MOVIEREC_", extra="ignore", populate_by_name=True, frozen=True
    )

    host: str = Field("127.0.0.1", description="Interface to listen on (0.0.0.0 in containers).")
    port: int = Field(8000, ge=0, le=65535, description="TCP port to listen on.")
    log_level: LogLevel = Field("INFO", description="Lowest level written to the JSON log.")
    cors_origins: TextList = Field(
        default_factory=list,
        description="Origins allowed by CORS: comma-separated or a JSON list; empty = no CORS.",
    )
    max_body_bytes: int = Field(1 << 20, gt=0, description="Larger request bodies get 413.")
    body_timeout_s: float = Field(
        10.0,
        gt=0,
        description="Time a request body may take to arrive once reading starts; a client "
        "that declares a length and stalls gets 408 and its connection closed.",
    )
    keep_alive_s: int = Field(
        75,
        gt=0,
        description="How long an idle client connection stays open. Longer than the clients' "
        "own idle limits (httpx 5 s, Node 4 s, a cloud load balancer 60 s), so the client "
        "always closes first and never sends a request on a connection being closed.",
    )
    readiness_timeout_s: float = Field(2.0, gt=0, description="Time budget of /readyz checks.")
    gc_freeze: bool = Field(
        True,
        validation_alias="MOVIEREC_GC_FREEZE",
        description="Once the data and models are loaded, hide them from the cycle collector "
        "(gc.freeze): full collections then take microseconds instead of tens of ms.",
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class DataServiceSettings(ServiceSettings):
    """A service that answers from the data set (the gateway, collab, kmeans): where it is,
    and how the service keeps trying to load it and to stay current.

    The data set has no default: every launcher names it (``make`` and ``movierec up`` from
    ``MOVIEREC_DATA_DIR`` or ``--data``, the image ``/data``, the charts the mounted volume),
    and a service that was not told stays up, not ready, and says what to set, rather than
    fetching some data set of its own that the other services would not be serving.
    """

    data_dir: Annotated[str | None, BlankIsNone] = Field(
        None,
        validation_alias="MOVIEREC_DATA_DIR",
        description="Data set source: a directory, s3://bucket/prefix, a zip URL or an official "
        "name (as `movierec data fetch` takes it); unset = not ready until it is set.",
    )
    retry_max_s: float = Field(
        30.0,
        gt=0,
        description="Longest wait between attempts to load the data set (and, for a model "
        "service, its default model) while that fails (the first wait is 1 s, doubling).",
    )
    reload_interval_s: float = Field(
        30.0,
        ge=0,
        description="How often to look for changed data files (and, for a model service, a "
        "newer artifact of each loaded model), loaded and swapped in without a failed "
        "request; 0 = never.",
    )

"""K-Means settings: ``MOVIEREC_KMEANS_*`` plus the shared ``MOVIEREC_DATA_DIR``/``MODEL_DIR``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from pydantic_settings import NoDecode, SettingsConfigDict

from movierec.serving.settings import BackendSettings

PREFIX = "MOVIEREC_KMEANS_"


class KMeansSettings(BackendSettings):
    """One model family, one model: ``kmeans``."""

    model_config = SettingsConfigDict(env_prefix=PREFIX)

    port: int = Field(8002, ge=0, le=65535, description="TCP port to listen on.")
    default_model: str = Field("kmeans", description="Model used when a request names none.")
    models: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["kmeans"],
        description="Models this service offers (comma-separated); others get 422.",
    )

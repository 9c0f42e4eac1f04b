"""K-Means settings: ``MOVIEREC_KMEANS_*`` plus the shared ``MOVIEREC_DATA_DIR``/``MODEL_DIR``."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from movierec.model_catalogue import Family
from movierec.serving.settings import BackendSettings

PREFIX = "MOVIEREC_KMEANS_"


class KMeansSettings(BackendSettings):
    """The kmeans family of the model catalogue."""

    model_config = SettingsConfigDict(env_prefix=PREFIX)
    family: ClassVar[Family] = "kmeans"

    port: int = Field(8002, ge=0, le=65535, description="TCP port to listen on.")

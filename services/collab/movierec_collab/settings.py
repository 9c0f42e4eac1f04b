"""Collab settings: ``MOVIEREC_COLLAB_*`` plus the shared ``MOVIEREC_DATA_DIR``/``MODEL_DIR``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from pydantic_settings import NoDecode, SettingsConfigDict

from movierec.serving.settings import BackendSettings

PREFIX = "MOVIEREC_COLLAB_"

#: Every collaborative-filtering model, the default first.
COLLAB_MODELS = ["ease", "als", "itemknn", "userpearson"]


class CollabSettings(BackendSettings):
    """EASE by default (best quality up to ~20k movies); ALS for larger catalogues."""

    model_config = SettingsConfigDict(env_prefix=PREFIX)

    port: int = Field(8001, ge=0, le=65535, description="TCP port to listen on.")
    default_model: str = Field("ease", description="Model used when a request names none.")
    models: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(COLLAB_MODELS),
        description="Models this service offers (comma-separated); others get 422.",
    )

"""Collab settings: ``MOVIEREC_COLLAB_*`` plus the shared ``MOVIEREC_DATA_DIR``/``MODEL_DIR``."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from movierec.model_catalogue import Family
from movierec.serving.settings import BackendSettings

PREFIX = "MOVIEREC_COLLAB_"


class CollabSettings(BackendSettings):
    """The collab family of the model catalogue: its default unless told otherwise."""

    model_config = SettingsConfigDict(env_prefix=PREFIX)
    family: ClassVar[Family] = "collab"

    port: int = Field(8001, ge=0, le=65535, description="TCP port to listen on.")

"""Settings of a model service: where data and artifacts are, which models, how many threads.

``MOVIEREC_DATA_DIR`` and ``MOVIEREC_MODEL_DIR`` are shared by every service and the CLI (one
data set, one artifact directory); the rest carry the service's own prefix
(``MOVIEREC_COLLAB_DEFAULT_MODEL``, ``MOVIEREC_KMEANS_THREADS``, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import Field, model_validator

from movierec.http.settings import BlankIsNone, DataServiceSettings, TextList
from movierec.model_catalogue import Family, check_names, default_model, names


class BackendSettings(DataServiceSettings):
    """Shared by collab and kmeans; each subclass sets its family, prefix, port and models."""

    #: The model family the service serves; its models come from the model catalogue.
    family: ClassVar[Family]

    model_dir: Annotated[Path | None, BlankIsNone] = Field(
        Path("artifacts"),
        validation_alias="MOVIEREC_MODEL_DIR",
        description="Artifact directory: newest matching artifact is loaded, else one is "
        "trained and saved here; empty = train in memory, save nothing.",
    )
    default_model: str = Field(
        "", description="Model used when a request names none [default: the family's]."
    )
    models: TextList = Field(
        default_factory=list,
        description="Models this service offers (comma-separated); others get 422 "
        "[default: every model of the family in the model catalogue].",
    )
    warm_up: bool = Field(
        True,
        description="Once the default model is ready, load (or train) the other models in the "
        "background instead of on their first request.",
    )
    threads: int = Field(
        1,
        ge=1,
        le=256,
        description="BLAS/OpenMP threads of the process (1: best for many "
        "parallel single-user requests).",
    )
    inline_compute_ms: float = Field(
        1.0,
        ge=0,
        description="A model whose typical request (twenty ratings, timed once as it loads) "
        "takes less CPU time than this computes on the event loop, which is cheaper than a "
        "thread hand-off; 0 = always in a worker thread.",
    )
    inline_max_ratings: int = Field(
        200, ge=0, description="Requests with more ratings always compute in a worker thread."
    )
    seed: int = Field(42, description="Random seed of models trained at start.")

    @model_validator(mode="before")
    @classmethod
    def _family_defaults(cls, data: Any) -> Any:
        """Unset or blank: the family's default model and all its models, from the catalogue."""
        if not isinstance(data, dict):
            return data
        filled = dict(data)
        if not str(filled.get("default_model") or "").strip():
            filled["default_model"] = default_model(cls.family)
        if "models" not in filled:
            filled["models"] = names(cls.family)
        return filled

    @model_validator(mode="after")
    def _known_models(self) -> BackendSettings:
        check_names(self.models, self.family)
        if not self.models:
            raise ValueError("models: name at least one model")
        if self.default_model not in self.models:
            raise ValueError(
                f"default_model {self.default_model!r} is not one of models "
                f"({', '.join(self.models)})"
            )
        return self

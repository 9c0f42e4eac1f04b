"""JSON bodies as every service writes them: one camelCase base model, one way to answer.

Each service used to carry its own copy of both; one copy keeps the wire conventions (and
the speed trick of :func:`json_response`) the same everywhere.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields rejected (a typo must not
    pass unnoticed). A model whose schema should stay open sets ``extra`` itself."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


def json_response(body: Any) -> Response:
    """``body`` as JSON, encoded once: a model by its camelCase aliases, anything else (dicts
    and lists already in the documented camelCase shape) with orjson.

    Routes return this instead of the model: FastAPI would otherwise validate our own output a
    second time before serialising it, which on the hot paths costs more than the answer
    itself. The route still declares ``response_model``, so the documented schema is unchanged.
    """
    if isinstance(body, BaseModel):
        return Response(body.model_dump_json(by_alias=True), media_type="application/json")
    return Response(orjson.dumps(body), media_type="application/json")

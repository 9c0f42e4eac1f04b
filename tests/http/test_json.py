"""The one camelCase base model and the one JSON answer every service uses."""

from __future__ import annotations

import json

import pytest
from pydantic import ConfigDict, ValidationError

from movierec.http import CamelModel, json_response


class _Poster(CamelModel):
    imdb_id: str
    url: str | None


class _OpenPoster(_Poster):
    model_config = ConfigDict(extra="ignore")


def test_camel_on_the_wire_snake_in_python() -> None:
    assert _Poster(imdb_id="tt1", url=None).model_dump(by_alias=True) == {
        "imdbId": "tt1",
        "url": None,
    }
    assert _Poster.model_validate({"imdbId": "tt1", "url": "u"}).imdb_id == "tt1"


def test_unknown_fields_are_refused_unless_a_model_opens_its_schema() -> None:
    with pytest.raises(ValidationError, match="imdbID"):
        _Poster.model_validate({"imdbID": "tt1", "url": None, "imdbId": "tt1"})
    assert _Poster.model_json_schema()["additionalProperties"] is False
    assert "additionalProperties" not in _OpenPoster.model_json_schema()


def test_json_response_of_a_model_uses_the_aliases() -> None:
    response = json_response(_Poster(imdb_id="tt1", url="https://p/1.jpg"))
    assert response.media_type == "application/json"
    assert json.loads(bytes(response.body)) == {"imdbId": "tt1", "url": "https://p/1.jpg"}


def test_json_response_of_plain_objects_keeps_them_as_they_are() -> None:
    body = {"posters": [{"imdbId": "tt1", "url": None, "score": 0.5}]}
    response = json_response(body)
    assert response.media_type == "application/json"
    assert json.loads(bytes(response.body)) == body

"""ServiceSettings from the environment, and the log redaction the services rely on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from movierec.http import ServiceSettings, redact, register_secret


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOVIEREC_PORT", "9001")
    monkeypatch.setenv("MOVIEREC_LOG_LEVEL", "debug")
    monkeypatch.setenv("MOVIEREC_CORS_ORIGINS", "http://a.example, http://b.example")
    monkeypatch.setenv("MOVIEREC_MAX_BODY_BYTES", "2048")
    settings = ServiceSettings()
    assert settings.port == 9001
    assert settings.log_level == "DEBUG"
    assert settings.cors_origins == ["http://a.example", "http://b.example"]
    assert settings.max_body_bytes == 2048


def test_settings_accept_a_json_list_of_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOVIEREC_CORS_ORIGINS", '["http://a.example"]')
    assert ServiceSettings().cors_origins == ["http://a.example"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("MOVIEREC_PORT", "http"), ("MOVIEREC_LOG_LEVEL", "loud"), ("MOVIEREC_MAX_BODY_BYTES", "0")],
)
def test_bad_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as info:
        ServiceSettings()
    field = name.removeprefix("MOVIEREC_").lower()
    assert field in str(info.value)


def test_redact_masks_credentials() -> None:
    register_secret("k3y-value-0042")
    text = redact(
        "GET https://omdb/?i=tt1&apikey=abc123 with k3y-value-0042 to redis://u:pw@h:6379/0"
    )
    assert text == "GET https://omdb/?i=tt1&apikey=*** with *** to redis://u:***@h:6379/0"
    assert redact("plain text, nothing = secret here") == "plain text, nothing = secret here"

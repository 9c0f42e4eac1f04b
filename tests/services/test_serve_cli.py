"""``movierec serve``: usage errors (the happy path runs in test_lifecycle's restart)."""

from __future__ import annotations

from typer.testing import CliRunner

from movierec.cli.main import build_app

app = build_app()  # the whole CLI, as `movierec` runs it


def test_unknown_service_is_a_usage_error_listing_the_services() -> None:
    result = CliRunner().invoke(app, ["serve", "nope"])
    assert result.exit_code == 2
    for name in ("gateway", "collab", "kmeans", "posters"):
        assert name in result.output


def test_port_must_be_a_number() -> None:
    result = CliRunner().invoke(app, ["serve", "collab", "--port", "http"])
    assert result.exit_code == 2
    assert "--port" in result.output

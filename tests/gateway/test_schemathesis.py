"""Property-based requests from the gateway's own OpenAPI document: no server error, ever.

Every operation gets a bounded number of generated requests against the real gateway in
front of the real backends, each checked by schemathesis (no 5xx, status codes, content
types, headers and bodies as documented), so the run stays well under a minute.

One check is left out: "schema-valid data is accepted". JSON Schema cannot say "a multiple
of 0.5 between 0.5 and 5.0" for ratings in a way generators honour, and it counts ``4.0`` as
an integer while the API's ids are strict (``4.0`` is not a movie id): such requests get a
documented 422, which is the behaviour we want.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.result import Ok

from tests.gateway.conftest import Gateway

EXAMPLES_PER_OPERATION = 25


#: Invalid input must get one of these: 400 (not JSON text), 404 (no such movie), 413 (body
#: over the limit: generated lists past maxItems easily are), 422 (invalid).
REJECTIONS = ["400", "404", "405", "413", "422"]


@pytest.fixture(scope="module")
def api_schema(gateway: Gateway) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}}
    )
    return schemathesis.openapi.from_url(f"{gateway.url}/openapi.json", config=config)


def _operations(schema: schemathesis.BaseSchema) -> list[Any]:
    operations: list[Any] = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the document itself is valid
        operations.append(result.ok())
    return operations


def test_the_schema_covers_the_public_api(api_schema: schemathesis.BaseSchema) -> None:
    labels = {f"{op.method.upper()} {op.path}" for op in _operations(api_schema)}
    assert labels == set(WITH_INPUT + WITHOUT_INPUT)


WITH_INPUT = [
    "GET /api/v1/movies/onboarding",
    "GET /api/v1/movies/search",
    "GET /api/v1/movies/{movieId}",
    "POST /api/v1/recommendations",
    "GET /getrandom",
    "POST /getrecomcollab",
    "POST /getrecom",
]
WITHOUT_INPUT = ["GET /healthz", "GET /readyz", "GET /metrics"]


@pytest.mark.parametrize(
    ("label", "mode"),
    [
        *((label, GenerationMode.POSITIVE) for label in WITH_INPUT + WITHOUT_INPUT),
        # Only what takes input can be given invalid input.
        *((label, GenerationMode.NEGATIVE) for label in WITH_INPUT),
    ],
)
def test_no_server_errors(
    api_schema: schemathesis.BaseSchema, label: str, mode: GenerationMode
) -> None:
    """Valid requests (positive) and invalid ones (negative: each must get a 4xx)."""
    (operation,) = [
        op for op in _operations(api_schema) if f"{op.method.upper()} {op.path}" == label
    ]

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    run()

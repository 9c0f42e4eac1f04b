"""Property-based requests from the gateway's own OpenAPI document: schemathesis' default
checks, all of them, over every operation of the public API, the legacy routes and the probes.

Every operation gets a bounded number of generated requests against the real gateway in
front of the real backends (so the run stays well under a minute), valid ones (positive) and,
for operations that take input, invalid ones (negative). Each answer goes through every
built-in check schemathesis enables by default: no 5xx, status codes, content types, headers
and bodies as documented, invalid input rejected with a 4xx, valid input accepted, plus its
checks that send extra requests (an unsupported method must get 405 with an Allow header, a
missing required header a 4xx). ``test_every_default_check_is_on`` keeps it that way.

No check is excluded. Two generated values are adapted, in positive cases only. Genres come
from the data set being served, which the schema cannot list (it is generated without any
data, and MovieLens layouts name genres differently), so the schema says "a string" while
the gateway answers 422 ``unknown_genre`` for a name its catalogue lacks, which is the
behaviour we want. Positive cases therefore draw each genre from the served catalogue's
genres (picked by the generated string's hash). And ``yearFrom`` must not be after
``yearTo``, a rule between two fields that JSON Schema cannot state: positive cases get
the two bounds in order. positive_data_acceptance still checks every other field. Negative
cases are sent as generated.
"""

from __future__ import annotations

import zlib
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.result import Ok

from movierec_gateway.app import create_app
from movierec_gateway.settings import GatewaySettings
from tests.gateway.conftest import Gateway

EXAMPLES_PER_OPERATION = 25


#: Invalid input must get one of these: 400 (not JSON text), 404 (no such movie), 405 (wrong
#: method), 413 (body over the limit: generated lists past maxItems easily are), 422 (invalid).
REJECTIONS = ["400", "404", "405", "413", "422"]


@pytest.fixture(scope="module")
def api_schema(gateway: Gateway) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}}
    )
    return schemathesis.openapi.from_url(f"{gateway.url}/openapi.json", config=config)


@pytest.fixture(scope="module")
def known_genres(gateway: Gateway) -> list[str]:
    """The served catalogue's genres, as the gateway lists them for an unknown one."""
    answer = gateway.post("/api/v1/recommendations", json={"genres": ["?"]})
    assert answer.status_code == 422
    known: list[str] = answer.json()["error"]["details"][0]["known"]
    assert known
    return known


def _operations(schema: schemathesis.BaseSchema) -> list[Any]:
    operations: list[Any] = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the document itself is valid
        operations.append(result.ok())
    return operations


def test_the_schema_covers_the_public_api(api_schema: schemathesis.BaseSchema) -> None:
    labels = {f"{op.method.upper()} {op.path}" for op in _operations(api_schema)}
    assert labels == set(WITH_INPUT + WITHOUT_INPUT)


def test_every_default_check_is_on(api_schema: schemathesis.BaseSchema) -> None:
    """call_and_validate() runs the checks the config enables; none may be switched off."""
    load_all_checks()
    names = [c.__name__ for c in CHECKS.get_all() if callable(c) and hasattr(c, "__name__")]
    assert {"not_a_server_error", "positive_data_acceptance", "negative_data_rejection"} <= set(
        names
    )
    for operation in _operations(api_schema):
        config = api_schema.config.checks_config_for(operation=operation, phase=None)
        off = [name for name in names if not config.get_by_name(name=name).enabled]
        assert not off, (operation.path, off)


def _labels_by_input() -> tuple[list[str], list[str]]:
    """Every operation of the gateway's OpenAPI document, as ``METHOD /path``, split by
    whether it takes input: a new route is fuzzed without being listed here."""
    spec = create_app(GatewaySettings()).openapi()
    split: tuple[list[str], list[str]] = ([], [])
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
            split[0 if takes_input else 1].append(f"{method.upper()} {path}")
    return split


WITH_INPUT, WITHOUT_INPUT = _labels_by_input()


def _served_genres(case: Any, known: list[str]) -> None:
    """Positive cases only: each generated genre becomes one the catalogue has."""
    if isinstance(case.body, dict) and isinstance(case.body.get("genres"), list):
        case.body["genres"] = [
            known[zlib.crc32(str(g).encode("utf-8", "surrogatepass")) % len(known)]
            for g in case.body["genres"]
        ]


def _ordered_years(case: Any) -> None:
    """Positive cases only: yearFrom and yearTo in order (the schema bounds each alone)."""
    if isinstance(case.body, dict):
        start, end = case.body.get("yearFrom"), case.body.get("yearTo")
        if isinstance(start, int | float) and isinstance(end, int | float) and start > end:
            case.body["yearFrom"], case.body["yearTo"] = end, start


@pytest.mark.parametrize(
    ("label", "mode"),
    [
        *((label, GenerationMode.POSITIVE) for label in WITH_INPUT + WITHOUT_INPUT),
        # Only what takes input can be given invalid input.
        *((label, GenerationMode.NEGATIVE) for label in WITH_INPUT),
    ],
)
def test_no_check_fails(
    api_schema: schemathesis.BaseSchema, known_genres: list[str], label: str, mode: GenerationMode
) -> None:
    """Valid requests (positive) and invalid ones (negative), every default check."""
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
        if mode is GenerationMode.POSITIVE:
            _served_genres(case, known_genres)
            _ordered_years(case)
        case.call_and_validate()

    run()

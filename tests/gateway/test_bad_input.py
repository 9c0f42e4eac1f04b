"""Bad input of every kind: the right status, the shared error shape naming what is wrong,
never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fakes.raw_http import connect, read_response
from tests.gateway.conftest import Gateway, StartGateway

OK_RATING = {"movieId": 10, "rating": 4.5}


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert response.headers["x-request-id"]
    error: dict[str, Any] = body["error"]
    return error


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ratings": [OK_RATING, {"movieId": 20, "rating": 5.5}]}, "body.ratings.1.rating"),
        ({"ratings": [{"movieId": 20, "rating": 0.0}]}, "body.ratings.0.rating"),
        ({"ratings": [{"movieId": 20, "rating": -1}]}, "body.ratings.0.rating"),
        (
            {"ratings": [OK_RATING, OK_RATING, {"movieId": 20, "rating": 4.3}]},
            "body.ratings.2.rating",
        ),
        ({"ratings": [{"movieId": 20, "rating": "4.5"}]}, "body.ratings.0.rating"),
        ({"ratings": [{"movieId": 20, "rating": True}]}, "body.ratings.0.rating"),
        ({"ratings": [{"movieId": 20, "rating": None}]}, "body.ratings.0.rating"),
        ({"ratings": [{"movieId": 20}]}, "body.ratings.0.rating"),
        ({"ratings": [{"movieId": "20", "rating": 4.0}]}, "body.ratings.0.movieId"),
        ({"ratings": [{"movieId": 20.5, "rating": 4.0}]}, "body.ratings.0.movieId"),
        ({"ratings": [{"movieId": 0, "rating": 4.0}]}, "body.ratings.0.movieId"),
        ({"ratings": [{"movieId": -5, "rating": 4.0}]}, "body.ratings.0.movieId"),
        ({"ratings": [{"movieId": 2**70, "rating": 4.0}]}, "body.ratings.0.movieId"),
        ({"ratings": [{"movieId": 20, "rating": 4.0, "comment": "meh"}]}, "body.ratings.0.comment"),
        ({"ratings": [7]}, "body.ratings.0"),
        ({"ratings": "all of them"}, "body.ratings"),
        ({"ratings": [OK_RATING] * 10_000}, "body.ratings"),
        ({"ratings": [], "algorithm": "svd"}, "body.algorithm"),
        ({"ratings": [], "model": "svd"}, "body.model"),
        ({"ratings": [], "limit": 0}, "body.limit"),
        ({"ratings": [], "limit": 101}, "body.limit"),
        ({"ratings": [], "limit": "ten"}, "body.limit"),
        ({"ratings": [], "genres": "Comedy"}, "body.genres"),
        ({"ratings": [], "genres": [""]}, "body.genres.0"),
        ({"ratings": [], "exclude": [0]}, "body.exclude.0"),
        ({"ratings": [], "exclude": ["x"]}, "body.exclude.0"),
        # Strict, not coerced: a boolean is not a movie id, a string not a number.
        ({"ratings": [], "exclude": [True]}, "body.exclude.0"),
        ({"ratings": [], "exclude": ["10"]}, "body.exclude.0"),
        ({"ratings": [], "limit": "5"}, "body.limit"),
        ({"ratings": [], "limit": True}, "body.limit"),
        ({"ratings": [], "limit": 5.5}, "body.limit"),
        ({"ratings": [], "genres": [7]}, "body.genres.0"),
        # Ids a JavaScript number cannot hold exactly are refused.
        ({"ratings": [], "exclude": [2**53]}, "body.exclude.0"),
        ({"ratingz": [OK_RATING]}, "body.ratingz"),
        # Year bounds: integers in 1800..2200, and not a reversed range.
        ({"ratings": [], "yearFrom": 2000, "yearTo": 1990}, "body.yearTo"),
        ({"ratings": [], "yearFrom": "1990"}, "body.yearFrom"),
        ({"ratings": [], "yearFrom": 1990.5}, "body.yearFrom"),
        ({"ratings": [], "yearTo": True}, "body.yearTo"),
        ({"ratings": [], "yearFrom": 1799}, "body.yearFrom"),
        ({"ratings": [], "yearTo": 2201}, "body.yearTo"),
    ],
)
def test_invalid_recommendation_requests_are_422_naming_the_entry(
    gateway: Gateway, body: dict[str, Any], field: str
) -> None:
    error = _error(gateway.post("/api/v1/recommendations", json=body), 422)
    assert error["code"] == "validation_error"
    assert field in {d["field"] for d in error["details"]}
    assert field in error["message"]


def test_an_integral_number_is_an_integer(gateway: Gateway) -> None:
    """JSON has one number type: 3.0 is 3 (JSON Schema agrees), unlike "3" or true."""
    body = {"ratings": [{"movieId": 10.0, "rating": 5}], "limit": 3.0, "exclude": [20.0]}
    response = gateway.post("/api/v1/recommendations", json=body)
    assert response.status_code == 200, response.text
    items = [item["movieId"] for item in response.json()["items"]]
    assert len(items) == 3
    assert 10 not in items
    assert 20 not in items


def test_a_reversed_year_range_says_both_bounds(gateway: Gateway) -> None:
    body = {"ratings": [OK_RATING], "yearFrom": 2005, "yearTo": 1995}
    detail = _error(gateway.post("/api/v1/recommendations", json=body), 422)["details"][0]
    assert detail["field"] == "body.yearTo"
    assert "yearFrom (2005) is after yearTo (1995)" in detail["message"]
    # One year is a range too, and 2005.0 is the integer 2005.
    same = {"ratings": [OK_RATING], "yearFrom": 1995.0, "yearTo": 1995, "limit": 1}
    assert gateway.post("/api/v1/recommendations", json=same).status_code == 200


def test_the_schema_states_the_year_bounds(gateway: Gateway) -> None:
    schemas = gateway.get("/openapi.json").json()["components"]["schemas"]
    fields = schemas["RecommendationRequest"]["properties"]
    for name in ("yearFrom", "yearTo"):
        integer = next(t for t in fields[name]["anyOf"] if t.get("type") == "integer")
        assert (integer["minimum"], integer["maximum"]) == (1800, 2200)


def test_off_grid_rating_message_says_the_scale(gateway: Gateway) -> None:
    response = gateway.post(
        "/api/v1/recommendations", json={"ratings": [{"movieId": 10, "rating": 4.3}]}
    )
    detail = _error(response, 422)["details"][0]
    assert detail["message"].endswith("rating must be 0.5 to 5.0 in steps of 0.5, got 4.3")


def test_the_schema_states_the_half_star_grid(gateway: Gateway) -> None:
    """Generated clients and fuzzers read the rating's scale from the OpenAPI document."""
    schemas = gateway.get("/openapi.json").json()["components"]["schemas"]
    rating = schemas["RatingIn"]["properties"]["rating"]
    assert (rating["minimum"], rating["maximum"], rating["multipleOf"]) == (0.5, 5.0, 0.5)


def test_too_many_ratings_says_the_limit(gateway: Gateway) -> None:
    response = gateway.post("/api/v1/recommendations", json={"ratings": [OK_RATING] * 5001})
    details = _error(response, 422)["details"]
    assert len(details) == 1
    assert "5000" in details[0]["message"]
    # Exactly the limit is fine.
    ok = gateway.post("/api/v1/recommendations", json={"ratings": [OK_RATING] * 5000})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b'{"ratings": [', "application/json"),
        (b"not json at all", "application/json"),
        (b'{"ratings": [{"movieId": 10, "rating": NaN}]}', "application/json"),
        (b'{"ratings": [{"movieId": 10, "rating": Infinity}]}', "application/json"),
        (b"[]", "application/json"),
        (b'"ratings"', "application/json"),
        (b"", "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (json.dumps({"ratings": [OK_RATING]}).encode(), "text/plain"),
    ],
)
def test_malformed_bodies_are_422(gateway: Gateway, raw: bytes, content_type: str) -> None:
    response = gateway.post(
        "/api/v1/recommendations", content=raw, headers={"Content-Type": content_type}
    )
    assert _error(response, 422)["code"] == "validation_error"


def test_a_body_that_is_not_text_is_400(gateway: Gateway) -> None:
    for path in ("/api/v1/recommendations", "/getrecomcollab", "/getrecom"):
        response = gateway.post(
            path, content=b"\x0f\xff\xfa", headers={"Content-Type": "application/json"}
        )
        assert _error(response, 400)["code"] == "bad_request"


def test_a_body_over_the_limit_is_413(gateway: Gateway) -> None:
    huge = b'{"ratings": [' + b" " * (2 << 20) + b"]}"
    response = gateway.post(
        "/api/v1/recommendations", content=huge, headers={"Content-Type": "application/json"}
    )
    error = _error(response, 413)
    assert error["code"] == "payload_too_large"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/movies/onboarding", {"count": 0}, "query.count"),
        ("/api/v1/movies/onboarding", {"count": 51}, "query.count"),
        ("/api/v1/movies/onboarding", {"count": "many"}, "query.count"),
        ("/api/v1/movies/onboarding", {"seed": -1}, "query.seed"),
        ("/api/v1/movies/onboarding", {"seed": 2**60}, "query.seed"),
        ("/api/v1/movies/search", {}, "query.q"),
        ("/api/v1/movies/search", {"q": ""}, "query.q"),
        ("/api/v1/movies/search", {"q": "x" * 201}, "query.q"),
        ("/api/v1/movies/search", {"q": "toy", "limit": 0}, "query.limit"),
        ("/api/v1/movies/search", {"q": "toy", "limit": 51}, "query.limit"),
        ("/api/v1/movies/abc", {}, "path.movieId"),
        ("/api/v1/movies/1.5", {}, "path.movieId"),
        ("/api/v1/movies/99999999999999999999999", {}, "path.movieId"),
        ("/api/v1/movies/10", {"similar": -1}, "query.similar"),
        ("/api/v1/movies/10", {"similar": 51}, "query.similar"),
        ("/getrandom", {"count": 0}, "query.count"),
        ("/getrandom", {"count": "x"}, "query.count"),
    ],
)
def test_invalid_query_and_path_parameters_are_422(
    gateway: Gateway, path: str, params: dict[str, Any], field: str
) -> None:
    error = _error(gateway.get(path, params=params), 422)
    assert field in {d["field"] for d in error["details"]}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/getrecomcollab", {"title": "Toy Story", "rating": 4}, "body"),
        ("/getrecomcollab", [{"title": "Toy Story", "rating": 6}], "body.0.rating"),
        ("/getrecomcollab", [{"title": "Toy Story", "rating": -0.5}], "body.0.rating"),
        # Entries lacking a field are skipped (test_legacy), but what is there must be valid.
        ("/getrecomcollab", [{}, {"title": "Toy Story", "rating": 6}], "body.1.rating"),
        ("/getrecomcollab", [{"title": 7, "rating": 4}], "body.0.title"),
        ("/getrecomcollab", [{}, "Toy Story"], "body.1"),
        ("/getrecom", [{}, {"movieId": 10, "rating": "lots"}], "body.1.rating"),
        ("/getrecom", [{"movieId": -1}], "body.0.movieId"),
        ("/getrecomcollab", [{"title": "x", "rating": 4}] * 5001, "body"),
        ("/getrecom", [{"movieId": "abc", "rating": 4}], "body.0.movieId"),
        ("/getrecom", [{"movieId": 0, "rating": 4}], "body.0.movieId"),
        ("/getrecom", [{"movieId": 10, "rating": 7}], "body.0.rating"),
        ("/getrecom", "nope", "body"),
    ],
)
def test_invalid_legacy_bodies_are_422(gateway: Gateway, path: str, body: Any, field: str) -> None:
    error = _error(gateway.post(path, json=body), 422)
    assert field in {d["field"] for d in error["details"]}


def test_wrong_methods_and_unknown_paths(gateway: Gateway) -> None:
    assert _error(gateway.get("/api/v1/recommendations"), 405)["code"] == "method_not_allowed"
    assert _error(gateway.post("/api/v1/movies/search", json={}), 405)["code"] == (
        "method_not_allowed"
    )
    assert _error(gateway.get("/api/v1/nothing"), 404)["code"] == "not_found"
    assert _error(gateway.get("/"), 404)["code"] == "not_found"  # no web app configured


def test_empty_lists_are_fine(gateway: Gateway) -> None:
    for path, body in (
        ("/api/v1/recommendations", {"ratings": [], "genres": [], "exclude": []}),
        ("/getrecomcollab", []),
        ("/getrecom", []),
    ):
        response = gateway.post(path, json=body)
        assert response.status_code == 200, (path, response.text)


def test_a_stalled_body_is_408_and_closed(start_gateway: StartGateway) -> None:
    """A client that declares a body and sends half of it does not hold a connection."""
    gateway = start_gateway(body_timeout_s=0.3)
    with connect(gateway.url, timeout_s=10.0) as sock:  # the test's own deadline
        sock.sendall(
            b"POST /api/v1/recommendations HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 60\r\n\r\n"
            b'{"ratings": [{"movieId": 10,'
        )
        answer = read_response(sock)  # returns once the gateway has closed the connection
    assert answer.status == 408
    assert json.loads(answer.body)["error"]["code"] == "request_timeout"


_BODY = b'{"ratings": [{"movieId": 10, "rating": 5}]}'
_POST = "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"


@pytest.mark.parametrize(
    ("name", "head", "body"),
    [
        ("charset unknown", "Content-Type: application/json; charset=bogus\r\n", _BODY),
        ("content type garbage", "Content-Type: ;;;===\r\n", _BODY),
        ("multipart", "Content-Type: multipart/form-data; boundary=x\r\n", _BODY),
        ("gzip that is not", "Content-Type: application/json\r\nContent-Encoding: gzip\r\n", _BODY),
        (
            "request id not ascii",
            "X-Request-ID: \xff\xfe<x>\r\nContent-Type: application/json\r\n",
            _BODY,
        ),
        (
            "request id huge",
            f"X-Request-ID: {'a' * 8000}\r\nContent-Type: application/json\r\n",
            _BODY,
        ),
        ("nested 10,000 deep", "Content-Type: application/json\r\n", b"[" * 10_000 + b"]" * 10_000),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/recommendations", "/getrecom"])
def test_odd_headers_and_bodies_never_get_a_server_error(
    gateway: Gateway, name: str, head: str, body: bytes, path: str
) -> None:
    """Headers and bodies a client library would not send (sent byte for byte): whatever the
    answer, it is the client's error or a success, never ours."""
    with connect(gateway.url) as sock:
        request = _POST.format(path=path) + head + f"Content-Length: {len(body)}\r\n\r\n"
        sock.sendall(request.encode("latin-1") + body)
        answer = read_response(sock)
    assert answer.status < 500, (name, answer.status, answer.body[:300])

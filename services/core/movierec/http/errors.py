"""The one error shape every service answers with: ``{"error": {code, message, details}}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from movierec.errors import (
    InvalidRequestError,
    NotFoundError,
    RequestError,
    UnavailableError,
)
from movierec.http.context import get_request_id

#: Machine-readable codes for plain HTTP errors; services raise ApiError for their own codes.
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


#: The status of each kind of domain error (movierec.errors): the one place they meet HTTP.
_STATUS_OF: dict[type[RequestError], int] = {
    InvalidRequestError: 422,
    NotFoundError: 404,
    UnavailableError: 503,
}


class ApiError(HTTPException):
    """An HTTP error with its own code and structured details, e.g. ``413 too_many_ids``."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=message, headers=headers)
        self.code, self.message, self.details = code, message, details


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": message, "details": details}}


def error_response(
    status_code: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """An error response in the shared shape."""
    return JSONResponse(
        error_body(code, message, details), status_code=status_code, headers=headers
    )


def code_for_status(status_code: int) -> str:
    """The default code for a status: ``404`` -> ``not_found``."""
    return _CODES.get(status_code, "client_error" if status_code < 500 else "server_error")


def internal_error_body() -> dict[str, Any]:
    """What a caller learns about an unexpected failure: nothing but the id to report."""
    request_id = get_request_id()
    return error_body(
        "internal_error",
        "Internal server error; report the request id if it persists.",
        {"request_id": request_id} if request_id else None,
    )


def _field(loc: Sequence[Any]) -> str:
    """``("body", "imdbIds", 3)`` -> ``"body.imdbIds.3"``: which part of the request is wrong."""
    return ".".join(str(part) for part in loc)


async def _http_exception(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, ApiError):
        return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)
    if isinstance(exc.detail, str):
        message, details = exc.detail, None
    else:
        message, details = HTTPStatus(exc.status_code).phrase, exc.detail
    return error_response(
        exc.status_code, code_for_status(exc.status_code), message, details, exc.headers
    )


async def _request_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestError)
    status = next((s for kind, s in _STATUS_OF.items() if isinstance(exc, kind)), 400)
    headers = None
    if isinstance(exc, UnavailableError) and exc.retry_after_s is not None:
        headers = {"Retry-After": str(exc.retry_after_s)}
    return error_response(status, exc.code, exc.message, exc.details, headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # The offending input is left out on purpose: it can be large, or something secret.
    details = [
        {
            "field": _field(err.get("loc", ())),
            "message": err.get("msg", ""),
            "type": err.get("type"),
        }
        for err in exc.errors()
    ]
    fields = ", ".join(dict.fromkeys(d["field"] for d in details))
    return error_response(422, "validation_error", f"Invalid request: {fields}", details)


def install_error_handlers(app: FastAPI) -> None:
    """Render HTTP and validation errors in the shared shape (unhandled ones: see middleware)."""
    app.add_exception_handler(HTTPException, _http_exception)
    app.add_exception_handler(RequestError, _request_error)
    app.add_exception_handler(RequestValidationError, _validation_error)

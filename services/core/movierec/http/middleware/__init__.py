"""Pure ASGI middleware (no BaseHTTPMiddleware: it copies every response through a task)."""

from movierec.http.middleware.body_limit import (
    BodyLimitMiddleware,
    BodyTimeoutError,
    BodyTooLargeError,
)
from movierec.http.middleware.observe import ObserveMiddleware
from movierec.http.middleware.request_id import RequestIdMiddleware
from movierec.http.middleware.unhandled import UnhandledErrorMiddleware

__all__ = [
    "BodyLimitMiddleware",
    "BodyTimeoutError",
    "BodyTooLargeError",
    "ObserveMiddleware",
    "RequestIdMiddleware",
    "UnhandledErrorMiddleware",
]

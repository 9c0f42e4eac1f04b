"""HTTP basics every service shares: app factory, errors, request ids, JSON logs, probes.

The outbound client (``movierec.http.client``, httpx) is not imported here: only posters calls
out with it, and the other services start faster without httpx.
"""

from movierec.http.app import create_app
from movierec.http.context import REQUEST_ID_HEADER, get_request_id
from movierec.http.errors import ApiError, error_body
from movierec.http.health import Check, Readiness, ReadinessCheck
from movierec.http.json import CamelModel, json_response
from movierec.http.logs import JsonFormatter, configure_logging
from movierec.http.redact import redact, register_secret
from movierec.http.settings import ServiceSettings

__all__ = [
    "REQUEST_ID_HEADER",
    "ApiError",
    "CamelModel",
    "Check",
    "JsonFormatter",
    "Readiness",
    "ReadinessCheck",
    "ServiceSettings",
    "configure_logging",
    "create_app",
    "error_body",
    "get_request_id",
    "json_response",
    "redact",
    "register_secret",
]

"""The id of the request being served, visible to every log line and outbound call made for it."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"

#: Ids we accept from callers: short and printable, so a caller cannot forge log lines.
_VALID_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")

_request_id: ContextVar[str | None] = ContextVar("movierec_request_id", default=None)


def get_request_id() -> str | None:
    """The current request's id, or None outside a request."""
    return _request_id.get()


def set_request_id(value: str | None) -> object:
    """Make ``value`` the current id; returns a token for :func:`reset_request_id`."""
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    """Restore the id that was current before the matching :func:`set_request_id`."""
    _request_id.reset(token)  # type: ignore[arg-type]


def new_request_id() -> str:
    """A fresh random id (32 hex characters)."""
    return uuid.uuid4().hex


def accept_request_id(incoming: str | None) -> str:
    """The caller's id when it is well formed, otherwise a fresh one."""
    if incoming and _VALID_ID.fullmatch(incoming):
        return incoming
    return new_request_id()

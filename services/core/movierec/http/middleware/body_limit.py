"""Request bodies: 413 over the size limit (declared or streamed), 408 when one stalls.

A client that declares a Content-Length and then sends only part of the body would otherwise
hold its connection, and the route reading the body, for as long as it likes: the server has
no read timeout of its own once the headers are in. The whole body must arrive within
``timeout_s`` of the first read, or the request ends with 408 and the connection is closed.
"""

from __future__ import annotations

import math

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from movierec.http.errors import ApiError, error_response
from movierec.http.middleware.base import HttpMiddleware
from movierec.http.middleware.started import StartTracking


class BodyTooLargeError(ApiError):
    """Raised from ``receive`` once a streamed body passes the limit."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            413,
            "payload_too_large",
            f"Request body is larger than {max_bytes} bytes.",
            {"max_bytes": max_bytes},
        )


class BodyTimeoutError(ApiError):
    """Raised from ``receive`` when the rest of the body does not come in time."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__(
            408,
            "request_timeout",
            f"The request body did not arrive within {timeout_s:g} s.",
            {"timeout_s": timeout_s},
            # Whatever is still in flight belongs to this request: the connection cannot be
            # reused for another one.
            headers={"Connection": "close"},
        )


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware(HttpMiddleware):
    """Rejects early on a too-large Content-Length; counts streamed bytes otherwise; bounds
    the time the body takes to arrive (``timeout_s``; ``math.inf`` for no bound)."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float = math.inf) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = _content_length(scope)
        if length is not None and length > self.max_bytes:
            await self._reject(BodyTooLargeError(self.max_bytes), scope, receive, send)
            return
        received = 0
        complete = False
        deadline: float | None = None

        async def limited_receive() -> Message:
            nonlocal received, complete, deadline
            if complete:  # later reads wait for a disconnect, which may rightly take long
                return await receive()
            if deadline is None:
                deadline = anyio.current_time() + self.timeout_s
            try:
                with anyio.fail_after(max(deadline - anyio.current_time(), 0.0)):
                    message = await receive()
            except TimeoutError:
                raise BodyTimeoutError(self.timeout_s) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError(self.max_bytes)
                complete = not message.get("more_body", False)
            else:  # http.disconnect: nothing more will come
                complete = True
            return message

        tracked = StartTracking(send)
        try:
            await self.app(scope, limited_receive, tracked)
        except (BodyTooLargeError, BodyTimeoutError) as exc:
            # Raised where nobody turned it into a response (FastAPI usually does).
            if tracked.started:
                raise
            await self._reject(exc, scope, receive, send)

    @staticmethod
    async def _reject(exc: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(exc.status_code, exc.code, exc.message, exc.details)
        # The client may still be sending (413) or stalled (408); closing tells it to stop.
        response.headers["connection"] = "close"
        await response(scope, receive, send)

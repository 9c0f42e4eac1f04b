"""413 for request bodies over the limit, declared (Content-Length) or streamed (chunked)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from movierec.http.errors import ApiError, error_response


class BodyTooLargeError(ApiError):
    """Raised from ``receive`` once a streamed body passes the limit."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            413,
            "payload_too_large",
            f"Request body is larger than {max_bytes} bytes.",
            {"max_bytes": max_bytes},
        )


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    """Rejects early on a too-large Content-Length; counts streamed bytes otherwise."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length is not None and length > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError(self.max_bytes)
            return message

        async def send_tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, send_tracked)
        except BodyTooLargeError:
            # Raised where nobody turned it into a response (FastAPI usually does).
            if started:
                raise
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        exc = BodyTooLargeError(self.max_bytes)
        response = error_response(413, exc.code, exc.message, exc.details)
        # The client may still be sending; closing tells it to stop.
        response.headers["connection"] = "close"
        await response(scope, receive, send)

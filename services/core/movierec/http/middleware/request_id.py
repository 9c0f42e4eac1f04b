"""Give every request an id (the caller's ``X-Request-ID`` or a new one) and echo it back."""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from movierec.http.context import accept_request_id, reset_request_id, set_request_id
from movierec.http.middleware.base import HttpMiddleware

_HEADER = b"x-request-id"


class RequestIdMiddleware(HttpMiddleware):
    """Sets the request-id contextvar for the whole request and adds the response header."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        incoming = next((v for k, v in scope["headers"] if k == _HEADER), None)
        request_id = accept_request_id(incoming.decode("latin-1") if incoming else None)
        scope.setdefault("state", {})["request_id"] = request_id
        encoded = request_id.encode("ascii")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != _HEADER]
                headers.append((_HEADER, encoded))
                message = {**message, "headers": headers}
            await send(message)

        token = set_request_id(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            reset_request_id(token)

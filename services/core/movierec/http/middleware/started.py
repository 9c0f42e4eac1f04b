"""Whether a response has started: until then an error can still be answered in the error
shape; after it, only by dropping the connection."""

from __future__ import annotations

from starlette.types import Message, Send


class StartTracking:
    """``send`` that remembers whether ``http.response.start`` went out."""

    __slots__ = ("_send", "started")

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)

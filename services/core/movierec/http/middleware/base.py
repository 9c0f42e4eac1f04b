"""The one shape every middleware here has: pure ASGI, HTTP requests only.

Lifespan and websocket messages pass straight through, so each middleware only says what it
does to an HTTP request, in :meth:`HttpMiddleware.handle`.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer (or pass on) one HTTP request; ``self.app`` is the next layer."""
        raise NotImplementedError

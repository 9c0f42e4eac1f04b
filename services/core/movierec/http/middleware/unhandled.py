"""Turn an unexpected exception into a 500 in the shared shape, logged with its traceback."""

from __future__ import annotations

import logging

from fastapi.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from movierec.http.errors import internal_error_body
from movierec.http.middleware.base import HttpMiddleware
from movierec.http.middleware.started import StartTracking

log = logging.getLogger("movierec.http.errors")


class UnhandledErrorMiddleware(HttpMiddleware):
    """The last line of defence: the caller gets a generic message and the request id only.

    Starlette's own ServerErrorMiddleware sits outside every user middleware, so its 500 would
    miss the request-id header, the metrics and the access log; this one sits inside them.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        tracked = StartTracking(send)
        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception(
                "unhandled error", extra={"method": scope["method"], "path": scope["path"]}
            )
            if tracked.started:  # too late for a clean 500: let the server drop the connection
                raise
            await JSONResponse(internal_error_body(), status_code=500)(scope, receive, send)

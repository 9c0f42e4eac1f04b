"""Time every request: one latency observation and one access-log line each."""

from __future__ import annotations

import logging
from time import perf_counter

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from movierec.http.metrics import HttpMetrics
from movierec.http.middleware.base import HttpMiddleware

log = logging.getLogger("movierec.http.access")

#: Probes and scrapes arrive every few seconds; they are logged at DEBUG only.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
_LINE = "%s %s %d"


def route_template(scope: Scope) -> str:
    """``/v1/posters/{imdbId}`` rather than the concrete path, so metric labels stay few."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class ObserveMiddleware(HttpMiddleware):
    """Records method, route template, status and duration once the response has gone out."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        super().__init__(app)
        self.metrics = metrics

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        start = perf_counter()
        status = 500

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            elapsed = perf_counter() - start
            route = route_template(scope)
            self.metrics.observe(scope["method"], route, status, elapsed)
            path = scope["path"]
            level = logging.DEBUG if path in QUIET_PATHS else logging.INFO
            if log.isEnabledFor(level):
                method = scope["method"]
                extra = {
                    "method": method,
                    "path": path,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 3),
                }
                log.log(level, _LINE, method, path, status, extra=extra)

"""Security headers on every answer: what a browser may do with what a service sends.

Every response says ``X-Content-Type-Options: nosniff`` (a JSON error is never run as a
script), ``Referrer-Policy: no-referrer`` (poster hosts learn nothing of the page) and a
``Content-Security-Policy``: scripts, styles and fetches from the service's own origin only,
no plugins, no framing (``frame-ancestors 'none'``, with ``X-Frame-Options: DENY`` for old
browsers). Images may also come from the poster hosts a service names (``https:`` for OMDb's,
plus e.g. a local fake OMDb's origin). A route that needs more sets its own
Content-Security-Policy, which is then kept: the API docs pages do (:data:`DOCS_CSP`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from movierec.http.middleware.base import HttpMiddleware

CSP_HEADER = "Content-Security-Policy"


def _policy(directives: Mapping[str, Sequence[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def content_security_policy(image_sources: Iterable[str] = ("https:",)) -> str:
    """The policy of everything a service serves but its docs pages: the built web app (one
    module script and one stylesheet from /assets, a data: icon) and JSON."""
    return _policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:", *image_sources],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    )


#: /docs and /redoc: Swagger UI and ReDoc from /docs/static (no inline script). ReDoc injects
#: its styles as <style> elements and runs its search index in a blob: worker.
DOCS_CSP = _policy(
    {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
)


class SecurityHeadersMiddleware(HttpMiddleware):
    """Adds the headers above to every response that does not set them itself."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        super().__init__(app)
        self.headers: list[tuple[bytes, bytes]] = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (CSP_HEADER.lower().encode(), csp.encode()),
        ]

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in self.headers if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_secured)

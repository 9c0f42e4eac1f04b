"""/docs (Swagger UI) and /redoc (ReDoc), from files the service itself serves.

FastAPI's default pages load Swagger UI and ReDoc from a CDN (and a favicon and Google Fonts
from elsewhere), so the docs break offline and every visit tells third parties about it. Here
the pinned files vendored in ``docs_assets/`` (``scripts/docs_assets.py``, ``PINNED.json``)
are served under ``/docs/static/``, and the pages are our own HTML with no inline script, so
they run under a strict Content-Security-Policy (:data:`movierec.http.security.DOCS_CSP`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from movierec.http.errors import ApiError
from movierec.http.security import CSP_HEADER, DOCS_CSP

ASSETS = Path(__file__).with_name("docs_assets")
STATIC_PREFIX = "/docs/static"
#: What /docs/static serves (nothing else of the directory, and never a source map).
MEDIA_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-init.js": "text/javascript",
    "redoc.standalone.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "docs.css": "text/css",
    "favicon-32x32.png": "image/png",
}
#: The vendored files change only with a new pin (and then their names' contents change
#: under the same name), so caches keep them for a day, not for good.
_CACHE = "public, max-age=86400"


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" type="image/png" href="{STATIC_PREFIX}/favicon-32x32.png">
<link rel="stylesheet" href="{STATIC_PREFIX}/docs.css">
{head}
</head>
<body>
{body}
</body>
</html>
"""
    return HTMLResponse(html, headers={CSP_HEADER: DOCS_CSP, "Cache-Control": "no-cache"})


def docs_router(title: str, openapi_url: str) -> APIRouter:
    """The two docs pages and their static files, for the app titled ``title``."""
    router = APIRouter(include_in_schema=False)

    def spec_url(request: Request) -> str:
        return escape(request.scope.get("root_path", "").rstrip("/") + openapi_url)

    @router.get("/docs")
    async def swagger_ui(request: Request) -> HTMLResponse:
        return _page(
            f"{title} - Swagger UI",
            f'<link rel="stylesheet" href="{STATIC_PREFIX}/swagger-ui.css">',
            f'<div id="swagger-ui" data-openapi-url="{spec_url(request)}"></div>\n'
            f'<script src="{STATIC_PREFIX}/swagger-ui-bundle.js"></script>\n'
            f'<script src="{STATIC_PREFIX}/swagger-init.js"></script>',
        )

    @router.get("/redoc")
    async def redoc(request: Request) -> HTMLResponse:
        return _page(
            f"{title} - ReDoc",
            "",
            f'<redoc spec-url="{spec_url(request)}"></redoc>\n'
            f'<script src="{STATIC_PREFIX}/redoc.standalone.js"></script>',
        )

    @router.get(STATIC_PREFIX + "/{name}")
    async def static(name: str) -> FileResponse:
        media_type = MEDIA_TYPES.get(name)
        if media_type is None:
            raise ApiError(404, "not_found", "No such docs file.")
        return FileResponse(ASSETS / name, media_type=media_type, headers={"Cache-Control": _CACHE})

    return router

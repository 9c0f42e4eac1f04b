"""The built web app at ``/``: files as they are, index.html for client-side routes.

It answers only what routing did not: a GET that matched no route. So it can never shadow
a route (a wrong method stays 405, a bad parameter 422), and paths under the API, the docs,
the probes and the legacy routes stay 404 in the error shape rather than the app's HTML, as
do missing files (a last segment with an extension) and anything outside the web directory.

Paths are untrusted text: one the file system cannot even look up (a NUL byte, a name over
255 bytes), with control characters, bytes that were not UTF-8, or ``.``/``..`` segments is
no file and no page of the app, so it is a 404, never a 500 with a traceback. Source maps
and dotfiles are never served, even when a build left them in the directory.
"""

from __future__ import annotations

import inspect
import unicodedata
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from movierec.http import ApiError

#: First path segments that never fall back to the web app.
RESERVED = frozenset(
    {
        "api",
        "docs",
        "redoc",
        "openapi.json",
        "healthz",
        "readyz",
        "metrics",
        "getrandom",
        "getrecom",
        "getrecomcollab",
    }
)
#: Vite puts content-hashed bundles here: safe to cache for good.
_HASHED_DIR = "assets"
#: Longest file name Linux file systems take, in bytes: a longer segment names nothing.
_NAME_MAX = 255


#: Never served: what would hand out the page's source, or was not meant to be published.
_HIDDEN_SUFFIXES = (".map",)


def _plain(path: str) -> bool:
    """A path the app could have made: no control or invisible format characters, no U+FFFD
    (bytes that were not UTF-8), no empty-name tricks like ``.``, ``..`` or dotfiles."""
    if any(c == "\ufffd" or unicodedata.category(c).startswith("C") for c in path):
        return False
    return not any(segment.startswith(".") for segment in path.split("/"))


def _existing_file(root: Path, path: str) -> Path | None:
    """``root/path`` when it is a file inside ``root``; None for anything else, including a
    path the file system refuses to look up (too long a name, say)."""
    try:
        target = (root / path).resolve()
        inside = target.is_relative_to(root) and target.is_file()
    except (OSError, ValueError):
        return None
    return target if inside else None


def _web_file(root: Path, path: str) -> tuple[Path, str] | None:
    """The file to send for ``path`` and its Cache-Control, or None for a 404."""
    first = path.split("/", 1)[0]
    if first in RESERVED or not _plain(path) or path.endswith(_HIDDEN_SUFFIXES):
        return None
    target = _existing_file(root, path) if path else None
    if target is not None:
        hashed = first == _HASHED_DIR
        return target, "public, max-age=31536000, immutable" if hashed else "public, max-age=300"
    last = path.rsplit("/", 1)[-1]
    if "." in last or len(last.encode()) > _NAME_MAX:  # no file: no HTML in its place
        return None
    return root / "index.html", "no-cache"


def install_web_app(app: FastAPI, web_dir: Path) -> None:
    """Serve ``web_dir`` for GETs that no route answered; other 404s keep the error shape."""
    root = web_dir.resolve()
    error_handler = app.exception_handlers[HTTPException]

    async def not_found(request: Request, exc: Exception) -> Response:
        routed_404 = isinstance(exc, HTTPException) and not isinstance(exc, ApiError)
        if routed_404 and request.method in ("GET", "HEAD"):
            found = _web_file(root, request.url.path.lstrip("/"))
            if found is not None:
                file, cache = found
                return FileResponse(file, headers={"Cache-Control": cache})
        response = error_handler(request, exc)  # the shared error shape
        return await response if inspect.isawaitable(response) else response

    app.add_exception_handler(404, not_found)

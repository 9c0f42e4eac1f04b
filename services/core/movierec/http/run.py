"""``python -m movierec_<service>``: every service runs under uvicorn the same way."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from movierec.http.settings import ServiceSettings


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Serve ``app`` on the configured host and port until stopped.

    ``log_config=None``: the app writes JSON logs itself, uvicorn's lines included.
    ``server_header=False``: no ``server: uvicorn`` banner telling scanners what to try.
    ``timeout_keep_alive``: see ``keep_alive_s`` (uvicorn's 5 s races httpx's 5 s pool expiry).
    """
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        server_header=False,
        timeout_keep_alive=settings.keep_alive_s,
    )

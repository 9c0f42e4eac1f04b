"""``python -m movierec_<service>``: uvicorn on the service's host and port."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from movierec.http.settings import ServiceSettings


def run_backend(app: FastAPI, settings: ServiceSettings) -> None:
    """Serve ``app`` until stopped. A service that cannot load its data or model yet stays
    up, not ready, and keeps trying (see movierec.serving.store)."""
    uvicorn.Server(
        # server_header=False: no `server: uvicorn` banner telling scanners what to try.
        uvicorn.Config(
            app, host=settings.host, port=settings.port, log_config=None, server_header=False
        )
    ).run()

"""``python -m movierec_<service>``: uvicorn, and exit code 1 when the model cannot load."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from movierec.http.settings import ServiceSettings
from movierec.serving.store import ModelStore


def run_backend(app: FastAPI, settings: ServiceSettings) -> None:
    """Serve ``app`` until stopped; a start-up failure (no data, broken artifact) ends the
    process with exit code 1 instead of leaving it alive and never ready."""
    server = uvicorn.Server(
        # server_header=False: no `server: uvicorn` banner telling scanners what to try.
        uvicorn.Config(
            app, host=settings.host, port=settings.port, log_config=None, server_header=False
        )
    )
    store: ModelStore = app.state.models

    def stop() -> None:
        server.should_exit = True

    store.on_fatal = stop
    server.run()
    if store.error is not None:
        raise SystemExit(1)

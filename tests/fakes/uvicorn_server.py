"""Serve an ASGI app with uvicorn in a background thread: real HTTP on loopback."""

from __future__ import annotations

import threading
import time

import uvicorn
from starlette.types import ASGIApp

from tests.fakes.ports import bound_socket


class UvicornThread:
    """``with UvicornThread(app) as server: httpx.get(server.url + "/healthz")``."""

    def __init__(self, app: ASGIApp) -> None:
        self._socket = bound_socket()
        self.port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(app, log_config=None, lifespan="on", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 10.0) -> UvicornThread:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start (see the log above)")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> UvicornThread:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

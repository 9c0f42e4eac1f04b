"""``python -m movierec_gateway``: serve on the configured host and port."""

from __future__ import annotations

import uvicorn

from movierec_gateway.app import create_app
from movierec_gateway.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    # log_config=None: the app writes JSON logs itself, uvicorn's lines included.
    # server_header=False: no `server: uvicorn` banner telling scanners what to try.
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        server_header=False,
    )


if __name__ == "__main__":
    main()

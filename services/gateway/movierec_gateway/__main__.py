"""``python -m movierec_gateway``: serve on the configured host and port."""

from __future__ import annotations

from movierec.http.run import serve
from movierec_gateway.app import create_app
from movierec_gateway.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()

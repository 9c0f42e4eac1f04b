"""``python -m movierec_posters``: serve on the configured host and port."""

from __future__ import annotations

from movierec.http.run import serve
from movierec_posters.app import create_app
from movierec_posters.settings import PostersSettings


def main() -> None:
    settings = PostersSettings()
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()

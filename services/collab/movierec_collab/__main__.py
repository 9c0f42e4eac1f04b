"""``python -m movierec_collab`` and ``movierec serve collab``: serve on the configured address."""

from movierec.serving.main import serve_backend


def main() -> None:
    serve_backend("collab")


if __name__ == "__main__":
    main()

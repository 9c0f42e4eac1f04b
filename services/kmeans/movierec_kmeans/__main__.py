"""``python -m movierec_kmeans`` and ``movierec serve kmeans``: serve on the configured address."""

from movierec.serving.main import serve_backend


def main() -> None:
    serve_backend("kmeans")


if __name__ == "__main__":
    main()

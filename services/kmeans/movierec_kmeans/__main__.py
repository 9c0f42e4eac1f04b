"""``python -m movierec_kmeans``: serve on the configured host and port."""

from __future__ import annotations


def main() -> None:
    # Before numpy loads: one BLAS thread per request suits a service answering many at once.
    from movierec.serving.threads import pin_blas_threads

    pin_blas_threads("MOVIEREC_KMEANS_")

    from movierec.http.run import serve
    from movierec_kmeans.app import create_app
    from movierec_kmeans.settings import KMeansSettings

    settings = KMeansSettings()
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()

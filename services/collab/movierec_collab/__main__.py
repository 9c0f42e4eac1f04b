"""``python -m movierec_collab``: serve on the configured host and port."""

from __future__ import annotations


def main() -> None:
    # Before numpy loads: one BLAS thread per request suits a service answering many at once.
    from movierec.serving.threads import pin_blas_threads

    pin_blas_threads("MOVIEREC_COLLAB_")

    from movierec.http.run import serve
    from movierec_collab.app import create_app
    from movierec_collab.settings import CollabSettings

    settings = CollabSettings()
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()

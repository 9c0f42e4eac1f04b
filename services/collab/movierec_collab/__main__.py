"""``python -m movierec_collab``: serve on the configured host and port."""

from movierec.serving.main import serve_backend

if __name__ == "__main__":
    serve_backend("collab")

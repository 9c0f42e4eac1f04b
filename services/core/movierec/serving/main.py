"""``python -m movierec_collab`` and ``python -m movierec_kmeans``: one way to start a backend.

BLAS thread variables only count before numpy loads, so they are set first and the service's
app module (which loads numpy) is imported after.
"""

from __future__ import annotations

import importlib


def serve_backend(service: str) -> None:
    """Serve ``movierec_<service>.app:app`` on its configured host and port until stopped."""
    from movierec.serving.threads import pin_blas_threads

    pin_blas_threads(f"MOVIEREC_{service.upper()}_")

    from movierec.http.run import serve

    app = importlib.import_module(f"movierec_{service}.app").app
    serve(app, app.state.models.settings)

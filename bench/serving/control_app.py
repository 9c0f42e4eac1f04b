"""The control of the serving benchmark: a bare FastAPI app that burns a set amount of CPU.

It answers the collab service's request body with ``MOVIEREC_CONTROL_UNITS`` scoring passes
shaped like EASE's (gather the rated rows of a dense item-item matrix, weight and sum them,
take the top 20), and nothing else: no middleware, no logs, no metrics, no second hop. Paced
like the services, at a few work sizes, it shows the latency tail this machine gives *any*
Python web service that needs that much CPU per request, so the services' tails can be read
against it (docs/benchmarks.md, "What this machine allows").

Run: ``python -m uvicorn --factory bench.serving.control_app:from_env`` (the benchmark does).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
from fastapi import FastAPI, Response
from pydantic import BaseModel, ConfigDict

from movierec.stack import Part

REPO = Path(__file__).resolve().parents[2]
#: Side of the item-item matrix: about the movies EASE models on ml-latest-small.
SIZE = 5000
TOP = 20


class Rating(BaseModel):
    movieId: int
    rating: float


class Body(BaseModel):
    """The body collab takes; fields it has and this app does not use are ignored."""

    model_config = ConfigDict(extra="ignore")
    ratings: list[Rating]


def _score(weights: np.ndarray, rows: np.ndarray, given: np.ndarray) -> bytes:
    """One pass: numpy for the scores, Python for the answer, as a service's request mixes them."""
    scores = given @ weights[rows]
    top = np.argpartition(-scores, TOP)[:TOP]
    top = top[np.argsort(-scores[top])]
    items = [{"movieId": int(i), "score": round(float(scores[i]), 6)} for i in top]
    return json.dumps({"items": items}).encode()


def build(units: int, size: int = SIZE) -> FastAPI:
    """The app; every request makes ``units`` scoring passes over a ``size``-square matrix."""
    weights = np.random.default_rng(0).random((size, size), dtype=np.float32)
    app = FastAPI(title="serving benchmark control", openapi_url=None)

    @app.get("/healthz")
    async def healthz() -> dict[str, int]:
        return {"units": units}

    @app.post("/v1/recommend")
    async def recommend(body: Body) -> Response:
        rows = np.fromiter((r.movieId % size for r in body.ratings), dtype=np.int64)
        given = np.fromiter((r.rating for r in body.ratings), dtype=np.float32)
        answer = b'{"items":[]}'
        for _ in range(units):
            answer = _score(weights, rows, given)
        return Response(answer, media_type="application/json")

    return app


def from_env() -> FastAPI:
    """The app uvicorn's ``--factory`` builds, sized by ``MOVIEREC_CONTROL_UNITS``."""
    return build(int(os.environ.get("MOVIEREC_CONTROL_UNITS", "1")))


def part(units: int, port: int, log: Path) -> Part:
    """The control served by uvicorn on loopback ``port``, ready once ``/healthz`` answers."""
    argv = [
        sys.executable, "-m", "uvicorn", "--factory", "bench.serving.control_app:from_env",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    env = {**os.environ, "MOVIEREC_CONTROL_UNITS": str(units), "PYTHONPATH": str(REPO)}
    return Part("control", argv, env, f"http://127.0.0.1:{port}/healthz", log)

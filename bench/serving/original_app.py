"""The original-style service the benchmark compares against: everything per request, in one go.

This mirrors how the system this project grew from served recommendations, on purpose: one
uvicorn worker, each request matches movies by title with a pandas scan of the movies frame,
runs user-user Pearson over the whole ratings frame (:class:`OriginalUserPearson`, the
evaluation's peer), then fetches each poster from OMDb one by one with no cache. Its slowness
is the baseline, so do not optimise it.

Run: ``python -m bench.serving.original_app --data DIR --port P --omdb-url URL --omdb-key K``.
"""

from __future__ import annotations

import argparse
from typing import Any

import httpx
import numpy as np
import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from movierec.data.dataset import Dataset
from movierec.data.sources import load_dataset
from movierec.evaluation.original_pearson import OriginalUserPearson


class OriginalRating(BaseModel):
    """One entry of the original client's list: a title (or a movieId) and a rating."""

    title: str | None = None
    movieId: int | None = None
    rating: float = Field(ge=0.0, le=5.0)


def match_titles(dataset: Dataset, entries: list[OriginalRating]) -> tuple[np.ndarray, np.ndarray]:
    """Columns and ratings of the entries whose title (or id) is in the movies frame."""
    movies = dataset.movies
    lowered = movies["display_title"].str.lower()
    columns: list[int] = []
    values: list[float] = []
    for entry in entries:  # one frame scan per entry, as the original did
        if entry.movieId is not None:
            hits = np.flatnonzero((movies["movieId"] == entry.movieId).to_numpy())
        elif entry.title is not None:
            hits = np.flatnonzero((lowered == entry.title.strip().lower()).to_numpy())
        else:
            raise HTTPException(422, "each entry needs a title or a movieId")
        columns.extend(int(h) for h in hits)
        values.extend(max(entry.rating, 0.5) for _ in hits)
    return np.asarray(columns, dtype=np.int64), np.asarray(values, dtype=np.float32)


def create_app(dataset: Dataset, omdb_url: str, omdb_key: str, limit: int = 20) -> FastAPI:
    model = OriginalUserPearson().fit(dataset.ratings)
    omdb = httpx.Client(base_url=omdb_url, timeout=5.0)
    app = FastAPI(title="original-style movierec")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/getrecomcollab")
    def recommend(body: list[OriginalRating]) -> list[dict[str, Any]]:
        """Top movies for the rated titles, each with its poster looked up on OMDb."""
        columns, values = match_titles(dataset, body)
        picked = model.recommend(columns, values, n=limit).items
        answer = []
        for movie in dataset.describe(picked):
            poster = None
            if movie["imdbId"]:
                found = omdb.get("/", params={"i": movie["imdbId"], "apikey": omdb_key}).json()
                poster = found.get("Poster") if found.get("Response") == "True" else None
            answer.append(
                {
                    "movieId": movie["movieId"],
                    "title": movie["title"],
                    "imageurl": poster,
                    "year": movie["year"],
                }
            )
        return answer

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", required=True, help="MovieLens data source.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--omdb-url", required=True)
    parser.add_argument("--omdb-key", required=True)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)
    app = create_app(load_dataset(args.data), args.omdb_url, args.omdb_key, args.limit)
    uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level="warning")


if __name__ == "__main__":
    main()

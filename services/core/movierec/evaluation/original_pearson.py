"""The original system's collaborative filtering, kept as a peer: pandas over the whole frame.

Per request it joins the new user's ratings with every training rating, computes Pearson
correlation over co-rated movies per training user, keeps the 50 most correlated users and
predicts each movie's rating as the correlation-weighted mean of their ratings. No caching,
no shrinkage: this is the baseline the project's vectorised ``userpearson`` model replaces,
and the per-request cost is part of what the comparison measures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pydantic import Field

from movierec.recommender import ModelParams, Recommender


class OriginalUserPearsonParams(ModelParams):
    neighbours: int = Field(50, ge=1)


class OriginalUserPearson(Recommender):
    algorithm = "original-userpearson"
    Params = OriginalUserPearsonParams

    def _fit(self, ratings: sp.csr_matrix) -> None:
        coo = ratings.tocoo()
        self.frame = pd.DataFrame({"user": coo.row, "movie": coo.col, "rating": coo.data})

    def _scores(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray | None:
        new = pd.DataFrame({"movie": items, "mine": ratings.astype(np.float64)})
        co = self.frame.merge(new, on="movie")
        co["xy"] = co["rating"] * co["mine"]
        co["xx"] = co["rating"] ** 2
        co["yy"] = co["mine"] ** 2
        g = co.groupby("user").agg(
            n=("movie", "size"),
            sx=("rating", "sum"),
            sy=("mine", "sum"),
            sxy=("xy", "sum"),
            sxx=("xx", "sum"),
            syy=("yy", "sum"),
        )
        num = g["sxy"] - g["sx"] * g["sy"] / g["n"]
        den = np.sqrt((g["sxx"] - g["sx"] ** 2 / g["n"]) * (g["syy"] - g["sy"] ** 2 / g["n"]))
        g["sim"] = (num / den).replace([np.inf, -np.inf], np.nan)
        top = g["sim"].dropna().nlargest(int(self.params["neighbours"]))
        top = top[top > 0]
        if top.empty:
            return None
        theirs = self.frame[self.frame["user"].isin(top.index)].copy()
        theirs["sim"] = theirs["user"].map(top)
        theirs["weighted"] = theirs["sim"] * theirs["rating"]
        by_movie = theirs.groupby("movie")[["weighted", "sim"]].sum()
        predicted = by_movie["weighted"] / by_movie["sim"]
        scores = np.full(self.n_items, -np.inf)
        scores[predicted.index.to_numpy()] = predicted.to_numpy()
        return scores

    def _get_state(self) -> dict[str, np.ndarray]:
        return {
            "user": self.frame["user"].to_numpy(),
            "movie": self.frame["movie"].to_numpy(),
            "rating": self.frame["rating"].to_numpy(),
        }

    def _set_state(self, state: dict[str, np.ndarray]) -> None:
        self.frame = pd.DataFrame({k: state[k] for k in ("user", "movie", "rating")})

"""Every model by name, imported lazily so an image only needs its own model's dependencies."""

from __future__ import annotations

import importlib

from movierec.recommender import Recommender

MODELS: dict[str, str] = {
    "popularity": "movierec.recommender:Popularity",
    "ease": "movierec_collab.models.ease:EASE",
    "als": "movierec_collab.models.als:ALS",
    "itemknn": "movierec_collab.models.itemknn:ItemKNN",
    "userpearson": "movierec_collab.models.userpearson:UserPearson",
    "kmeans": "movierec_kmeans.model:KMeansRecommender",
}

#: Model used for each algorithm family when the request names none.
DEFAULTS: dict[str, str] = {"collab": "ease", "kmeans": "kmeans"}


class UnknownModelError(ValueError):
    pass


def model_class(name: str) -> type[Recommender]:
    """The Recommender subclass registered as ``name``."""
    try:
        module_name, attr = MODELS[name].split(":")
    except KeyError:
        raise UnknownModelError(
            f"unknown model {name!r}; choose one of {', '.join(sorted(MODELS))}"
        ) from None
    cls: object = getattr(importlib.import_module(module_name), attr)
    if not (isinstance(cls, type) and issubclass(cls, Recommender)):
        raise TypeError(f"{MODELS[name]} is not a Recommender")
    return cls
